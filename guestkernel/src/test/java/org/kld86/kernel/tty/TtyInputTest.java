package org.kld86.kernel.tty;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.kld86.emulator.Machine;
import org.kld86.emulator.MachineConfig;
import org.kld86.kernel.Kernel;
import org.kld86.kernel.KernelOptions;
import org.kld86.kernel.malloc.MallocFlags;

class TtyInputTest {

    private final Machine machine = new Machine(MachineConfig.builder().clearDevices().build());
    private final Kernel kernel = Kernel.boot(machine, KernelOptions.defaults());
    private final long ring = kernel.malloc().malloc(16, kernel.malloc().M_TEMP, MallocFlags.M_WAITOK);
    private final TtyInput in = new TtyInput(kernel.memory(), ring, 8);

    @AfterEach
    void tearDown() {
        kernel.shutdown();
    }

    private void type(String s) {
        for (char c : s.toCharArray()) {
            assertTrue(in.put(c));
        }
    }

    private String read(TtyInput.Span s) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            sb.append((char) kernel.memory().read8(in.va(s.position() + i)));
        }
        return sb.toString();
    }

    @Test
    void onlyCompleteLinesAreReadableAndOneAtATime() {
        type("ab");
        assertNull(in.nextLine(100));
        assertEquals(0, in.readable(true));
        assertEquals(2, in.readable(false));
        assertTrue(in.putEnd('\n'));
        type("c");
        in.putEnd('\n');
        assertEquals(5, in.readable(true));
        TtyInput.Span s = in.nextLine(100);
        assertEquals("ab\n", read(s));
        in.consume(s, in.generation(), true);
        assertEquals("c\n", read(in.nextLine(100)));
    }

    @Test
    void aPartialReadLeavesTheRestOfTheLine() {
        type("abcd");
        in.putEnd('\n');
        TtyInput.Span s = in.nextLine(2);
        assertEquals("ab", read(s));
        in.consume(s, in.generation(), true);
        assertEquals("cd\n", read(in.nextLine(100)));
    }

    @Test
    void anEndOfFileAfterALineIsKeptForTheNextRead() {
        type("x");
        in.putEnd('\n');
        in.endOfFile();
        TtyInput.Span s = in.nextLine(100);
        in.consume(s, in.generation(), true);
        TtyInput.Span eof = in.nextLine(100);
        assertTrue(eof.eof());
        assertEquals(0, eof.length());
        in.consume(eof, in.generation(), true);
        assertNull(in.nextLine(100));
    }

    @Test
    void oneByteIsKeptForTheNewlineAndTheRingWraps() {
        type("1234567");
        assertFalse(in.put('8'), "the last byte is the newline's");
        assertTrue(in.putEnd('\n'));
        TtyInput.Span s = in.nextLine(100);
        in.consume(s, in.generation(), true);
        type("abcde");
        in.putEnd('\n');
        assertEquals("abcde\n", read(in.nextLine(100)), "written across the ring's end");
    }

    @Test
    void eraseWorksOnTheEditedLineOnly() {
        type("ab");
        in.putEnd('\n');
        type("c");
        assertEquals('c', in.unput());
        assertEquals(-1, in.unput(), "the completed line is out of reach");
        assertEquals(0, in.editLength());
    }

    @Test
    void aFlushDuringAReadKeepsTheReaderFromConsumingAgain() {
        type("ab");
        in.putEnd('\n');
        TtyInput.Span s = in.nextLine(100);
        long seen = in.generation();
        in.flush();
        type("z");
        in.putEnd('\n');
        in.consume(s, seen, true);
        assertEquals("z\n", read(in.nextLine(100)), "the stale read did not eat the new line");
    }
}
