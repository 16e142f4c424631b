package org.kld86.emulator.dev.pit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

/**
 * One counter's arithmetic: the tick/cycle conversion, and OUT against the transitions it announces, which is
 * what keeps the IRQ 0 events and the pin model in agreement.
 */
class PitCounterTest {

    static final long GHZ = 1_000_000_000L;

    /** A counter in {@code mode} with count {@code n} (binary, two-byte access) written at cycle 0. */
    static PitCounter counting(long hz, int mode, int n) {
        PitCounter c = new PitCounter(hz, 0);
        c.control(PitCounter.RW_WORD, mode, false, 0);
        c.write(n & 0xFF, 0);
        c.write(n >> 8 & 0xFF, 0);
        return c;
    }

    @Property(seed = "8254")
    void cyclesAtTickIsTheFirstCycleWithThatManyTicks(
            @ForAll @LongRange(min = 1, max = 4_000_000_000L) long hz,
            @ForAll @LongRange(min = 1, max = 1_000_000_000_000L) long tick) {
        PitCounter c = new PitCounter(hz, 0);
        long cycles = c.cyclesAtTick(tick);
        assertTrue(c.ticksAt(cycles) >= tick);
        assertTrue(c.ticksAt(cycles - 1) < tick);
    }

    @Test
    void conversionIsExactForDecadesOfVirtualTime() {
        PitCounter c = new PitCounter(4_000_000_000L, 0);
        long tenYearsOfTicks = 10L * 365 * 86_400 * PitCounter.PIT_HZ;
        long cycles = c.cyclesAtTick(tenYearsOfTicks);
        assertEquals(10L * 365 * 86_400 * 4_000_000_000L, cycles, "a whole number of seconds is exact");
        assertEquals(tenYearsOfTicks, c.ticksAt(cycles));
    }

    @Property(seed = "8254")
    void outHoldsUntilTheAnnouncedTransitionAndChangesThere(
            @ForAll("modes") int mode,
            @ForAll @IntRange(min = 2, max = 0xFFFF) int n,
            @ForAll @LongRange(min = 0, max = 1_000_000) long tick) {
        PitCounter c = counting(GHZ, mode, n);
        long next = c.nextTransition(tick);
        boolean out = c.outAtTick(tick);
        if (next < 0) {
            assertTrue(mode == 0 || mode == 4, "only the one-shot modes run out of transitions");
            assertEquals(out, c.outAtTick(tick + 3 * (long) n));
            return;
        }
        assertTrue(next > tick);
        assertEquals(out, c.outAtTick(next - 1));
        assertNotEquals(out, c.outAtTick(next));
    }

    @Provide
    Arbitrary<Integer> modes() {
        return Arbitraries.of(0, 2, 3, 4);
    }

    @Test
    void mode3OddCountIsHighForTheLongerHalf() {
        PitCounter c = counting(GHZ, 3, 5);
        boolean[] expected = {true, true, true, false, false, true, true, true, false, false};
        for (int t = 0; t < expected.length; t++) {
            assertEquals(expected[t], c.outAtTick(t), "tick " + t);
        }
    }

    @Test
    void mode2HoldsOutLowOnlyAtCountOne() {
        PitCounter c = counting(GHZ, 2, 4);
        boolean[] expected = {true, true, true, false, true, true, true, false};
        for (int t = 0; t < expected.length; t++) {
            assertEquals(expected[t], c.outAtTick(t), "tick " + t);
        }
    }

    @Test
    void illegalCountOneInMode2HoldsOutHigh() {
        PitCounter c = counting(GHZ, 2, 1);
        assertTrue(c.outAtTick(0));
        assertTrue(c.outAtTick(17));
        assertEquals(-1, c.nextTransition(5));
    }

    @Test
    void modes1And5WaitForAGateTriggerThatNeverComes() {
        for (int mode : new int[] {1, 5}) {
            PitCounter c = counting(GHZ, mode, 100);
            assertTrue(c.outAtTick(500));
            assertEquals(-1, c.nextTransition(0));
            assertFalse(c.counting());
        }
    }

    @Test
    void countZeroMeans65536() {
        PitCounter c = counting(GHZ, 2, 0);
        assertEquals(0xFFFF, c.nextTransition(0), "OUT falls at count 1, tick 65535");
    }
}
