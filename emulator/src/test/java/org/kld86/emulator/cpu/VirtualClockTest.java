package org.kld86.emulator.cpu;

import static org.junit.jupiter.api.Assertions.*;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class VirtualClockTest {

    private final VirtualClock clock = new VirtualClock(1_000_000_000L);
    private final List<String> log = new ArrayList<>();

    @Test
    void eventsRunInTimeOrderAtTheirOwnTime() {
        clock.schedule(300, () -> log.add("c@" + clock.now()));
        clock.schedule(100, () -> log.add("a@" + clock.now()));
        clock.schedule(200, () -> log.add("b@" + clock.now()));
        clock.advance(250);
        assertEquals(List.of("a@100", "b@200"), log);
        assertEquals(250, clock.now());
        clock.advance(50);
        assertEquals(List.of("a@100", "b@200", "c@300"), log);
    }

    @Test
    void eventsDueAtTheSameCycleRunInSchedulingOrder() {
        for (int i = 0; i < 5; i++) {
            int n = i;
            clock.schedule(10, () -> log.add("e" + n));
        }
        clock.advance(10);
        assertEquals(List.of("e0", "e1", "e2", "e3", "e4"), log);
    }

    @Test
    void aFollowUpIsScheduledFromTheEventsTimeNotFromTheSafepoint() {
        clock.schedule(100, () -> clock.schedule(100, () -> log.add("second@" + clock.now())));
        clock.advance(1000); // one late safepoint
        assertEquals(List.of("second@200"), log);
        assertEquals(1000, clock.now());
    }

    @Test
    void aCancelledEarliestEventNoLongerStopsSafepointsOnTheFastPath() {
        int[] slow = {0};
        clock.setSafepointHook(() -> slow[0]++);
        VirtualClock.Event oneShot = clock.schedule(100, () -> log.add("no"));
        clock.schedule(1000, () -> log.add("later@" + clock.now()));
        oneShot.cancel();
        clock.advanceAtSafepoint(500);
        assertEquals(0, slow[0], "no live event before 1000: one compare, no hook");
        clock.advanceAtSafepoint(600);
        assertEquals(1, slow[0]);
        assertEquals(List.of("later@1000"), log);
    }

    @Test
    void cancelledEventsNeverRun() {
        VirtualClock.Event e = clock.schedule(10, () -> log.add("no"));
        clock.schedule(20, () -> log.add("yes"));
        e.cancel();
        assertEquals(20, clock.nextEventCycles());
        clock.advance(30);
        assertEquals(List.of("yes"), log);
        assertFalse(clock.hasPendingEvents());
    }

    @Test
    void nanosecondConversionsAreExactAtOtherRates() {
        VirtualClock slow = new VirtualClock(33_000_000L); // 33 MHz
        assertEquals(3_300_000, slow.cyclesForNanos(100_000_000L)); // 100 ms
        assertEquals(1, slow.cyclesForNanos(1)); // rounds up
        slow.advance(33_000_000L * 5);
        assertEquals(5_000_000_000L, slow.nanos());
        VirtualClock fast = new VirtualClock(VirtualClock.MAX_HZ);
        fast.advance(Long.MAX_VALUE / 2);
        assertTrue(fast.nanos() > 0, "no overflow after a long run");
    }

    @Test
    void timeNeverRunsBackwardsAndBadRatesAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> clock.advance(-1));
        assertThrows(IllegalArgumentException.class, () -> clock.schedule(-5, () -> { }));
        assertThrows(IllegalArgumentException.class, () -> new VirtualClock(0));
        assertThrows(IllegalArgumentException.class, () -> new VirtualClock(VirtualClock.MAX_HZ + 1));
    }
}
