package org.kld86.userland;

import org.kld86.userland.libc.Getopt;
import org.kld86.userland.libc.Gregorian;
import org.kld86.userland.libc.Libc;
import org.kld86.userland.libc.Stat;

/**
 * date(1): prints the date and time, as FreeBSD's bin/date/date.c (date(1) and strftime(3) manual pages).
 *
 * <pre>
 * date [-jnRu] [-r filename|seconds] [+output_fmt]
 * </pre>
 * (the usage message is FreeBSD's whole one; -I, -f, -v and -z are not here).
 * The clock is the virtual one: the machine boots at {@link Ls#BOOT_EPOCH} (2026-01-01 00:00:00 UTC), the epoch ls
 * puts file times on, and the time is that plus the virtual time since boot, so a fresh machine says
 * {@code Thu Jan  1 00:00:00 UTC 2026} and every run says the same. The zone is UTC (there is no /etc/localtime),
 * so -u changes nothing. The default format is strftime's {@code %+} ({@code %a %b %e %H:%M:%S %Z %Y}); -R is RFC
 * 2822's {@code %a, %d %b %Y %T %z}; {@code +format} is any strftime format. -r prints the time given in seconds
 * since the Epoch, or, if it is not a number, the modification time of that file. -j and -n are accepted and do
 * nothing, as there is nothing to set.
 *
 * <p>The virtual clock cannot be set: an operand that would set it ({@code [[[[[cc]yy]mm]dd]HH]MM[.SS]}) fails as
 * settimeofday(2) fails for a user who may not set the clock, {@code date: settimeofday (timeval): Operation not
 * permitted}, status 1.
 */
public final class Date {

    static final String[] DAYS = {"Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"};
    static final String[] MONTHS = {"January", "February", "March", "April", "May", "June", "July", "August",
        "September", "October", "November", "December"};

    private Date() {
    }

    public static int main(int argc, long argv, long envp) {
        return Libc.start(argc, argv, envp, Date::run);
    }

    static int run(Libc c) {
        Getopt g = new Getopt(c, "jnRr:u");
        String format = "%+";
        Long when = null;
        for (int ch; (ch = g.next()) != -1; ) {
            switch (ch) {
                case 'j', 'n', 'u' -> {
                    // nothing to set, and the zone is UTC already
                }
                case 'R' -> format = "%a, %d %b %Y %T %z";
                case 'r' -> {
                    when = seconds(c, g.optarg());
                    if (when == null) {
                        return usage(c);
                    }
                }
                default -> {
                    return usage(c);
                }
            }
        }
        String[] rest = g.rest();
        int i = 0;
        if (i < rest.length && !rest[i].startsWith("+")) {
            c.warn("settimeofday (timeval)", -1);
            return 1;
        }
        if (i < rest.length) {
            format = rest[i++].substring(1);
        }
        if (i < rest.length) {
            return usage(c);
        }
        long t = when != null ? when : Ls.BOOT_EPOCH + c.nanouptime() / 1_000_000_000L;
        c.stdout().puts(strftime(format, t) + "\n");
        return 0;
    }

    /** -r's argument: a number of seconds (strtoq base 0), or a file's modification time; null if neither. */
    private static Long seconds(Libc c, String arg) {
        try {
            if (arg.matches("[-+]?0[xX][0-9a-fA-F]+")) {
                return Long.parseLong(arg.replaceFirst("0[xX]", ""), 16);
            }
            if (arg.matches("[-+]?0[0-7]+")) {
                return Long.parseLong(arg, 8);
            }
            return Long.parseLong(arg);
        } catch (NumberFormatException e) {
            Stat st = new Stat();
            return c.stat(arg, st) == 0 ? Ls.BOOT_EPOCH + st.mtime : null;
        }
    }

    /** strftime(3) in the C locale and UTC for {@code t} seconds since the Epoch. */
    static String strftime(String format, long t) {
        long days = Math.floorDiv(t, 86400L);
        long secs = Math.floorMod(t, 86400L);
        long[] ymd = Gregorian.civil(days);
        int year = (int) ymd[0];
        int month = (int) ymd[1];
        int day = (int) ymd[2];
        int hour = (int) (secs / 3600);
        int min = (int) (secs / 60 % 60);
        int sec = (int) (secs % 60);
        int wday = (int) Math.floorMod(days + 4, 7L); // 1970-01-01 was a Thursday
        int yday = (int) (days - Gregorian.days(year, 1, 1));
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < format.length(); i++) {
            char f = format.charAt(i);
            if (f != '%' || i + 1 == format.length()) {
                out.append(f);
                continue;
            }
            char k = format.charAt(++i);
            switch (k) {
                case 'a' -> out.append(DAYS[wday], 0, 3);
                case 'A' -> out.append(DAYS[wday]);
                case 'b', 'h' -> out.append(MONTHS[month - 1], 0, 3);
                case 'B' -> out.append(MONTHS[month - 1]);
                case 'c' -> out.append(strftime("%a %b %e %H:%M:%S %Y", t));
                case 'C' -> out.append(two(Math.floorDiv(year, 100)));
                case 'd' -> out.append(two(day));
                case 'D' -> out.append(strftime("%m/%d/%y", t));
                case 'e' -> out.append(day < 10 ? " " + day : Integer.toString(day));
                case 'F' -> out.append(strftime("%Y-%m-%d", t));
                case 'H' -> out.append(two(hour));
                case 'I' -> out.append(two(hour % 12 == 0 ? 12 : hour % 12));
                case 'j' -> out.append(Libc.format("%03d", yday + 1));
                case 'k' -> out.append(hour < 10 ? " " + hour : Integer.toString(hour));
                case 'l' -> {
                    int h = hour % 12 == 0 ? 12 : hour % 12;
                    out.append(h < 10 ? " " + h : Integer.toString(h));
                }
                case 'm' -> out.append(two(month));
                case 'M' -> out.append(two(min));
                case 'n' -> out.append('\n');
                case 'p' -> out.append(hour < 12 ? "AM" : "PM");
                case 'r' -> out.append(strftime("%I:%M:%S %p", t));
                case 'R' -> out.append(strftime("%H:%M", t));
                case 's' -> out.append(t);
                case 'S' -> out.append(two(sec));
                case 't' -> out.append('\t');
                case 'T', 'X' -> out.append(strftime("%H:%M:%S", t));
                case 'u' -> out.append(wday == 0 ? 7 : wday);
                case 'w' -> out.append(wday);
                case 'x' -> out.append(strftime("%m/%d/%y", t));
                case 'y' -> out.append(two(Math.floorMod(year, 100)));
                case 'Y' -> out.append(year);
                case 'z' -> out.append("+0000");
                case 'Z' -> out.append("UTC");
                case '+' -> out.append(strftime("%a %b %e %H:%M:%S %Z %Y", t));
                case '%' -> out.append('%');
                default -> out.append(k); // an undefined conversion prints its character, as FreeBSD's does
            }
        }
        return out.toString();
    }

    private static String two(long v) {
        return v < 10 ? "0" + v : Long.toString(v);
    }

    private static int usage(Libc c) {
        c.stderr().puts("usage: date [-jnRu] [-I[date|hours|minutes|seconds|ns]] [-f input_fmt]\n"
                + "            [ -z output_zone ] [-r filename|seconds] [-v[+|-]val[y|m|w|d|H|M|S]]\n"
                + "            [[[[[[cc]yy]mm]dd]HH]MM[.SS] | new_date] [+output_fmt]\n");
        return 1;
    }
}
