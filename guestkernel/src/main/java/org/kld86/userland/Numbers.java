package org.kld86.userland;

/**
 * The number parsing of libc the programs share: strtol(3) with base 0 (decimal, 0x hex, 0 octal) and dd's
 * sizes with their multiplier suffixes.
 */
final class Numbers {

    private Numbers() {
    }

    /** Whether {@code s} is one or more decimal digits. */
    static boolean isDecimal(String s) {
        if (s.isEmpty()) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            if (!Character.isDigit(s.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    /** strtoll(s, &end, 0) that must consume the whole string: the value, or null if it does not. */
    static Long strtoll(String s) {
        String t = s.trim();
        boolean neg = false;
        if (t.startsWith("-") || t.startsWith("+")) {
            neg = t.charAt(0) == '-';
            t = t.substring(1);
        }
        if (t.isEmpty()) {
            return null;
        }
        int radix = 10;
        if (t.length() > 2 && (t.startsWith("0x") || t.startsWith("0X"))) {
            radix = 16;
            t = t.substring(2);
        } else if (t.length() > 1 && t.startsWith("0")) {
            radix = 8;
            t = t.substring(1);
        }
        try {
            long v = Long.parseUnsignedLong(t, radix);
            return neg ? -v : v;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /**
     * dd's get_num: a number with an optional multiplier suffix (b 512, k 1024, m 2^20, g 2^30, w the int size) and
     * products joined by 'x' or '*'; null if malformed.
     */
    static Long ddNumber(String s) {
        int x = s.indexOf('x');
        if (x < 0) {
            x = s.indexOf('*');
        }
        if (x > 0 && !(x == 1 && s.startsWith("0"))) {
            Long a = ddNumber(s.substring(0, x));
            Long b = ddNumber(s.substring(x + 1));
            return a == null || b == null ? null : a * b;
        }
        if (s.isEmpty()) {
            return null;
        }
        long mult = 1;
        char last = s.charAt(s.length() - 1);
        switch (last) {
            case 'b' -> mult = 512;
            case 'k', 'K' -> mult = 1024;
            case 'm', 'M' -> mult = 1L << 20;
            case 'g', 'G' -> mult = 1L << 30;
            case 'w', 'W' -> mult = 4;
            default -> mult = 1;
        }
        String digits = mult == 1 ? s : s.substring(0, s.length() - 1);
        Long v = strtoll(digits);
        return v == null ? null : v * mult;
    }
}
