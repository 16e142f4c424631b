package org.kld86.kpi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.kld86.kernel.Guest;

/** tsleep/wakeup as sleep(9) describes them, on the virtual clock. */
class SleepTest {

    private final Guest g = new Guest();

    @AfterEach
    void tearDown() {
        g.close();
    }

    @Test
    void aSleepWithATimeoutEndsWithEwouldblockAfterThatManyTicks() {
        long start = g.machine.clock().nanos();
        assertEquals(Errno.EWOULDBLOCK, Sleep.tsleep(new Object(), Sleep.PRIBIO, "nap", 5));
        assertEquals(5_000_000L, g.machine.clock().nanos() - start, "5 ticks of hz=1000");
    }

    @Test
    void aWakeupOnTheChannelEndsTheSleepWithZero() {
        Object chan = new Object();
        int[] order = {0};
        g.kernel.scheduler().spawn("waker", () -> {
            order[0] = 1;
            Sleep.wakeup(chan);
        }, null);
        assertEquals(0, Sleep.tsleep(chan, Sleep.PRIBIO | Sleep.PCATCH, "wait", 0));
        assertEquals(1, order[0]);
    }

    @Test
    void wakeupOneWakesTheLongestSleeperOnly() {
        Object chan = new Object();
        StringBuilder log = new StringBuilder();
        for (String n : new String[] {"a", "b"}) {
            g.kernel.scheduler().spawn(n, () -> {
                int e = Sleep.tsleep(chan, Sleep.PWAIT, n, 50);
                log.append(n).append(e).append(' ');
            }, null);
        }
        g.kernel.scheduler().yield();
        Sleep.wakeup_one(chan);
        Sleep.pause("let", 100);
        assertEquals("a0 b" + Errno.EWOULDBLOCK + " ", log.toString());
        assertTrue(g.machine.clock().nanos() >= 50_000_000L);
    }
}
