package org.kld86.userland;

import org.kld86.userland.libc.Getopt;
import org.kld86.userland.libc.Libc;

/**
 * tr(1), as usr.bin/tr in the C locale: copies standard input to standard output translating the characters of
 * string1 into those of string2 (the last character of a shorter string2 repeats, the BSD behaviour), or with
 * {@code -d} deleting those of string1, and with {@code -s} squeezing runs of a character of the last string
 * given into one. {@code -c} complements string1. Strings know ranges {@code a-z}, the classes
 * {@code [:alpha:]} and friends, and the escapes {@code \n \t \r \\} and {@code \NNN} (octal).
 */
public final class Tr {

    private Tr() {
    }

    public static int main(int argc, long argv, long envp) {
        return Libc.start(argc, argv, envp, Tr::run);
    }

    static int run(Libc c) {
        Getopt g = new Getopt(c, c.args(), "Ccds");
        boolean complement = false;
        boolean delete = false;
        boolean squeeze = false;
        for (int ch; (ch = g.next()) != -1; ) {
            switch (ch) {
                case 'C', 'c' -> complement = true;
                case 'd' -> delete = true;
                case 's' -> squeeze = true;
                default -> {
                    return usage(c);
                }
            }
        }
        String[] rest = g.rest();
        boolean ok = switch (rest.length) {
            case 1 -> delete || squeeze;
            case 2 -> !delete || squeeze;
            default -> false;
        };
        if (!ok) {
            return usage(c);
        }
        int[] s1;
        int[] s2 = null;
        try {
            s1 = expand(rest[0]);
            if (rest.length == 2) {
                s2 = expand(rest[1]);
            }
        } catch (IllegalArgumentException e) {
            c.errx(1, e.getMessage());
            return 1;
        }
        boolean[] in1 = new boolean[256];
        for (int ch : s1) {
            in1[ch] = true;
        }
        if (complement) {
            int n = 0;
            int[] comp = new int[256];
            for (int ch = 0; ch < 256; ch++) {
                in1[ch] = !in1[ch];
                if (in1[ch]) {
                    comp[n++] = ch;
                }
            }
            s1 = java.util.Arrays.copyOf(comp, n);
        }
        int[] map = new int[256];
        for (int ch = 0; ch < 256; ch++) {
            map[ch] = ch;
        }
        boolean[] squeezeSet = new boolean[256];
        if (delete) {
            if (s2 != null) {
                for (int ch : s2) {
                    squeezeSet[ch] = true;
                }
            }
        } else if (s2 != null) {
            if (s2.length == 0) {
                c.errx(1, "empty string2");
                return 1;
            }
            for (int i = 0; i < s1.length; i++) {
                map[s1[i]] = s2[Math.min(i, s2.length - 1)];
            }
            for (int ch : s2) {
                squeezeSet[ch] = true;
            }
        } else {
            squeezeSet = in1;
        }
        byte[] buf = new byte[4096];
        int last = -1;
        for (;;) {
            int n = c.read(0, buf, 0, buf.length);
            if (n <= 0) {
                break;
            }
            for (int i = 0; i < n; i++) {
                int ch = buf[i] & 0xFF;
                if (delete && in1[ch]) {
                    continue;
                }
                ch = map[ch];
                if (squeeze && ch == last && squeezeSet[ch]) {
                    continue;
                }
                c.stdout().putc(ch);
                last = ch;
            }
        }
        return 0;
    }

    private static int usage(Libc c) {
        c.stderr().puts("usage: tr [-Ccsu] string1 string2\n"
                + "       tr [-Ccu] -d string1\n"
                + "       tr [-Ccu] -s string1\n"
                + "       tr [-Ccu] -ds string1 string2\n");
        return 1;
    }

    /** The characters a tr string stands for, in order. */
    static int[] expand(String s) {
        java.util.List<Integer> out = new java.util.ArrayList<>();
        int i = 0;
        while (i < s.length()) {
            if (s.startsWith("[:", i)) {
                int end = s.indexOf(":]", i + 2);
                if (end > 0) {
                    String cls = s.substring(i + 2, end);
                    for (int ch = 0; ch < 128; ch++) {
                        if (inClass(cls, ch)) {
                            out.add(ch);
                        }
                    }
                    i = end + 2;
                    continue;
                }
            }
            int[] next = new int[1];
            int ch = charAt(s, i, next);
            i = next[0];
            if (i < s.length() - 1 && s.charAt(i) == '-') {
                int hi = charAt(s, i + 1, next);
                if (hi < ch) {
                    throw new IllegalArgumentException("Invalid range endpoint.");
                }
                for (int x = ch; x <= hi; x++) {
                    out.add(x);
                }
                i = next[0];
                continue;
            }
            out.add(ch);
        }
        int[] a = new int[out.size()];
        for (int k = 0; k < a.length; k++) {
            a[k] = out.get(k);
        }
        return a;
    }

    private static boolean inClass(String cls, int ch) {
        return switch (cls) {
            case "alpha" -> Character.isLetter(ch);
            case "digit" -> ch >= '0' && ch <= '9';
            case "alnum" -> Character.isLetterOrDigit(ch);
            case "upper" -> ch >= 'A' && ch <= 'Z';
            case "lower" -> ch >= 'a' && ch <= 'z';
            case "space" -> ch == ' ' || (ch >= '\t' && ch <= '\r');
            case "blank" -> ch == ' ' || ch == '\t';
            case "punct" -> ch > 32 && ch < 127 && !Character.isLetterOrDigit(ch);
            case "print" -> ch >= 32 && ch < 127;
            case "graph" -> ch > 32 && ch < 127;
            case "cntrl" -> ch < 32 || ch == 127;
            case "xdigit" -> Character.digit(ch, 16) >= 0;
            default -> throw new IllegalArgumentException("invalid class: " + cls);
        };
    }

    /** One character at {@code i}, escapes decoded; {@code next[0]} is where the following one starts. */
    private static int charAt(String s, int i, int[] next) {
        char ch = s.charAt(i);
        if (ch != '\\' || i + 1 >= s.length()) {
            next[0] = i + 1;
            return ch & 0xFF;
        }
        char e = s.charAt(i + 1);
        if (e >= '0' && e <= '7') {
            int v = 0;
            int j = i + 1;
            while (j < s.length() && j < i + 4 && s.charAt(j) >= '0' && s.charAt(j) <= '7') {
                v = v * 8 + (s.charAt(j) - '0');
                j++;
            }
            next[0] = j;
            return v & 0xFF;
        }
        next[0] = i + 2;
        return switch (e) {
            case 'n' -> '\n';
            case 't' -> '\t';
            case 'r' -> '\r';
            case 'a' -> 7;
            case 'b' -> '\b';
            case 'f' -> '\f';
            case 'v' -> 11;
            default -> e & 0xFF;
        };
    }
}
