package org.kld86.kernel.tty;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.kld86.emulator.Machine;
import org.kld86.emulator.MachineConfig;
import org.kld86.kernel.Kernel;
import org.kld86.kernel.KernelOptions;
import org.kld86.kernel.KernelPanic;
import org.kld86.kernel.fs.File;
import org.kld86.kernel.fs.Stat;
import org.kld86.kernel.proc.Proc;
import org.kld86.kernel.proc.ProcTable;
import org.kld86.kernel.proc.Scheduler;
import org.kld86.kernel.proc.Ucred;

/**
 * The console tty end to end: bytes the host sends down COM1 arrive one character time apart, raise IRQ 4, go
 * through the line discipline, and reach a user program's read(2); what programs write goes back out with CR NL.
 */
class ConsoleTtyTest {

    private final StringBuilder wire = new StringBuilder();
    private final Machine machine = new Machine(MachineConfig.defaults());
    private final Kernel kernel;
    private final ConsoleTty tty;
    private final int bootMark;

    ConsoleTtyTest() {
        machine.setConsoleOutput(b -> wire.append((char) b));
        kernel = Kernel.boot(machine, KernelOptions.defaults());
        tty = kernel.consoleTty();
        kernel.procs().setExecutableReader(path -> switch (path) {
            case "/bin/sh" -> program("StandInSh");
            case "/bin/lineecho" -> program("LineEcho");
            case "/bin/rawread" -> program("RawRead");
            default -> null;
        });
        bootMark = wire.length();
    }

    private static byte[] program(String name) {
        return ("#!program org.kld86.userland.test." + name + "\n").getBytes(StandardCharsets.ISO_8859_1);
    }

    @AfterEach
    void tearDown() {
        kernel.shutdown();
    }

    /** What went out on the wire since boot. */
    private String wire() {
        return wire.substring(bootMark);
    }

    private void type(String s) {
        machine.console().receive(s.getBytes(StandardCharsets.ISO_8859_1));
    }

    private File console(int flags) {
        int[] err = {0};
        File f = kernel.vfs().calls().open(Ucred.root(), kernel.vfs().root(), "/dev/console", flags - 1, 0, err);
        assertNotNull(f, "open /dev/console: " + err[0]);
        return f;
    }

    /** Starts {@code argv} on the console (fds 0, 1, 2) as the host starts process 1, and waits for it. */
    private int run(int fileFlags, String... argv) {
        int pid = kernel.procs().spawn(null, argv[0], List.of(argv), List.of("HOME=/root"), fd -> {
            for (int i = 0; i < 3; i++) {
                fd.install(console(fileFlags));
            }
        }, Ucred.root(), tty);
        assertTrue(pid > 0, "spawn " + pid);
        return kernel.procs().waitDetached(kernel.procs().find(pid));
    }

    private int run(String... argv) {
        return run(File.FREAD | File.FWRITE, argv);
    }

    @Test
    void attachingSaysSoAndTheConsoleNodesExist() {
        assertTrue(kernel.console().dmesg().contains("uart0: <16550 or compatible> port 0x3f8-0x3ff irq 4 on isa0\n"
                + "uart0: console (115200,n,8,1)\n"));
        assertTrue(kernel.devices().devfs().exists("console") && kernel.devices().devfs().exists("ttyu0"));
        Stat sb = new Stat();
        console(File.FREAD).ops.stat(console(File.FREAD), sb);
        assertEquals(Stat.S_IFCHR | 0600, sb.mode);
    }

    @Test
    void canonicalInputIsReadALineAtATimeWithEchoAndCrNlOnTheWire() {
        type("hello\nworld\n\u0004");
        assertEquals(0, run("/bin/lineecho"));
        assertEquals("hello\r\ngot:hello\r\nworld\r\ngot:world\r\neof\r\n", wire());
    }

    @Test
    void eraseTakesBackACharacterAndShowsIt() {
        type("hx\u007fello\nab\bc\n\u0004");
        assertEquals(0, run("/bin/lineecho"));
        assertEquals("hx\b \bello\r\ngot:hello\r\nab\b \bc\r\ngot:ac\r\neof\r\n", wire(), "DEL and ^H both erase");
    }

    @Test
    void killErasesTheWholeLineAndWordEraseTheLastWord() {
        type("junk\u0015hi\none two\u0017three\n\u0004");
        assertEquals(0, run("/bin/lineecho"));
        assertEquals("junk\b \b\b \b\b \b\b \bhi\r\ngot:hi\r\n"
                + "one two\b \b\b \b\b \bthree\r\ngot:one three\r\neof\r\n", wire());
    }

    @Test
    void controlDIsEndOfFileAtTheStartOfALineAndOtherwiseEndsTheLineWithoutANewline() {
        type("abc\u0004\u0004");
        assertEquals(0, run("/bin/lineecho"));
        assertEquals("abcgot:abceof\r\n", wire(), "^D is not echoed");
    }

    @Test
    void controlCKillsTheProgramTheShellWaitsForButNotTheShell() {
        type("partial\u0003");
        assertEquals(0, run("/bin/sh", "-c", "lineecho; echo after"));
        assertEquals("partial^Cafter\r\n", wire(), "the line was flushed; lineecho died; the shell went on");
        wire.setLength(bootMark);
        type("x\u0003");
        assertEquals((128 + ProcTable.SIGINT) << 8, run("/bin/sh", "-c", "lineecho"), "sh reports SIGINT as 130");
    }

    @Test
    void withEchoOffNothingTypedComesBack() {
        tty.setEcho(false);
        type("secret\n\u0004");
        assertEquals(0, run("/bin/lineecho"));
        assertEquals("got:secret\r\neof\r\n", wire());
    }

    @Test
    void aNonBlockingReadOfAnEmptyQueueIsEwouldblock() {
        assertEquals(1 << 8, run(File.FREAD | File.FWRITE | ConsoleTty.FNONBLOCK, "/bin/lineecho"));
        assertEquals("read error 35\r\n", wire());
    }

    @Test
    void aReaderWithNothingToReadAndNoInputComingIsADeadlock() {
        KernelPanic p = assertThrows(KernelPanic.class, () -> run("/bin/lineecho"));
        assertTrue(p.getMessage().contains("(lineecho) sleeping on \"ttyin\""), p.getMessage());
    }

    @Test
    void withExternalInputAttachedAnIdleMachineWaitsForItInsteadOfPanicking() {
        List<String> feeds = new ArrayList<>(List.of("late\n\u0004"));
        kernel.scheduler().setExternalInput(new Scheduler.ExternalInput() {
            @Override
            public boolean poll() {
                return false;
            }

            @Override
            public boolean await() {
                if (feeds.isEmpty()) {
                    return false;
                }
                type(feeds.remove(0));
                return true;
            }
        });
        assertEquals(0, run("/bin/lineecho"));
        assertEquals("late\r\ngot:late\r\neof\r\n", wire());
    }

    @Test
    void kernelMessagesAndUprintfShareTheWireWithCrNl() {
        kernel.console().printf("kernel says hi%n");
        tty.write("to the terminal\n");
        assertEquals("kernel says hi\r\nto the terminal\r\n", wire());
        assertTrue(kernel.console().dmesg().endsWith("kernel says hi\n"), "dmesg keeps the plain text");
    }

    @Test
    void aProgramReadsTheSettingsWithTiocgetaAndTurnsCanonicalModeOff() {
        type("ab");
        assertEquals(0, run("/bin/rawread", "2"));
        assertEquals(String.format("lflag %x veof 4\r\nraw:a (1)\r\nraw:b (1)\r\n",
                Termios.ECHO | Termios.ICANON | Termios.ISIG | Termios.IEXTEN | Termios.ECHOE | Termios.ECHOKE
                        | Termios.ECHOCTL), wire(), "no newline needed and no echo once ICANON and ECHO are off");
        assertFalse(tty.termios().l(Termios.ICANON));
    }

    @Test
    void theForegroundIsEveryProcessOnTheTerminalButItsSessionLeaders() {
        type("xxxxxxxx\u0003");
        int status = run("/bin/sh", "-c", "sh -c lineecho");
        assertEquals((128 + ProcTable.SIGINT) << 8, status, "both the inner shell and lineecho got SIGINT");
        for (Proc p : kernel.procs().processes()) {
            fail("left behind: " + p);
        }
    }
}
