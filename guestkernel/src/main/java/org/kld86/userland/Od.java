package org.kld86.userland;

import java.util.ArrayList;
import java.util.List;
import org.kld86.userland.libc.Getopt;
import org.kld86.userland.libc.Libc;

/**
 * od(1) (FreeBSD's usr.bin/hexdump, od's syntax in odsyntax.c and the output of display.c; man page od.1): the
 * input (the files one after the other, or standard input) 16 bytes a line, each line starting with its offset
 * ({@code %07o}, or decimal or hex with -A d or -A x, none with -A n), then the bytes in each format asked for,
 * each format on its own line (the second and later indented to line up). Default: octal 2-byte words (-o).
 *
 * <p>Formats (-t, and the old letters): {@code a} named characters, {@code c} characters with C escapes,
 * {@code d}/{@code o}/{@code u}/{@code x} integers of 1, 2 or 4 bytes (C, S, I, L or a digit; 4 by default),
 * little-endian as i386 reads them. -b is o1, -c is c, -d u2, -D u4, -o/-B o2, -O o4, -s d2, -x/-h x2, -X/-H
 * x4, -i/-I/-l/-L d4. Each field is as wide as its largest value, as odformatint() computes it. A unit that
 * starts past the end of the input is printed as blanks of the same width; one that runs past it is read with
 * zeros. A 16-byte line equal to the one before is printed as {@code *} once, unless -v. The last line is the
 * offset of the end (of the last line shown, when the input ends in a short repeat of the line before: hexdump's
 * get() drops such a block before counting it); empty input prints nothing.
 *
 * <p>-j skips bytes (a {@code b}, {@code k} or {@code m} suffix multiplies), -N stops after so many bytes, and an
 * operand {@code [+]offset[.][Bb]} (octal, decimal with '.', hex with {@code x} or {@code 0x}) is a skip as in
 * odoffset(). Messages as hexdump's: {@code od: f: No such file or directory} (the others are still read,
 * status 1), {@code od: d: Is a directory} for a read that fails (the status stays),
 * {@code od: cannot skip past end of input}, {@code od: q: unrecognised format character}; a bad option prints
 * the usage and exits 1. The floating point formats (-e, -F, -f, -t f) are not taken.
 */
public final class Od {

    private static final String PADDING = "         ";
    private static final String[] NAMES = {"nul", "soh", "stx", "etx", "eot", "enq", "ack", "bel", "bs", "ht", "nl",
        "vt", "ff", "cr", "so", "si", "dle", "dc1", "dc2", "dc3", "dc4", "nak", "syn", "etb", "can", "em", "sub",
        "esc", "fs", "gs", "rs", "us"};

    /** One output format: a conversion ('a', 'c', 'd', 'o', 'u', 'x') on units of {@code size} bytes. */
    record Format(char conv, int size, int digits, int lead) {
    }

    private Od() {
    }

    public static int main(int argc, long argv, long envp) {
        return Libc.start(argc, argv, envp, Od::run);
    }

    private static int usage(Libc c) {
        c.stderr().puts("usage: od [-aBbcDdeFfHhIiLlOosvXx] [-A base] [-j skip] [-N length] [-t type]\n"
                + "          [[+]offset[.][Bb]] [file ...]\n");
        return 1;
    }

    static int run(Libc c) {
        Getopt g = new Getopt(c, "A:aBbcDdHhIij:LlN:Oost:vXx");
        List<Format> formats = new ArrayList<>();
        char base = 'o';
        long skip = 0;
        long length = -1;
        boolean all = false;
        for (int ch; (ch = g.next()) != -1; ) {
            String t = switch (ch) {
                case 'a' -> "a";
                case 'B', 'o' -> "o2";
                case 'b' -> "o1";
                case 'c' -> "c";
                case 'd' -> "u2";
                case 'D' -> "u4";
                case 'H', 'X' -> "x4";
                case 'h', 'x' -> "x2";
                case 'I', 'L', 'l' -> "dL";
                case 'i' -> "dI";
                case 'O' -> "o4";
                case 's' -> "d2";
                case 't' -> g.optarg();
                default -> null;
            };
            if (t != null) {
                String error = parse(t, formats);
                if (error != null) {
                    c.errx(1, error);
                    return 1;
                }
                continue;
            }
            switch (ch) {
                case 'A' -> {
                    String a = g.optarg();
                    if (a.isEmpty() || "doxn".indexOf(a.charAt(0)) < 0) {
                        c.errx(1, a + ": invalid address base");
                        return 1;
                    }
                    base = a.charAt(0);
                }
                case 'j' -> {
                    skip = skipAmount(g.optarg());
                    if (skip < 0) {
                        c.errx(1, g.optarg() + ": invalid skip amount");
                        return 1;
                    }
                }
                case 'N' -> {
                    length = atoi(g.optarg());
                    if (length <= 0) {
                        c.errx(1, g.optarg() + ": invalid length");
                        return 1;
                    }
                }
                case 'v' -> all = true;
                default -> {
                    return usage(c);
                }
            }
        }
        if (formats.isEmpty()) {
            parse("oS", formats);
        }
        List<String> files = new ArrayList<>(List.of(g.rest()));
        long[] offset = offset(files);
        if (offset != null) {
            skip = offset[0];
            if (offset[1] != 0) {
                base = (char) offset[1];
            }
        }
        Hexdump.Input in = new Hexdump.Input(c, files.toArray(new String[0]));
        if (in.skip(skip) > 0) {
            c.errx(1, "cannot skip past end of input");
            return 1;
        }
        dump(c, in, skip, length, formats, base, all);
        return in.status();
    }

    /**
     * The lines for the input after {@code skip} bytes, {@code length} of them at most (all when negative),
     * offsets counted from 0 (so the first is {@code skip}). Only a line and the one before it are held, and no
     * read asks for more than the length leaves, so a device that never ends is read no further than -N says.
     */
    static void dump(Libc c, Hexdump.Input in, long skip, long length, List<Format> formats, char base,
            boolean all) {
        byte[] block = new byte[16];
        byte[] prev = new byte[16];
        boolean havePrev = false;
        boolean starred = false;
        long at = skip;
        long last = skip;
        for (;;) {
            int want = length < 0 ? 16 : (int) Math.min(16, skip + length - at);
            java.util.Arrays.fill(block, (byte) 0); // a unit that runs past the end is read with zeros
            int n = want <= 0 ? 0 : in.read(block, want);
            if (n <= 0) {
                break;
            }
            last = at + n;
            if (!all && havePrev && same(prev, block, n)) {
                if (!starred) {
                    c.puts("*\n");
                    starred = true;
                }
                if (n < 16) {
                    last = at; // get() drops a repeated partial block before it counts its bytes
                }
            } else {
                starred = false;
                StringBuilder sb = new StringBuilder();
                for (int fi = 0; fi < formats.size(); fi++) {
                    sb.append(fi == 0 && base != 'n' ? address(at, base) + "  " : PADDING);
                    line(sb, block, n, formats.get(fi));
                    sb.append('\n');
                }
                c.puts(sb.toString());
            }
            byte[] t = prev;
            prev = block;
            block = t;
            havePrev = true;
            at += n;
        }
        if (at > 0 && base != 'n') {
            c.puts(address(last, base) + "\n");
        }
    }

    private static boolean same(byte[] a, byte[] b, int n) {
        return java.util.Arrays.equals(a, 0, n, b, 0, n);
    }

    private static String address(long a, char base) {
        return switch (base) {
            case 'd' -> Libc.format("%07d", a);
            case 'x' -> Libc.format("%07x", a);
            default -> Libc.format("%07o", a);
        };
    }

    /** One format's units of a block of which {@code n} bytes are input. */
    private static void line(StringBuilder sb, byte[] block, int n, Format f) {
        for (int i = 0; i < 16; i += f.size()) {
            sb.append(" ".repeat(f.lead()));
            if (i >= n) {
                sb.append(" ".repeat(f.digits())).append(f.conv() == 'a' || f.conv() == 'c' ? " " : "");
                continue;
            }
            long u = 0;
            for (int k = f.size() - 1; k >= 0; k--) {
                u = (u << 8) | (block[i + k] & 0xFF);
            }
            switch (f.conv()) {
                case 'c' -> sb.append(pad(charOf((int) u), 3)).append(' ');
                case 'a' -> sb.append(pad(nameOf((int) u), 3)).append(' ');
                case 'd' -> {
                    long s = u << (64 - 8 * f.size()) >> (64 - 8 * f.size());
                    sb.append(pad(Long.toString(s), f.digits()));
                }
                case 'u' -> sb.append(pad(Long.toString(u), f.digits()));
                case 'x' -> sb.append(zeros(Long.toHexString(u), f.digits()));
                default -> sb.append(zeros(Long.toOctalString(u), f.digits()));
            }
        }
    }

    /** conv_c(): C escapes, printable characters as themselves, the rest as three octal digits. */
    private static String charOf(int b) {
        return switch (b) {
            case 0 -> "\\0";
            case 7 -> "\\a";
            case 8 -> "\\b";
            case 12 -> "\\f";
            case 10 -> "\\n";
            case 13 -> "\\r";
            case 9 -> "\\t";
            case 11 -> "\\v";
            default -> b >= 0x20 && b < 0x7F ? String.valueOf((char) b) : zeros(Integer.toOctalString(b), 3);
        };
    }

    /** conv_u() as od uses it: control characters by name (nl for newline), sp, del, hex above 0x7f. */
    private static String nameOf(int b) {
        if (b < 0x20) {
            return NAMES[b];
        }
        if (b == 0x7F) {
            return "del";
        }
        if (b == 0x20) {
            return " sp";
        }
        return b < 0x7F ? String.valueOf((char) b) : Integer.toHexString(b);
    }

    private static String pad(String s, int width) {
        return s.length() >= width ? s : " ".repeat(width - s.length()) + s;
    }

    private static String zeros(String s, int width) {
        return s.length() >= width ? s : "0".repeat(width - s.length()) + s;
    }

    /** odformat(): the formats of a -t argument, or the error message. */
    static String parse(String t, List<Format> out) {
        int i = 0;
        while (i < t.length()) {
            char ch = t.charAt(i++);
            switch (ch) {
                case 'a', 'c' -> out.add(new Format(ch, 1, 3, 0));
                case 'd', 'o', 'u', 'x' -> {
                    int size = 4;
                    if (i < t.length() && "CISL".indexOf(t.charAt(i)) >= 0) {
                        size = switch (t.charAt(i)) {
                            case 'C' -> 1;
                            case 'S' -> 2;
                            default -> 4; // int and long are 4 bytes on i386
                        };
                        i++;
                    } else if (i < t.length() && Character.isDigit(t.charAt(i))) {
                        int j = i;
                        while (j < t.length() && Character.isDigit(t.charAt(j))) {
                            j++;
                        }
                        size = Integer.parseInt(t.substring(i, Math.min(j, i + 9)));
                        if (size == 0) {
                            return t.substring(i) + ": invalid size";
                        }
                        if (size != 1 && size != 2 && size != 4) {
                            return "unsupported int size " + size;
                        }
                        i = j;
                    }
                    // odformatint(): as many digits as the largest value takes (octal's count for decimal), one
                    // more for a sign, the field padded to 4 columns a byte
                    long n = size == 4 ? 0xFFFF_FFFFL : (1L << (8 * size)) - 1;
                    int digits = 0;
                    for (; n != 0; n >>>= ch == 'x' ? 4 : 3) {
                        digits++;
                    }
                    if (ch == 'd') {
                        digits++;
                    }
                    out.add(new Format(ch, size, digits, 4 * size - digits));
                }
                default -> {
                    return ch + ": unrecognised format character";
                }
            }
        }
        return null;
    }

    /** -j's amount: a C number (0x hex, 0 octal) with an optional b, k or m; -1 if malformed. */
    static long skipAmount(String s) {
        int end = s.length();
        long mult = 1;
        if (end > 0 && "bkm".indexOf(s.charAt(end - 1)) >= 0) {
            mult = switch (s.charAt(end - 1)) {
                case 'b' -> 512;
                case 'k' -> 1024;
                default -> 1048576;
            };
            end--;
        }
        String num = s.substring(0, end);
        try {
            long v;
            if (num.startsWith("0x") || num.startsWith("0X")) {
                v = Long.parseLong(num.substring(2), 16);
            } else if (num.length() > 1 && num.startsWith("0")) {
                v = Long.parseLong(num.substring(1), 8);
            } else {
                v = Long.parseLong(num);
            }
            return v < 0 ? -1 : v * mult;
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static long atoi(String s) {
        int i = 0;
        while (i < s.length() && (Character.isDigit(s.charAt(i)) || (i == 0 && s.charAt(i) == '-'))) {
            i++;
        }
        try {
            return Long.parseLong(s.substring(0, i));
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    /**
     * odoffset(): whether the last operand (of one, if it starts with '+'; of two, if it looks like a number) is
     * an offset. If so it is taken off {@code files} and {skip, address base or 0} returned; otherwise null.
     */
    static long[] offset(List<String> files) {
        int argc = files.size();
        if (argc == 0 || argc > 2) {
            return null;
        }
        String p = argc == 1 ? files.get(0) : files.get(1);
        if (p.isEmpty()) {
            return null;
        }
        boolean hexStart = p.length() > 1 && p.charAt(0) == 'x' && isHex(p.charAt(1));
        if (p.charAt(0) != '+' && (argc < 2 || (!Character.isDigit(p.charAt(0)) && !hexStart))) {
            return null;
        }
        int i = 0;
        int radix = 0;
        if (p.charAt(i) == '+') {
            i++;
        }
        if (i + 1 < p.length() && p.charAt(i) == 'x' && isHex(p.charAt(i + 1))) {
            i++;
            radix = 16;
        } else if (i + 1 < p.length() && p.charAt(i) == '0' && p.charAt(i + 1) == 'x') {
            i += 2;
            radix = 16;
        }
        int num = i;
        while (i < p.length() && (radix == 16 ? isHex(p.charAt(i)) : Character.isDigit(p.charAt(i)))) {
            i++;
        }
        if (num == i) {
            return null;
        }
        String digits = p.substring(num, i);
        if (i < p.length() && p.charAt(i) == '.') {
            if (radix != 0) {
                return null;
            }
            radix = 10;
            i++;
        }
        long skip;
        try {
            skip = Long.parseLong(digits, radix == 0 ? 8 : radix);
        } catch (NumberFormatException e) {
            return null; // a digit 8 or 9 in an octal offset: a file name after all
        }
        if (i < p.length() && p.charAt(i) == 'B') {
            skip *= 1024;
            i++;
        } else if (i < p.length() && p.charAt(i) == 'b') {
            skip *= 512;
            i++;
        }
        if (i < p.length()) {
            return null;
        }
        files.remove(files.size() - 1);
        return new long[] {skip, radix == 16 ? 'x' : radix == 10 ? 'd' : 0};
    }

    private static boolean isHex(char ch) {
        return Character.digit(ch, 16) >= 0;
    }
}
