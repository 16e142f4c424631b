package org.kld86.libkern;

import java.util.function.LongFunction;

/**
 * C printf formatting, shared by the kernel (printf(9), printk) and user programs (printf(3)), as FreeBSD's
 * libkern and libc share their formatting code: flags {@code -0+ #}, width and precision
 * (also {@code *}), length modifiers {@code hh h l ll j z t q} and conversions {@code d i u o x X c s p %}.
 *
 * <p>Types follow i386: {@code int} and {@code long} are 32 bits, {@code long long} (and {@code %j}) 64. A Java
 * {@code long} given to {@code %u} or {@code %x} without {@code ll}/{@code j} is taken as its low 32 bits, the
 * way a guest address held in a long is meant. A number given to {@code %s} is a guest address of a C string,
 * read through {@code cString}.
 *
 * <p>Two dialects differ only in {@code %p}: FreeBSD's kernel printf prints {@code 0x} and the hex digits
 * (kvprintf), Linux 2.6's printk eight zero-padded hex digits without {@code 0x} (LDD3's scullp output).
 */
public final class CFormat {

    /** How %p prints. */
    public enum Dialect { FREEBSD, LINUX }

    private CFormat() {
    }

    /** Formats with no access to guest memory (a number for %s prints as "(guest string)"). */
    public static String format(Dialect dialect, String fmt, Object... args) {
        return format(dialect, a -> "(guest string at 0x" + Long.toHexString(a) + ")", fmt, args);
    }

    public static String format(Dialect dialect, LongFunction<String> cString, String fmt, Object... args) {
        StringBuilder out = new StringBuilder();
        int argi = 0;
        int n = fmt.length();
        for (int i = 0; i < n; i++) {
            char c = fmt.charAt(i);
            if (c != '%') {
                out.append(c);
                continue;
            }
            if (++i >= n) {
                out.append('%');
                break;
            }
            boolean left = false;
            boolean zero = false;
            boolean plus = false;
            boolean space = false;
            boolean alt = false;
            for (;; i++) {
                c = fmt.charAt(i);
                if (c == '-') {
                    left = true;
                } else if (c == '0') {
                    zero = true;
                } else if (c == '+') {
                    plus = true;
                } else if (c == ' ') {
                    space = true;
                } else if (c == '#') {
                    alt = true;
                } else {
                    break;
                }
                if (i + 1 >= n) {
                    break;
                }
            }
            int width = -1;
            if (c == '*') {
                width = toInt(argi < args.length ? args[argi++] : 0);
                if (width < 0) {
                    left = true;
                    width = -width;
                }
                c = fmt.charAt(++i);
            } else {
                while (Character.isDigit(c)) {
                    width = Math.max(width, 0) * 10 + (c - '0');
                    c = fmt.charAt(++i);
                }
            }
            int precision = -1;
            if (c == '.') {
                c = fmt.charAt(++i);
                precision = 0;
                if (c == '*') {
                    precision = toInt(argi < args.length ? args[argi++] : 0);
                    c = fmt.charAt(++i);
                } else {
                    while (Character.isDigit(c)) {
                        precision = precision * 10 + (c - '0');
                        c = fmt.charAt(++i);
                    }
                }
            }
            boolean wide = false; // 64-bit
            while ("hlLjztq".indexOf(c) >= 0) {
                if (c == 'j' || c == 'q' || c == 'L') {
                    wide = true;
                } else if (c == 'l' && i + 1 < n && fmt.charAt(i + 1) == 'l') {
                    wide = true;
                    i++;
                }
                c = fmt.charAt(++i);
            }
            if (c == '%') {
                out.append('%');
                continue;
            }
            Object arg = argi < args.length ? args[argi++] : null;
            String body;
            String prefix = "";
            switch (c) {
                case 'd', 'i' -> {
                    long v = wide ? toLong(arg) : (long) (int) toLong(arg);
                    if (arg instanceof Long && !wide && (toLong(arg) > Integer.MAX_VALUE || toLong(arg) < Integer.MIN_VALUE)) {
                        v = toLong(arg); // a Java long that does not fit is printed whole rather than mangled
                    }
                    body = Long.toString(Math.abs(v));
                    if (v == Long.MIN_VALUE) {
                        body = "9223372036854775808";
                    }
                    prefix = v < 0 ? "-" : plus ? "+" : space ? " " : "";
                }
                case 'u' -> body = Long.toUnsignedString(unsigned(arg, wide));
                case 'o' -> {
                    body = Long.toOctalString(unsigned(arg, wide));
                    if (alt && !body.startsWith("0")) {
                        body = "0" + body;
                    }
                }
                case 'x', 'X' -> {
                    long v = unsigned(arg, wide);
                    body = Long.toHexString(v);
                    if (c == 'X') {
                        body = body.toUpperCase(java.util.Locale.ROOT);
                    }
                    if (alt && v != 0) {
                        prefix = c == 'X' ? "0X" : "0x";
                    }
                }
                case 'p' -> {
                    long v = unsigned(arg, false);
                    if (dialect == Dialect.LINUX) {
                        body = Long.toHexString(v);
                        body = "0".repeat(Math.max(0, 8 - body.length())) + body;
                    } else {
                        body = Long.toHexString(v);
                        prefix = "0x";
                    }
                }
                case 'c' -> body = String.valueOf((char) (arg instanceof Character ch ? ch : (char) toLong(arg)));
                case 's' -> {
                    String s = arg == null ? "(null)" : arg instanceof Number num ? cString.apply(num.longValue()) : arg.toString();
                    body = precision >= 0 && s.length() > precision ? s.substring(0, precision) : s;
                }
                default -> {
                    out.append('%').append(c);
                    continue;
                }
            }
            if (precision >= 0 && "diuoxX".indexOf(c) >= 0) {
                zero = false;
                while (body.length() < precision) {
                    body = "0" + body;
                }
                if (precision == 0 && body.equals("0")) {
                    body = "";
                }
            }
            int len = prefix.length() + body.length();
            if (width > len) {
                int pad = width - len;
                if (left) {
                    out.append(prefix).append(body).append(" ".repeat(pad));
                } else if (zero && c != 's' && c != 'c') {
                    out.append(prefix).append("0".repeat(pad)).append(body);
                } else {
                    out.append(" ".repeat(pad)).append(prefix).append(body);
                }
            } else {
                out.append(prefix).append(body);
            }
        }
        return out.toString();
    }

    private static long unsigned(Object arg, boolean wide) {
        long v = toLong(arg);
        return wide ? v : v & 0xFFFFFFFFL;
    }

    private static long toLong(Object arg) {
        if (arg instanceof Number num) {
            return num.longValue();
        }
        if (arg instanceof Character ch) {
            return ch;
        }
        if (arg instanceof Boolean b) {
            return b ? 1 : 0;
        }
        return 0;
    }

    private static int toInt(Object arg) {
        return (int) toLong(arg);
    }
}
