package org.kld86.userland.libc;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;

/** The calendar of ls, date and touch: day numbers to civil dates and back, leap years and all. */
class GregorianTest {

    @Test
    void knownDays() {
        assertEquals(0, Gregorian.days(1970, 1, 1));
        assertEquals(-1, Gregorian.days(1969, 12, 31));
        assertEquals(11_017, Gregorian.days(2000, 3, 1), "2000 is a leap year (divisible by 400)");
        assertEquals(1_767_225_600L / 86400, Gregorian.days(2026, 1, 1));
        assertEquals(1, Gregorian.days(1900, 3, 1) - Gregorian.days(1900, 2, 28), "1900 is not (divisible by 100)");
        assertEquals(Gregorian.days(2026, 2, 1), Gregorian.days(2026, 1, 32), "a day past the month carries on");
        assertArrayEquals(new long[] {1970, 1, 1}, Gregorian.civil(0));
        assertArrayEquals(new long[] {1969, 12, 31}, Gregorian.civil(-1));
        assertArrayEquals(new long[] {2024, 2, 29}, Gregorian.civil(19_782));
    }

    @Test
    void civilAndDaysAreInverses() {
        for (long z = -800_000; z <= 800_000; z += 37) {
            long[] ymd = Gregorian.civil(z);
            assertEquals(z, Gregorian.days(ymd[0], ymd[1], ymd[2]), () -> ymd[0] + "-" + ymd[1] + "-" + ymd[2]);
            assertTrue(ymd[1] >= 1 && ymd[1] <= 12 && ymd[2] >= 1 && ymd[2] <= 31);
        }
    }
}
