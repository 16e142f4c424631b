package org.kld86.kernel.tty;

import static org.junit.jupiter.api.Assertions.*;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.kld86.emulator.Machine;
import org.kld86.emulator.MachineConfig;
import org.kld86.kernel.Kernel;
import org.kld86.kernel.KernelOptions;
import org.kld86.kernel.malloc.MallocFlags;

/** The line discipline by itself: characters in, what it echoes, stores and signals. */
class LineDisciplineTest {

    private final Machine machine = new Machine(MachineConfig.builder().clearDevices().build());
    private final Kernel kernel = Kernel.boot(machine, KernelOptions.defaults());
    private final Termios termios = new Termios();
    private final TtyInput input = new TtyInput(kernel.memory(),
            kernel.malloc().malloc(16, kernel.malloc().M_TEMP, MallocFlags.M_WAITOK), 8);
    private final StringBuilder wire = new StringBuilder();
    private final List<Integer> signals = new ArrayList<>();
    private int wakeups;
    private final LineDiscipline disc = new LineDiscipline(termios, input, new LineDiscipline.Hooks() {
        @Override
        public void transmit(int c) {
            wire.append((char) c);
        }

        @Override
        public void readable() {
            wakeups++;
        }

        @Override
        public void signal(int signal) {
            signals.add(signal);
        }
    });

    @AfterEach
    void tearDown() {
        kernel.shutdown();
    }

    private void rint(String s) {
        for (char c : s.toCharArray()) {
            disc.rint(c);
        }
    }

    @Test
    void aCarriageReturnEndsTheLineAsANewline() {
        rint("hi\r");
        assertEquals(3, input.readable(true));
        assertEquals("hi\r\n", wire.toString(), "echoed as CR NL");
        assertEquals(1, wakeups);
        termios.iflag |= Termios.IGNCR;
        rint("\r");
        assertEquals(3, input.readable(true), "IGNCR drops it");
    }

    @Test
    void interruptAndQuitFlushEchoAndSignal() {
        rint("abc\u0003");
        assertEquals(List.of(2), signals);
        assertEquals(0, input.used(), "flushed");
        assertEquals("abc^C", wire.toString());
        rint("\u001c");
        assertEquals(List.of(2, 3), signals, "^\\ is SIGQUIT");
        termios.lflag |= Termios.NOFLSH;
        rint("x\u0003");
        assertEquals(1, input.used(), "NOFLSH keeps the queue");
        termios.lflag &= ~Termios.ISIG;
        rint("\u0003");
        assertEquals(List.of(2, 3, 2), signals, "without ISIG ^C is an ordinary character");
    }

    @Test
    void withoutIcanonEveryByteIsReadableAtOnceAndEraseIsData() {
        termios.lflag &= ~Termios.ICANON;
        rint("a\u007f");
        assertEquals(2, input.readable(false));
        assertEquals(2, wakeups);
    }

    @Test
    void aFullQueueRingsTheBell() {
        rint("1234567");
        wire.setLength(0);
        rint("8");
        assertEquals("\u0007", wire.toString(), "IMAXBEL");
        rint("\n");
        assertEquals(8, input.readable(true), "the newline still fits");
    }

    @Test
    void eraseWithoutEchoeEchoesTheEraseCharacter() {
        termios.lflag &= ~Termios.ECHOE;
        rint("ab\u007f");
        assertEquals("ab^?", wire.toString());
    }

    @Test
    void killWithoutEchokeEchoesItAndANewlineWithEchok() {
        termios.lflag &= ~Termios.ECHOKE;
        termios.lflag |= Termios.ECHOK;
        rint("ab\u0015");
        assertEquals("ab^U\r\n", wire.toString());
        assertEquals(0, input.editLength());
    }

    @Test
    void echonlEchoesNewlinesEvenWithEchoOff() {
        termios.lflag &= ~Termios.ECHO;
        termios.lflag |= Termios.ECHONL;
        rint("ab\n");
        assertEquals("\r\n", wire.toString());
    }

    @Test
    void outputProcessingCanBeTurnedOff() {
        termios.oflag &= ~Termios.OPOST;
        disc.output("a\nb");
        assertEquals("a\nb", wire.toString());
    }
}
