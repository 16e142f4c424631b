package org.kld86.kernel.syscall;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.kld86.kernel.Guest;
import org.kld86.kernel.proc.KThread;
import org.kld86.kernel.proc.Ucred;
import org.kld86.kernel.sysctl.Sysctl;

/**
 * Thousands of raw system calls with random numbers and arguments from a user process (see SyscallFuzz): the
 * kernel never panics, no kernel thread dies of a host exception, the process ends by exit or by a signal, and
 * the kernel still serves a plain program afterwards. The same seed on a fresh machine gives the same output and
 * the same virtual time.
 */
class SyscallFuzzTest {

    private static long sysctl(Guest g, String name) {
        return ((Sysctl.LongNode) g.kernel.sysctl().lookup(name)).getter().getAsLong();
    }

    private static void sysctlSet(Guest g, String name, long value) {
        ((Sysctl.LongNode) g.kernel.sysctl().lookup(name)).setter().accept(value);
    }

    /** Runs seeds from {@code firstSeed} until the kernel has seen {@code calls} system calls; returns the output. */
    private static String fuzz(Guest g, long firstSeed, long calls, TreeMap<Integer, Integer> endings) {
        // Unknown numbers are part of the run, so they answer ENOSYS instead of ending it with SIGSYS.
        sysctlSet(g, "kern.signosys", 0);
        // Process 1 is init, which the out-of-memory killer spares: let it be a program that is gone already.
        if (g.kernel.procs().processes().isEmpty()) {
            g.run(Ucred.root(), "/bin/true");
        }
        long start = sysctl(g, "vm.stats.sys.v_syscall");
        StringBuilder out = new StringBuilder();
        for (long seed = firstSeed; sysctl(g, "vm.stats.sys.v_syscall") - start < calls; seed++) {
            int mark = g.tty().length();
            int status;
            try {
                status = Boolean.getBoolean("kld86.fuzz.trace")
                        ? g.run(Ucred.root(), "/bin/syscallfuzz", Long.toString(seed), "2000", "trace")
                        : g.run(Ucred.root(), "/bin/syscallfuzz", Long.toString(seed), "2000");
            } catch (RuntimeException e) {
                String all = g.tty().substring(mark);
                int at = Math.max(0, all.lastIndexOf("call ") - 2000);
                String tail = all.substring(at, Math.min(all.length(), at + 2600));
                throw new AssertionError("seed " + seed + " failed; the program's last output:\n" + tail, e);
            }
            out.append("seed ").append(seed).append(" status ").append(status).append('\n')
                    .append(g.tty().substring(mark));
            endings.merge(status, 1, Integer::sum);
            if (Boolean.getBoolean("kld86.fuzz.trace")) {
                System.err.println("seed " + seed + " status " + status + " free " + g.freePages() + " procs "
                        + g.kernel.procs().processes().size());
            }
            assertNull(g.kernel.panicked(), () -> "seed: the kernel panicked\n" + g.tty());
            for (KThread t : g.kernel.scheduler().threads()) {
                assertNull(t.failure(), "a thread died of an exception: " + t.failure());
            }
            assertTrue((status & 0xFF) == 0 || status == 11 || status == 13 || status == 9,
                    "the program ends by exit, SIGSEGV, SIGPIPE or the out-of-memory killer's SIGKILL, not by a host"
                            + " exception (SIGABRT): " + status);
            if (status == 9) {
                assertTrue(g.kernel.console().dmesg().contains(", was killed: "), "only the OOM killer sends SIGKILL");
            }
        }
        return out.toString();
    }

    @Test
    void thousandsOfRandomSystemCallsNeverPanicTheKernel() {
        try (Guest g = new Guest()) {
            TreeMap<Integer, Integer> endings = new TreeMap<>();
            String out = fuzz(g, Long.getLong("kld86.fuzz.seed", 1), Long.getLong("kld86.fuzz.calls", 50_000), endings);
            assertTrue(endings.getOrDefault(0, 0) >= 3, "most runs reach their end: " + endings + "\n" + out);
            for (String expected : new String[] {"other -78", "5 ok", "5 -14", "5 -2", "304 -14", "304 -2", "304 -8",
                "305 -2", "570 -14", "390 -14", "3 ok", "3 -9", "4 -14", "54 -25", "600 ok", "7 -10",
                "477 -22", "309 ok", "240 ok", "240 -22", "240 -14"}) {
                assertTrue(out.contains("\n" + expected + " "), "no run saw " + expected + ":\n" + out);
            }
            // Still a working kernel: a plain program opens, writes and reads a file.
            String ops = g.fsops("open", "/tmp/after", "CREAT|RDWR", "644", "write", "3", "still here", "lseek", "3",
                    "0", "0", "read", "3", "64");
            assertTrue(ops.endsWith("read=10:still here\n"), ops);
        }
    }

    @Test
    void theSameSeedGivesTheSameRunAndTheSameVirtualTime() {
        String first;
        long firstTime;
        long firstCalls;
        try (Guest g = new Guest()) {
            first = fuzz(g, 40, 4000, new TreeMap<>());
            firstTime = g.machine.clock().now();
            firstCalls = sysctl(g, "vm.stats.sys.v_syscall");
        }
        try (Guest g = new Guest()) {
            assertEquals(first, fuzz(g, 40, 4000, new TreeMap<>()));
            assertEquals(firstTime, g.machine.clock().now());
            assertEquals(firstCalls, sysctl(g, "vm.stats.sys.v_syscall"));
        }
    }

    @Test
    void anUnknownSystemCallIsEnosysAndSigsysByDefault() {
        try (Guest g = new Guest()) {
            assertEquals(1, sysctl(g, "kern.signosys"));
            int status = g.run(Ucred.root(), "/bin/fsops", "syscall", "699", "0");
            assertEquals(12, status & 0x7F, "nosys() sends SIGSYS");
            String dmesg = g.kernel.console().dmesg();
            assertTrue(dmesg.matches("(?s).*pid \\d+ \\(fsops\\), jid 0, uid 0: exited on signal 12\n.*"), dmesg);
            sysctlSet(g, "kern.signosys", 0);
            assertEquals("syscall=-78\n", g.fsops("syscall", "699", "0"), "ENOSYS alone once kern.signosys is 0");
        }
    }

    @Test
    void aProgramsOwnUncaughtExceptionEndsItWithSigabrtAndTheKernelGoesOn() {
        try (Guest g = new Guest()) {
            int status = g.run(Ucred.root(), "/bin/fsops", "syscall", "not-a-number", "0");
            assertEquals(6, status & 0x7F, "an uncaught exception is abort(3)");
            assertTrue(g.kernel.console().dmesg().contains("(fsops), jid 0, uid 0: exited on signal 6\n"),
                    g.kernel.console().dmesg());
            assertNull(g.kernel.panicked());
            assertEquals("open=3\n", g.fsops("open", "/dev/null", "RDONLY", "0"));
        }
    }
}
