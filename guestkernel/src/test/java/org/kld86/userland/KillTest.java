package org.kld86.userland;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** kill(1) as FreeBSD's bin/kill behaves. In these shells sh is pid 1, so a pipeline's first command is pid 2. */
class KillTest {

    private static final String LIST = "HUP INT QUIT ILL TRAP ABRT EMT FPE KILL BUS SEGV SYS PIPE ALRM TERM URG\n"
            + "STOP TSTP CONT CHLD TTIN TTOU IO XCPU XFSZ VTALRM PROF WINCH INFO USR1 USR2\n";
    private static final String USAGE = "usage: kill [-s signal_name] pid ...\n       kill -l [exit_status]\n"
            + "       kill -signal_name pid ...\n       kill -signal_number pid ...\n";

    private final Guest guest = new Guest();

    @AfterEach
    void tearDown() {
        guest.close();
    }

    @Test
    void dashLListsTheSignalNamesSixteenALine() {
        Guest.Run r = guest.run("kill", "-l");
        assertEquals(LIST, r.out());
        assertEquals(0, r.status());
    }

    @Test
    void dashLWithANumberOrAnExitStatusNamesTheSignal() {
        assertEquals("KILL\n", guest.run("kill", "-l", "9").out());
        assertEquals("INT\n", guest.run("kill", "-l", "130").out(), "128 + SIGINT, as $? holds it");
        Guest.Run zero = guest.run("kill", "-l", "0");
        assertEquals("kill: unknown signal 0; valid signals:\n" + LIST, zero.err());
        assertEquals(2, zero.exitCode());
        assertEquals(USAGE, guest.run("kill", "-l", "x").err());
        assertEquals("kill: illegal signal number: 9x\n", guest.run("kill", "-l", "9x").err());
    }

    @Test
    void theDefaultSignalIsTermAndOthersByNameOrNumber() {
        // Each run takes three pids: sh, sleep, kill.
        assertEquals("Terminated\n", guest.sh("sleep 100 | kill 2").out());
        assertEquals("Killed\n", guest.sh("sleep 100 | kill -9 5").out());
        assertEquals("Killed\n", guest.sh("sleep 100 | kill -s KILL 8").out());
        assertEquals("Hangup\n", guest.sh("sleep 100 | kill -SIGHUP 11").out());
        assertEquals("User defined signal 1\n", guest.sh("sleep 100 | kill -usr1 14").out(), "names in any case");
    }

    @Test
    void aSignalWhoseDefaultIsIgnoredLeavesTheProcessRunning() {
        long before = guest.machine.clock().nanos();
        Guest.Run r = guest.sh("sleep 1 | kill -WINCH 2; echo $?");
        assertEquals("0\n", r.out());
        assertTrue(guest.machine.clock().nanos() - before >= 1_000_000_000L, "sleep ran its full second");
        assertEquals("alive\n", guest.sh("kill -32 $$; kill -33 $$; echo alive").out(), "SIGTHR and SIGLIBRT are ignored");
    }

    @Test
    void aShellWaitingForItsJobDiesOfTheSignalAtOnce() {
        long before = guest.machine.clock().nanos();
        Guest.Run r = guest.sh("sleep 100 | kill 1");
        assertEquals(15, r.signal(), "wait4 sleeps interruptibly, as kern_wait6 does");
        assertTrue(guest.machine.clock().nanos() - before < 1_000_000_000L, "without waiting for the sleep");
    }

    @Test
    void signalZeroOnlyChecksThatTheProcessExists() {
        assertEquals("0\nhere\n", guest.sh("kill -0 $$; echo $?; echo here").out());
        assertEquals("0\n", guest.sh("kill -s 0 $$; echo $?").out());
    }

    @Test
    void aMissingPidIsNoSuchProcessAndStatusOne() {
        Guest.Run r = guest.run("kill", "99");
        assertEquals("kill: 99: No such process\n", r.err());
        assertEquals(1, r.exitCode());
        Guest.Run two = guest.sh("kill 98 $$ 99; echo $?");
        assertEquals("kill: 98: No such process\n", two.err().substring(0, "kill: 98: No such process\n".length()));
    }

    @Test
    void anotherUsersProcessIsNotPermitted() {
        // sh (1) and sleep (2) run as root; su (3) becomes user before it starts its sh and that sh's kill.
        Guest.Run r = guest.run("sh", "-c", "sleep 1 | su user -c 'kill 2'");
        assertEquals("kill: 2: Operation not permitted\n", r.err());
        assertEquals(1, r.exitCode());
    }

    @Test
    void usageErrorsAreStatusTwo() {
        Guest.Run none = guest.run("kill");
        assertEquals(USAGE, none.err());
        assertEquals(2, none.exitCode());
        assertEquals(USAGE, guest.run("kill", "-9").err(), "a signal and no pid");
        assertEquals("kill: option requires an argument -- s\n" + USAGE, guest.run("kill", "-s").err());
        Guest.Run bad = guest.run("kill", "-FOO", "1");
        assertEquals("kill: unknown signal FOO; valid signals:\n" + LIST, bad.err());
        assertEquals(2, bad.exitCode());
        Guest.Run pid = guest.run("kill", "abc");
        assertEquals("kill: illegal process id: abc\n", pid.err());
        assertEquals(2, pid.exitCode());
    }
}
