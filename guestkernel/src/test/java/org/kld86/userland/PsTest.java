package org.kld86.userland;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * ps(1) as FreeBSD's bin/ps prints it, from kern.proc.all. Every run here is on a terminal named ttyu0, as on the
 * machine's console; pids count from 1 in each test, sh first, then a pipeline's commands left to right, and the
 * pipeline's first commands are asleep (or done) by the time ps runs.
 */
class PsTest {

    private static final String HEADER = "  PID TT  STAT    TIME COMMAND\n";

    private final Guest guest = new Guest();

    @AfterEach
    void tearDown() {
        guest.close();
    }

    @Test
    void psAloneListsItself() {
        Guest.Run r = guest.run("ps");
        assertEquals(HEADER + "    1 u0  Rs   0:00.00 ps\n", r.out());
        assertEquals(0, r.status());
    }

    @Test
    void aRunningChildAsleepInItsPipelineAndTheWaitingShell() {
        assertEquals(HEADER
                + "    1 u0  Ss   0:00.00 sh -c sleep 5 | ps\n"
                + "    2 u0  S+   0:00.00 sleep 5\n"
                + "    3 u0  R+   0:00.00 ps\n", guest.sh("sleep 5 | ps").out());
    }

    @Test
    void aChildThatExitedIsAZombieUntilReaped() {
        // true has exited; sh, woken by it, waits its turn to run and reap it.
        assertEquals(HEADER
                + "    1 u0  Rs   0:00.00 sh -c true | sleep 1 | ps\n"
                + "    2 u0  Z+   0:00.00 <defunct>\n"
                + "    3 u0  S+   0:00.00 sleep 1\n"
                + "    4 u0  R+   0:00.00 ps\n", guest.sh("true | sleep 1 | ps").out());
    }

    @Test
    void aSleepOfMoreThanTwentySecondsIsIdle() {
        // sh 1, sleep 2, sh 3 (which runs sleep 4, then ps 5 once sleep 100 has slept 30 s).
        assertEquals(HEADER + "    2 u0  I+   0:00.00 sleep 100\n", guest.sh("sleep 100 | sh -c 'sleep 30; ps -p 2'").out());
    }

    @Test
    void theLongFormatShowsTheWaitChannel() {
        assertEquals("UID   PID  PPID C PRI NI  VSZ RSS MWCHAN STAT TT     TIME COMMAND\n"
                + "  0     1     0 0  20  0 8260  12 wait   Ss   u0  0:00.00 sh -c sleep 30 | ps -lww\n"
                + "  0     2     1 0  20  0 8260   8 nanslp S+   u0  0:00.00 sleep 30\n"
                + "  0     3     1 0  20  0 8260   8 -      R+   u0  0:00.00 ps -lww\n",
                guest.sh("sleep 30 | ps -lww").out());
    }

    @Test
    void theUserFormat() {
        assertEquals("USER   PID %CPU %MEM  VSZ RSS TT  STAT STARTED    TIME COMMAND\n"
                + "root     2  0.0  0.0 8260   8 u0  S+   00:00   0:00.00 sleep 30\n",
                guest.sh("sleep 30 | ps -u -p 2").out());
    }

    @Test
    void withoutDashAOnlyTheUsersOwnAndWithDashAEveryUsers() {
        // sh (1) and sleep (2) are root's; su (3) becomes user, then its sh (4) and ps (5) are user's.
        assertEquals(HEADER
                + "    3 u0  S+   0:00.00 su user -c ps\n"
                + "    4 u0  S+   0:00.00 sh -c ps\n"
                + "    5 u0  R+   0:00.00 ps\n", guest.sh("sleep 5 | su user -c ps").out());
        String all = guest.sh("sleep 5 | su user -c 'ps -a'").out();
        assertTrue(all.contains("\n    6 u0  Ss   0:00.00 sh -c sleep 5 | su user -c 'ps -a'\n")
                && all.contains("\n    7 u0  S+   0:00.00 sleep 5\n"), all);
    }

    @Test
    void dashPSelectsPidsAndNoneSelectedIsStatusOne() {
        assertEquals(HEADER + "    2 u0  S+   0:00.00 sleep 5\n", guest.sh("sleep 5 | ps -p 2").out());
        Guest.Run none = guest.run("ps", "-p", "99");
        assertEquals("  PID TT  STAT TIME COMMAND\n", none.out(), "with no rows, columns are as wide as their headers");
        assertEquals(1, none.exitCode());
        Guest.Run bad = guest.run("ps", "-p", "x");
        assertEquals("ps: Invalid process ID: x\n", bad.err());
        assertEquals(1, bad.exitCode());
    }

    @Test
    void onATerminalALineIsCutAt79ColumnsUnlessDashW() {
        String x = "x".repeat(200);
        String cut = guest.sh("ps -p 1 # " + x).out().split("\n")[1];
        String start = "    1 u0  Ss   0:00.00 sh -c ps -p 1 # ";
        assertEquals(start + x.substring(0, 79 - start.length()), cut);
        assertEquals(131, guest.sh("ps -w -p $$ # " + x).out().split("\n")[1].length());
        assertTrue(guest.sh("ps -ww -p $$ # " + x).out().endsWith(x + "\n"));
    }

    @Test
    void badUsage() {
        Guest.Run r = guest.run("ps", "-Q");
        assertEquals("ps: illegal option -- Q\nusage: ps [-alnuwx] [-p pid[,pid...]]\n", r.err());
        assertEquals(1, r.exitCode());
    }
}
