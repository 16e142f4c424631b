package org.kld86.kernel.syscall;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.kld86.kernel.Guest;
import org.kld86.kernel.proc.Proc;
import org.kld86.kernel.proc.ProcTable;
import org.kld86.kernel.proc.Ucred;

/** nanosleep(2) through the system call: virtual time, kern_nanosleep's errnos, and signals ending the sleep. */
class TimeSyscallsTest {

    private final Guest g = new Guest();

    TimeSyscallsTest() {
        g.install("/bin/nap", "org.kld86.userland.test.Nap");
    }

    @AfterEach
    void tearDown() {
        g.close();
    }

    private String nap(String sec, String nsec) {
        int mark = g.tty().length();
        assertEquals(0, g.run(Ucred.root(), "/bin/nap", sec, nsec));
        return g.tty().substring(mark);
    }

    private long nanos() {
        return g.machine.clock().nanos();
    }

    @Test
    void sleepsForTheIntervalOfVirtualTime() {
        long before = nanos();
        assertEquals("nanosleep=0\n", nap("2", "500000000"));
        long slept = nanos() - before;
        assertTrue(slept >= 2_500_000_000L && slept < 2_510_000_000L, "slept " + slept + " ns");
    }

    @Test
    void aSleepLongerThanTheWatchdogsLimitIsNoSoftLockup() {
        long before = nanos();
        assertEquals("nanosleep=0\n", nap("86400", "0"));
        assertTrue(nanos() - before >= 86_400_000_000_000L);
        assertTrue(!g.kernel.console().dmesg().contains("soft lockup"), g.kernel.console().dmesg());
    }

    @Test
    void aBadNanosecondFieldIsEinvalAndANegativeOrZeroIntervalReturnsAtOnce() {
        assertEquals("nanosleep=-22\n", nap("1", "1000000000"));
        assertEquals("nanosleep=-22\n", nap("0", "-1"));
        long before = nanos();
        assertEquals("nanosleep=0\n", nap("-5", "0"));
        assertEquals("nanosleep=0\n", nap("0", "0"));
        assertTrue(nanos() - before < 10_000_000L, "no sleep: " + (nanos() - before));
    }

    @Test
    void aBadPointerIsEfault() {
        assertEquals("syscall=-14\n", g.fsops("syscall", "240", "2", "0", "0"));
        assertEquals("syscall=-14\n", g.fsops("syscall", "240", "2", String.valueOf(0xC0000000), "0"));
    }

    @Test
    void aSignalEndsTheSleepAndTheProcess() {
        Proc p = g.spawn(Ucred.root(), "/bin/nap", "100", "0");
        g.kernel.scheduler().yield(); // nap runs until it sleeps
        assertEquals("nanslp", p.thread().wmesg());
        long before = nanos();
        assertEquals(0, g.kernel.procs().kill(p.pid(), ProcTable.SIGINT));
        int status = g.kernel.procs().waitDetached(p);
        assertEquals(ProcTable.SIGINT, status & 0x7F, "it died of the signal");
        assertTrue(nanos() - before < 1_000_000_000L, "woken early, not at the deadline");
        assertTrue(!g.tty().contains("nanosleep="), "the call never returned to the program");
    }

    @Test
    void aSignalWhoseDefaultIsToBeIgnoredLeavesTheSleeperAlone() {
        Proc p = g.spawn(Ucred.root(), "/bin/nap", "1", "0");
        g.kernel.scheduler().yield();
        assertEquals(0, g.kernel.procs().kill(p.pid(), 28), "SIGWINCH");
        assertEquals(0, g.kernel.procs().kill(p.pid(), 17), "SIGSTOP: no job control");
        assertEquals(0, g.kernel.procs().waitDetached(p));
        assertTrue(g.tty().contains("nanosleep=0\n"), g.tty());
    }

    @Test
    void killOfASignalPastTheLastIsEinval() {
        assertEquals("syscall=-22\n", g.fsops("syscall", "37", "2", "1", "129"));
        assertEquals("syscall=-22\n", g.fsops("syscall", "37", "2", "1", "-1"));
        assertEquals("syscall=-3\n", g.fsops("syscall", "37", "2", "99999", "128"), "in range: ESRCH for no process");
    }
}
