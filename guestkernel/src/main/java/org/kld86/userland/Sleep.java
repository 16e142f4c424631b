package org.kld86.userland;

import org.kld86.userland.libc.Getopt;
import org.kld86.userland.libc.Libc;

/**
 * sleep(1): waits for the sum of its operands, as FreeBSD's usr.bin/sleep/sleep.c (sleep(1) manual page).
 *
 * <pre>
 * usage: sleep number[unit] [...]
 * Unit can be 's' (seconds, the default), m (minutes), h (hours), or d (days).
 * </pre>
 * Each operand is a decimal number, fractions allowed, with an optional unit letter; one that is not is
 * {@code sleep: invalid time interval: X}, then the usage and status 1, as is a total above INT_MAX seconds.
 * Options are none: "-1" is an illegal option. The wait is nanosleep(2) on the virtual clock, so it passes in
 * virtual time, and a signal (kill(1), ^C) ends it and the process with it; a total below a nanosecond returns
 * at once.
 */
public final class Sleep {

    private static final int EINTR = 4;

    private Sleep() {
    }

    public static int main(int argc, long argv, long envp) {
        return Libc.start(argc, argv, envp, Sleep::run);
    }

    static int run(Libc c) {
        Getopt g = new Getopt(c, "");
        if (g.next() != -1) {
            return usage(c);
        }
        String[] rest = g.rest();
        if (rest.length < 1) {
            return usage(c);
        }
        double seconds = 0;
        for (String a : rest) {
            seconds += parseInterval(c, a);
        }
        if (seconds > Integer.MAX_VALUE) {
            return usage(c);
        }
        if (seconds < 1e-9) {
            return 0;
        }
        long sec = (long) seconds;
        long nsec = (long) (1e9 * (seconds - sec));
        long[] left = {sec, nsec};
        for (;;) {
            int r = c.nanosleep(left[0], left[1], left);
            if (r == 0) {
                return 0;
            }
            if (r != -EINTR) {
                c.err(1, "nanosleep", r);
                return 1;
            }
        }
    }

    /** parse_interval: a number and an optional unit, in seconds; infinity (after the warning) if it is neither. */
    static double parseInterval(Libc c, String arg) {
        int end = numberEnd(arg);
        if (end > 0) {
            double num = Double.parseDouble(arg.substring(0, end));
            String unit = arg.substring(end);
            double scale = switch (unit) {
                case "", "s" -> 1;
                case "m" -> 60;
                case "h" -> 3600;
                case "d" -> 86400;
                default -> -1;
            };
            if (scale > 0) {
                return num * scale;
            }
        }
        c.warnx("invalid time interval: " + arg);
        return Double.POSITIVE_INFINITY;
    }

    /** Where the leading decimal number of {@code s} (digits, a point, digits, an exponent) ends; 0 if none. */
    private static int numberEnd(String s) {
        int i = 0;
        if (i < s.length() && (s.charAt(i) == '+' || s.charAt(i) == '-')) {
            i++;
        }
        int digits = 0;
        while (i < s.length() && Character.isDigit(s.charAt(i))) {
            i++;
            digits++;
        }
        if (i < s.length() && s.charAt(i) == '.') {
            i++;
            while (i < s.length() && Character.isDigit(s.charAt(i))) {
                i++;
                digits++;
            }
        }
        if (digits == 0) {
            return 0;
        }
        if (i + 1 < s.length() && (s.charAt(i) == 'e' || s.charAt(i) == 'E')) {
            int j = i + 1;
            if (j < s.length() && (s.charAt(j) == '+' || s.charAt(j) == '-')) {
                j++;
            }
            int k = j;
            while (k < s.length() && Character.isDigit(s.charAt(k))) {
                k++;
            }
            if (k > j) {
                i = k;
            }
        }
        return i;
    }

    private static int usage(Libc c) {
        c.stderr().puts("usage: sleep number[unit] [...]\n"
                + "Unit can be 's' (seconds, the default), m (minutes), h (hours), or d (days).\n");
        return 1;
    }
}
