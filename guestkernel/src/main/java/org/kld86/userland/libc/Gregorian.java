package org.kld86.userland.libc;

/**
 * The calendar of the C library's time functions (gmtime(3), timegm(3)): the proleptic Gregorian calendar in
 * UTC, a day numbered from 1970-01-01 (day 0, negative before it). ls, date and touch all go through here, so
 * a date one of them prints is the date another reads back. The trap: months are 1-12 here, where struct tm's
 * tm_mon is 0-11.
 */
public final class Gregorian {

    private Gregorian() {
    }

    /**
     * The civil date {year, month 1-12, day 1-31} of day number {@code z}. Howard Hinnant's civil_from_days:
     * years counted from March, so the leap day is the last of its year, in 400-year eras of 146097 days.
     */
    public static long[] civil(long z) {
        z += 719468;
        long era = Math.floorDiv(z, 146097);
        long doe = z - era * 146097;
        long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
        long y = yoe + era * 400;
        long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        long mp = (5 * doy + 2) / 153;
        long d = doy - (153 * mp + 2) / 5 + 1;
        long m = mp < 10 ? mp + 3 : mp - 9;
        return new long[] {m <= 2 ? y + 1 : y, m, d};
    }

    /**
     * The day number of {@code year}-{@code month}-{@code day}, month 1-12; a day past the month's end carries
     * into the next (days_from_civil, the inverse of {@link #civil}).
     */
    public static long days(long year, long month, long day) {
        long y = month <= 2 ? year - 1 : year;
        long era = Math.floorDiv(y, 400);
        long yoe = y - era * 400;
        long doy = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5;
        long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        return era * 146097 + doe - 719468 + (day - 1);
    }
}
