package org.kld86.userland;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** sleep(1) as FreeBSD's usr.bin/sleep behaves, on the virtual clock. */
class SleepTest {

    private static final String USAGE = "usage: sleep number[unit] [...]\n"
            + "Unit can be 's' (seconds, the default), m (minutes), h (hours), or d (days).\n";

    private final Guest guest = new Guest();

    @AfterEach
    void tearDown() {
        guest.close();
    }

    /** Runs sleep with {@code args}; returns the virtual nanoseconds it took, asserting it exited 0 silently. */
    private long slept(String... args) {
        long before = guest.machine.clock().nanos();
        Guest.Run r = guest.run("sleep", args);
        assertEquals(0, r.status());
        assertEquals("", r.all());
        return guest.machine.clock().nanos() - before;
    }

    private static void near(long expectedNanos, long actual) {
        assertTrue(actual >= expectedNanos && actual < expectedNanos + 10_000_000L,
                "expected about " + expectedNanos + " ns, took " + actual);
    }

    @Test
    void sleepsTheVirtualSeconds() {
        near(2_000_000_000L, slept("2"));
        near(1_500_000_000L, slept("1.5"));
        near(250_000_000L, slept(".25"));
    }

    @Test
    void unitsAndSeveralOperandsAddUp() {
        near(90_000_000_000L, slept("1m", "30s"));
        near(3_600_000_000_000L, slept("1h"));
        near(86_400_000_000_000L, slept("1d"));
        near(1_000_000_000L, slept("0.5", "0.5"));
    }

    @Test
    void zeroReturnsAtOnce() {
        assertTrue(slept("0") < 10_000_000L);
    }

    @Test
    void anInvalidIntervalWarnsThenPrintsTheUsage() {
        Guest.Run r = guest.run("sleep", "abc");
        assertEquals("sleep: invalid time interval: abc\n" + USAGE, r.err());
        assertEquals(1, r.exitCode());
        assertEquals("sleep: invalid time interval: 5x\n" + USAGE, guest.run("sleep", "1", "5x").err());
        assertEquals(USAGE, guest.run("sleep", "3000000000").err(), "more than INT_MAX seconds");
    }

    @Test
    void noOperandOrAnOptionIsUsage() {
        Guest.Run none = guest.run("sleep");
        assertEquals(USAGE, none.err());
        assertEquals(1, none.exitCode());
        assertEquals("sleep: illegal option -- 1\n" + USAGE, guest.run("sleep", "-1").err(),
                "a negative interval reads as an option");
    }

    @Test
    void aSignalEndsTheSleep() {
        // sh is pid 1, sleep 2, kill 3; sh reports the sleep's death by SIGTERM as FreeBSD's sh does.
        long before = guest.machine.clock().nanos();
        Guest.Run r = guest.run("sh", "-c", "sleep 100 | kill 2; echo $?");
        assertEquals("Terminated\n0\n", r.out());
        assertTrue(guest.machine.clock().nanos() - before < 1_000_000_000L, "the sleep did not run its 100 s");
        Guest.Run i = guest.run("sh", "-c", "sleep 100 | kill -INT 5");
        assertEquals("", i.all(), "SIGINT ends it quietly");
    }
}
