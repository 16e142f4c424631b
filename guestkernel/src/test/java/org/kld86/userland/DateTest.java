package org.kld86.userland;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** date(1) as FreeBSD's bin/date prints it, on the virtual clock from the boot epoch ls uses. */
class DateTest {

    private static final String USAGE = "usage: date [-jnRu] [-I[date|hours|minutes|seconds|ns]] [-f input_fmt]\n"
            + "            [ -z output_zone ] [-r filename|seconds] [-v[+|-]val[y|m|w|d|H|M|S]]\n"
            + "            [[[[[[cc]yy]mm]dd]HH]MM[.SS] | new_date] [+output_fmt]\n";

    private final Guest guest = new Guest();

    @AfterEach
    void tearDown() {
        guest.close();
    }

    @Test
    void aFreshMachineIsAtTheBootEpoch() {
        Guest.Run r = guest.run("date");
        assertEquals("Thu Jan  1 00:00:00 UTC 2026\n", r.out());
        assertEquals(0, r.status());
        assertEquals("Thu Jan  1 00:00:00 UTC 2026\n", guest.run("date", "-u").out());
    }

    @Test
    void timePassesWithTheVirtualClock() {
        assertEquals("Thu Jan  1 01:01:05 UTC 2026\n", guest.run("sh", "-c", "sleep 1h 1m 5; date").out());
        assertEquals("Fri Jan  2 01:01:05 UTC 2026\n", guest.run("sh", "-c", "sleep 1d; date").out());
    }

    @Test
    void dashRTakesSecondsSinceTheEpochOrAFile() {
        assertEquals("Thu Jan  1 00:00:00 UTC 1970\n", guest.run("date", "-r", "0").out());
        assertEquals("Tue Feb 29 12:34:56 UTC 2000\n", guest.run("date", "-r", "951827696").out());
        assertEquals("Sun Jan  4 00:00:00 UTC 1970\n", guest.run("date", "-r", "0x3F480").out(), "strtoq base 0");
        assertEquals("Thu Jan  1 00:00:00 UTC 2026\n", guest.run("date", "-r", "/bin/date").out(),
                "a file's modification time");
        Guest.Run bad = guest.run("date", "-r", "/no/such");
        assertEquals(USAGE, bad.err());
        assertEquals(1, bad.exitCode());
    }

    @Test
    void formats() {
        assertEquals("2000-02-29 12:34:56 060 2 Tuesday February 00 20 PM 12:34 +0000\n",
                guest.run("date", "-r", "951827696", "+%F %T %j %u %A %B %y %C %p %R %z").out());
        assertEquals("Tue, 29 Feb 2000 12:34:56 +0000\n", guest.run("date", "-R", "-r", "951827696").out());
        assertEquals("951827696 29 02/29/00 % Q\n", guest.run("date", "-r", "951827696", "+%s %e %D %% %Q").out());
        assertEquals("Tue Feb 29 12:34:56 2000\n", guest.run("date", "-r", "951827696", "+%c").out());
        assertEquals("12 12 12\n", guest.run("date", "-r", "43200", "+%I %l %H").out());
        assertEquals("365\n", guest.run("date", "-r", "1767139200", "+%j").out(), "2025-12-31");
    }

    @Test
    void theClockCannotBeSet() {
        Guest.Run r = guest.run("date", "202601011200");
        assertEquals("date: settimeofday (timeval): Operation not permitted\n", r.err());
        assertEquals(1, r.exitCode());
    }

    @Test
    void badUsage() {
        Guest.Run r = guest.run("date", "-x");
        assertEquals("date: illegal option -- x\n" + USAGE, r.err());
        assertEquals(1, r.exitCode());
        assertEquals(USAGE, guest.run("date", "+%Y", "+%m").err());
    }
}
