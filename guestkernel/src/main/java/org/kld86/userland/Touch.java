package org.kld86.userland;

import org.kld86.libkern.Errnos;
import org.kld86.userland.libc.Getopt;
import org.kld86.userland.libc.Gregorian;
import org.kld86.userland.libc.Libc;
import org.kld86.userland.libc.Stat;

/**
 * touch(1) (FreeBSD's usr.bin/touch/touch.c, man page touch.1): sets the access and modification times of each
 * file to now, making a missing file (mode 0666, DEFFILEMODE) unless -c. -a or -m set only that time; -r file
 * takes the times of another file, -t {@code [[CC]YY]MMDDhhmm[.SS]} and -d {@code YYYY-MM-DDThh:mm:SS[.frac][Z]}
 * a given time, and so does touch.c's obsolete first operand {@code MMDDhhmm[yy]} when there are at least two.
 * The times go to the kernel through utimensat(2), UTIME_NOW for "now" and UTIME_OMIT for the time left alone.
 *
 * <p>Dates are UTC (the guest has no time zone) on the calendar ls uses: boot is {@link Ls#BOOT_EPOCH}, and file
 * times are seconds since boot, so a date is turned into seconds since boot; one too far from boot for a 32-bit
 * time_t is out of range. Out-of-range fields are carried over as mktime(3) does (month 13 is January of the next
 * year). Messages: {@code touch: f: Permission denied} for a file it cannot create or change (status 1, the others
 * are still done); a bad -t or -d is {@code touch: out of range or illegal time specification: ...}, a missing -r
 * file {@code touch: f: No such file or directory}, both status 1; a bad option or no file prints the usage and
 * exits 1. -A (adjusting by an offset) is not taken.
 */
public final class Touch {

    private static final String T_FORMAT = "[[CC]YY]MMDDhhmm[.SS]";
    private static final String D_FORMAT = "YYYY-MM-DDThh:mm:SS[.frac][tz]";

    private Touch() {
    }

    public static int main(int argc, long argv, long envp) {
        return Libc.start(argc, argv, envp, Touch::run);
    }

    private static int usage(Libc c) {
        c.stderr().puts("usage: touch [-A [-][[hh]mm]SS] [-achm] [-r file] [-t [[CC]YY]MMDDhhmm[.SS]]\n"
                + "       [-d YYYY-MM-DDThh:mm:SS[.frac][tz]] file ...\n");
        return 1;
    }

    static int run(Libc c) {
        Getopt g = new Getopt(c, "acd:fhmr:t:");
        boolean aflag = false;
        boolean mflag = false;
        boolean cflag = false;
        boolean timeset = false;
        long[] ts = {0, Libc.UTIME_NOW, 0, Libc.UTIME_NOW};
        long now = Ls.BOOT_EPOCH + c.nanouptime() / 1_000_000_000L;
        for (int ch; (ch = g.next()) != -1; ) {
            switch (ch) {
                case 'a' -> aflag = true;
                case 'c' -> cflag = true;
                case 'd' -> {
                    timeset = true;
                    Long t = dateArg(g.optarg());
                    if (t == null || !setBoth(ts, t)) {
                        c.errx(1, "out of range or illegal time specification: " + D_FORMAT);
                        return 1;
                    }
                }
                case 'f', 'h' -> { } // -f is a no-op in FreeBSD too; -h: there are no symbolic links here
                case 'm' -> mflag = true;
                case 'r' -> {
                    timeset = true;
                    Stat sb = new Stat();
                    int r = c.stat(g.optarg(), sb);
                    if (r < 0) {
                        c.err(1, g.optarg(), r);
                        return 1;
                    }
                    ts[0] = sb.atime;
                    ts[1] = 0;
                    ts[2] = sb.mtime;
                    ts[3] = 0;
                }
                case 't' -> {
                    timeset = true;
                    Long t = timeArg(g.optarg(), now);
                    if (t == null || !setBoth(ts, t)) {
                        c.errx(1, "out of range or illegal time specification: " + T_FORMAT);
                        return 1;
                    }
                }
                default -> {
                    return usage(c);
                }
            }
        }
        String[] files = g.rest();
        int first = 0;
        if (!timeset && files.length > 1 && files[0].matches("[0-9]{8}([0-9]{2})?")) {
            Long t = obsoleteArg(files[0], now);
            if (t == null || !setBoth(ts, t)) {
                c.errx(1, "out of range or illegal time specification: MMDDhhmm[yy]");
                return 1;
            }
            timeset = true;
            first = 1;
        }
        if (!aflag && !mflag) {
            aflag = mflag = true;
        }
        if (!aflag) {
            ts[1] = Libc.UTIME_OMIT;
        }
        if (!mflag) {
            ts[3] = Libc.UTIME_OMIT;
        }
        if (first >= files.length) {
            return usage(c);
        }
        int rval = 0;
        for (int i = first; i < files.length; i++) {
            String f = files[i];
            Stat sb = new Stat();
            int r = c.stat(f, sb);
            if (r < 0) {
                if (r != -Errnos.ENOENT) {
                    c.warn(f, r);
                    rval = 1;
                    continue;
                }
                if (cflag) {
                    continue;
                }
                int fd = c.open(f, Libc.O_WRONLY | Libc.O_CREAT, 0666);
                if (fd < 0) {
                    c.warn(f, fd);
                    rval = 1;
                    continue;
                }
                c.close(fd);
                if (!timeset) {
                    continue; // a new file has the current time already
                }
            }
            r = c.utimensat(f, ts, 0);
            if (r < 0) {
                c.warn(f, r);
                rval = 1;
            }
        }
        return rval;
    }

    /** Both times to {@code epochSeconds}, as seconds since boot; false if that does not fit a 32-bit time_t. */
    private static boolean setBoth(long[] ts, long epochSeconds) {
        long sinceBoot = epochSeconds - Ls.BOOT_EPOCH;
        if (sinceBoot < Integer.MIN_VALUE || sinceBoot > Integer.MAX_VALUE) {
            return false;
        }
        ts[0] = sinceBoot;
        ts[1] = 0;
        ts[2] = sinceBoot;
        ts[3] = 0;
        return true;
    }

    /** stime_arg1(): {@code [[CC]YY]MMDDhhmm[.SS]}, the year this year's when not given; null if malformed. */
    static Long timeArg(String arg, long now) {
        String a = arg;
        int sec = 0;
        int dot = a.indexOf('.');
        if (dot >= 0) {
            String s = a.substring(dot + 1);
            if (!s.matches("[0-9]{2}")) {
                return null;
            }
            sec = Integer.parseInt(s);
            a = a.substring(0, dot);
        }
        if (!a.matches("[0-9]+")) {
            return null;
        }
        long year = Gregorian.civil(Math.floorDiv(now, 86400L))[0];
        switch (a.length()) {
            case 12 -> {
                year = Integer.parseInt(a.substring(0, 4));
                a = a.substring(4);
            }
            case 10 -> {
                int yy = Integer.parseInt(a.substring(0, 2));
                year = yy < 69 ? 2000 + yy : 1900 + yy;
                a = a.substring(2);
            }
            case 8 -> { }
            default -> {
                return null;
            }
        }
        return mktime(year, two(a, 0) - 1, two(a, 2), two(a, 4), two(a, 6), sec);
    }

    /** stime_arg2(): the obsolete {@code MMDDhhmm[yy]} operand. */
    static Long obsoleteArg(String a, long now) {
        long year = Gregorian.civil(Math.floorDiv(now, 86400L))[0];
        if (a.length() == 10) {
            int yy = two(a, 8);
            year = yy < 39 ? 2000 + yy : 1900 + yy;
        }
        return mktime(year, two(a, 0) - 1, two(a, 2), two(a, 4), two(a, 6), 0);
    }

    /** stime_darg(): {@code YYYY-MM-DDThh:mm:SS[.frac][Z]} (T or a space; the fraction is dropped). */
    static Long dateArg(String a) {
        if (!a.matches("[0-9]{4}-[0-9]{2}-[0-9]{2}[T ][0-9]{2}:[0-9]{2}:[0-9]{2}([.,][0-9]+)?Z?")) {
            return null;
        }
        return mktime(Integer.parseInt(a.substring(0, 4)), two(a, 5) - 1, two(a, 8), two(a, 11), two(a, 14),
                two(a, 17));
    }

    private static int two(String s, int at) {
        return Integer.parseInt(s.substring(at, at + 2));
    }

    /** mktime(3) in UTC: seconds since 1970 of a date, a month outside 0-11 carried into the year. */
    static long mktime(long year, long mon0, long mday, long hour, long min, long sec) {
        long days = Gregorian.days(year + Math.floorDiv(mon0, 12), Math.floorMod(mon0, 12) + 1, mday);
        return days * 86400L + hour * 3600L + min * 60L + sec;
    }
}
