package org.kld86.cli;

import static org.junit.jupiter.api.Assertions.*;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jline.terminal.TerminalBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kld86.kernel.kld.ModuleJars;

/**
 * The launcher end to end with the real /bin/sh; the test program LineEcho is put in /bin with --program, the
 * test hook.
 */
class MainTest {

    static final String LINEECHO = "lineecho=org.kld86.userland.test.LineEcho";

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private byte[] stdin = new byte[0];

    @TempDir
    Path tmp;

    private int run(String... args) {
        return Main.run(args, new ByteArrayInputStream(stdin), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    /** Runs with the kernel log in the test's folder and the stand-in shell. */
    private int launch(String... args) {
        List<String> all = new ArrayList<>(List.of("--log", tmp.resolve("kld86.log").toString(), "--program", LINEECHO));
        all.addAll(List.of(args));
        return run(all.toArray(new String[0]));
    }

    private String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void describeReportsTheMachineAndItsMemoryMap() {
        assertEquals(0, run("--describe"));
        String text = out();
        assertTrue(text.startsWith("kld86 machine: 64 MiB RAM"), text);
        assertTrue(text.contains("BIOS-e820: [mem 0x0000000000100000-0x0000000003ffffff] usable"), text);
    }

    @Test
    void ramSizeAndDevicesComeFromTheCommandLine() {
        assertEquals(0, run("--ram", "256M", "--nodefaults", "--describe"));
        assertTrue(out().contains("0x000000000fffffff] usable"));
    }

    @Test
    void badOptionsExitWith64AndSayWhy() {
        assertEquals(64, run("--ram", "4G"));
        assertTrue(err().contains("1 MiB to 3 GiB"));
        assertEquals(64, run("--bogus"));
        assertTrue(err().contains("unknown option '--bogus'"));
        assertEquals(64, run("--device"));
        assertTrue(err().contains("needs a value"));
        assertEquals(64, run("-d", "edu,dma_mask=zz"));
        assertEquals(64, run("-o", "WITNESS"));
        assertTrue(err().contains("unknown kernel option 'WITNESS'"));
        assertEquals(64, run(tmp.resolve("missing.sh").toString()));
        assertTrue(err().contains("is not a readable file"));
    }

    @Test
    void helpPrintsUsage() {
        assertEquals(0, run("--help"));
        assertTrue(out().startsWith("usage: kld86"));
    }

    @Test
    void dashCRunsTheCommandsAndExitsWithTheShellsStatus() throws IOException {
        assertEquals(3, launch("-c", "echo hi; echo there; exit 3"));
        assertEquals("hi\nthere\n", out(), "plain lines: the console's CR NL is undone on the host");
        Path log = tmp.resolve("kld86.log");
        assertTrue(err().startsWith("kld86: kernel log in " + log + "\n"), err());
        String logText = Files.readString(log);
        assertTrue(logText.contains("] uart0: console (115200,n,8,1)\n"), logText);
        assertTrue(logText.startsWith("[0.000000] Copyright (c) 2026 The kld86 Project.\n"), logText);
    }

    @Test
    void aRerunGivesTheSameOutputAndTheSameKernelLog() throws IOException {
        String[] args = {"--program", LINEECHO, "-c", "echo a; lineecho; echo b"};
        stdin = "typed\n".getBytes(StandardCharsets.ISO_8859_1);
        List<String> first = new ArrayList<>(List.of("--log", tmp.resolve("1.log").toString()));
        first.addAll(List.of(args));
        assertEquals(0, run(first.toArray(new String[0])));
        String firstOut = out();
        out.reset();
        List<String> second = new ArrayList<>(List.of("--log", tmp.resolve("2.log").toString()));
        second.addAll(List.of(args));
        assertEquals(0, run(second.toArray(new String[0])));
        assertEquals(firstOut, out());
        assertEquals("a\ngot:typed\neof\nb\n", out());
        assertEquals(Files.readString(tmp.resolve("1.log")), Files.readString(tmp.resolve("2.log")),
                "virtual time only: the log is the same byte for byte");
    }

    @Test
    void aScriptIsCopiedIntoTheGuestAndRunWithSh() throws IOException {
        Path script = tmp.resolve("hello.sh");
        Files.writeString(script, "echo from script\necho second line\nexit 5\necho never\n");
        assertEquals(5, launch(script.toString()));
        assertEquals("from script\nsecond line\n", out());
    }

    @Test
    void theHostsStandardInputReachesTheConsoleAndThenItsEndOfFile() {
        stdin = "one\ntwo\n".getBytes(StandardCharsets.ISO_8859_1);
        assertEquals(0, launch("-c", "lineecho; lineecho"));
        assertEquals("got:one\ngot:two\neof\neof\n", out(), "no echo of piped input; every later reader sees EOF");
    }

    @Test
    void aKernelPanicPrintsThePanicAndExitsWith70() throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("modules"));
        Files.write(dir.resolve("panicker.ko"), ModuleJars.jar(Map.of("panicker.Panicker", """
                package panicker;
                import org.kld86.kpi.*;
                @DevModule(name = "panicker")
                public final class Panicker implements ModuleEventHandler {
                    public int modevent(KldModule mod, int what, Object arg) {
                        if (what == Kld.MOD_LOAD) {
                            Systm.panic("panicker: on purpose");
                        }
                        return 0;
                    }
                }
                """)));
        assertEquals(70, launch("-M", dir.toString(), "-c", "echo before; kldload panicker; echo after"), out() + err());
        assertTrue(out().startsWith("before\n"), out());
        assertTrue(out().contains("panic: panicker: on purpose\n"), out());
        assertFalse(out().contains("after"));
    }

    @Test
    void haltExitsZero() {
        assertEquals(0, launch("-c", "echo bye; halt"));
        assertEquals("bye\n\nThe operating system has halted.\n", out());
    }

    @Test
    void kernelOptionsReachTheKernel() throws IOException {
        assertEquals(0, launch("-o", "DIAGNOSTIC,-INVARIANTS", "-c", "exit 0"));
        assertTrue(Files.readString(tmp.resolve("kld86.log")).contains("] options: DIAGNOSTIC\n"));
    }

    @Test
    void anInteractiveSessionReadsLinesFromTheTerminalAndShowsTheGuest() throws Exception {
        ByteArrayOutputStream screen = new ByteArrayOutputStream();
        PipedOutputStream keyboard = new PipedOutputStream();
        InputStream keys = new PipedInputStream(keyboard);
        java.util.concurrent.CountDownLatch done = new java.util.concurrent.CountDownLatch(1);
        // A person waits for the prompt before typing, so the screen does not depend on how fast they are.
        Thread typist = new Thread(() -> {
            try {
                awaitScreen(screen, "# ", 1);
                keyboard.write("echo hi there\n".getBytes(StandardCharsets.ISO_8859_1));
                awaitScreen(screen, "# ", 2);
                keyboard.write("exit 4\n".getBytes(StandardCharsets.ISO_8859_1));
                done.await();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        typist.start();
        int status = Main.run(new String[] {"--log", tmp.resolve("i.log").toString()},
                new ByteArrayInputStream(new byte[0]), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8),
                () -> TerminalBuilder.builder().system(false).dumb(true).streams(keys, screen).build());
        done.countDown();
        typist.join();
        String shown = screen.toString(StandardCharsets.UTF_8);
        assertEquals(4, status, shown);
        assertTrue(shown.contains("# echo hi there"), "the guest's prompt leads the edited line: " + shown);
        assertTrue(shown.contains("hi there\r\n") || shown.contains("hi there\n"), shown);
        assertEquals(1, count(shown, "echo hi there"), "the guest did not echo the line again: " + shown);
    }

    /** Waits until {@code text} has appeared {@code times} times on the screen. */
    private static void awaitScreen(ByteArrayOutputStream screen, String text, int times) throws InterruptedException {
        for (int i = 0; i < 2000 && count(screen.toString(StandardCharsets.UTF_8), text) < times; i++) {
            Thread.sleep(5);
        }
    }

    private static int count(String s, String text) {
        int n = 0;
        for (int at = s.indexOf(text); at >= 0; at = s.indexOf(text, at + text.length())) {
            n++;
        }
        return n;
    }

    @Test
    void whenTheTerminalsInputClosesTheShellGetsEndOfFile() {
        ByteArrayOutputStream screen = new ByteArrayOutputStream();
        int status = Main.run(new String[] {"--log", tmp.resolve("i.log").toString()},
                new ByteArrayInputStream(new byte[0]), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8),
                () -> TerminalBuilder.builder().system(false).dumb(true)
                        .streams(new ByteArrayInputStream(new byte[0]), screen).build());
        assertEquals(0, status, "the stand-in sh exits 0 at end of file");
    }

    @Test
    void withStandardInputNotATerminalTheShellReadsItFromTheConsoleWithoutALineEditor() {
        Session.TerminalFactory piped = new Session.TerminalFactory() {
            @Override
            public org.jline.terminal.Terminal open() {
                throw new AssertionError("a piped session opened a line editor");
            }

            @Override
            public boolean available() {
                return false;
            }
        };
        stdin = "echo one; echo two > /tmp/f\ncat /tmp/f\nexit 3\n".getBytes(StandardCharsets.ISO_8859_1);
        int status = Main.run(new String[] {"--log", tmp.resolve("p.log").toString()},
                new ByteArrayInputStream(stdin), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), piped);
        assertEquals(3, status, out() + err());
        assertTrue(out().contains("one\n") && out().contains("two\n"), out());
        assertEquals(0, count(out(), "echo one"), "the lines were neither echoed by the host nor by the tty: " + out());
    }
}
