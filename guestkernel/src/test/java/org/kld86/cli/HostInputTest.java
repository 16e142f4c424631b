package org.kld86.cli;

import static org.junit.jupiter.api.Assertions.*;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.kld86.emulator.Machine;
import org.kld86.emulator.MachineConfig;

class HostInputTest {

    private final Machine machine = new Machine(MachineConfig.defaults());
    private int flushes;

    @Test
    void aStreamIsReadOnlyWhenTheGuestFirstWaitsAndThenEndsWithEndOfFile() {
        int[] reads = {0};
        InputStream in = new ByteArrayInputStream("abc".getBytes(StandardCharsets.ISO_8859_1)) {
            @Override
            public byte[] readAllBytes() {
                reads[0]++;
                return super.readAllBytes();
            }
        };
        boolean[] readerWaiting = {false};
        HostInput h = HostInput.stream(machine.console(), in, () -> readerWaiting[0], () -> flushes++);
        assertFalse(h.poll());
        assertEquals(0, reads[0], "not read before the guest waits");
        assertTrue(h.await());
        assertEquals(1, reads[0]);
        assertEquals(3, machine.console().pendingInput(), "abc went down the line");
        assertTrue(h.await());
        assertEquals(5, machine.console().pendingInput(), "no newline at the end: two ^D, one for the line, one for EOF");
        assertFalse(h.await(), "the end: with no reader waiting, an idle machine is a deadlock again");
        readerWaiting[0] = true;
        assertTrue(h.await(), "a reader at the end gets an end of file");
        assertEquals(6, machine.console().pendingInput());
        assertEquals(1, reads[0]);
        assertEquals(4, flushes, "the output is flushed each time the guest waits");
    }

    @Test
    void keyboardLinesWaitInTheirQueueUntilTheGuestTakesThem() {
        boolean[] readerWaiting = {false};
        HostInput h = HostInput.keyboard(machine.console(), () -> readerWaiting[0], () -> flushes++);
        assertFalse(h.poll());
        h.send("ls\r".getBytes(StandardCharsets.ISO_8859_1));
        assertTrue(h.poll());
        assertEquals(3, machine.console().pendingInput());
        h.end();
        assertFalse(h.await(), "the terminal went away and nobody reads the console: a deadlock is a deadlock");
        assertFalse(h.poll());
        readerWaiting[0] = true;
        assertTrue(h.await(), "a reader of the console gets an end of file");
        assertEquals(4, machine.console().pendingInput());
    }
}
