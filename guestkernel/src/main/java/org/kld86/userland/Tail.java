package org.kld86.userland;

import org.kld86.userland.libc.Getopt;
import org.kld86.userland.libc.Libc;

/**
 * tail(1) (FreeBSD's usr.bin/tail/tail.c, forward.c and reverse.c; man page tail.1): the end of each file or of
 * standard input: the last 10 lines by default, the last {@code N} lines (-n N or -n -N) or bytes (-c N; -b N
 * counts 512-byte blocks), or everything from line or byte {@code N} on (-n +N, -c +N, counting from 1). The
 * historical {@code tail -N} and {@code tail +N} (with a {@code c}, {@code b} or {@code l} suffix) mean the
 * same. A last line without a newline counts as a line.
 *
 * <p>With several files each is introduced by {@code ==> name <==}, and those after the first by a blank line
 * (-q leaves the headers out, -v puts them in for one file too). A file that cannot be opened is warned about
 * and the status becomes 1. A count that is not a number is {@code tail: illegal offset -- x: Invalid argument}
 * (tail.c's err(), so with strerror), status 1; two counts or a bad option print the usage and exit 1.
 *
 * <p>-f and -F (following a growing file) and -r (reverse order) are not taken.
 */
public final class Tail {

    private static final String USAGE = "usage: tail [-F | -f | -r] [-qv] [-b # | -c # | -n #] [file ...]\n";

    private Tail() {
    }

    public static int main(int argc, long argv, long envp) {
        return Libc.start(argc, argv, envp, Tail::run);
    }

    static int run(Libc c) {
        Getopt g = new Getopt(c, obsolete(c.args()), "b:c:n:qv");
        boolean bytes = false;
        boolean styled = false;
        boolean forward = false;
        long off = 10;
        boolean quiet = false;
        boolean verbose = false;
        for (int ch; (ch = g.next()) != -1; ) {
            switch (ch) {
                case 'b', 'c', 'n' -> {
                    if (styled) {
                        return usage(c);
                    }
                    styled = true;
                    String arg = g.optarg();
                    long units = ch == 'b' ? 512 : 1;
                    Long n = parse(arg);
                    if (n == null || n > Long.MAX_VALUE / units || n < Long.MIN_VALUE / units) {
                        c.err(1, "illegal offset -- " + arg, -org.kld86.libkern.Errnos.EINVAL);
                        return 1;
                    }
                    bytes = ch != 'n';
                    off = Math.abs(n) * units;
                    forward = arg.startsWith("+");
                    if (forward && off > 0) {
                        off -= units;
                    }
                }
                case 'q' -> {
                    quiet = true;
                    verbose = false;
                }
                case 'v' -> {
                    verbose = true;
                    quiet = false;
                }
                default -> {
                    return usage(c);
                }
            }
        }
        String[] files = g.rest();
        if (files.length == 0) {
            int[] err = {0};
            byte[] data = c.readAll(0, err);
            if (data == null) {
                c.err(1, "stdin", err[0]);
                return 1;
            }
            byte[] out = select(data, bytes, forward, off);
            c.stdout().write(out, 0, out.length);
            return 0;
        }
        int status = 0;
        boolean first = true;
        for (String f : files) {
            int fd = c.openFileOperand(f);
            if (fd < 0) {
                status = 1;
                continue;
            }
            if ((files.length > 1 && !quiet) || verbose) {
                c.stdout().puts((first ? "" : "\n") + "==> " + f + " <==\n");
                first = false;
            }
            int[] err = {0};
            byte[] data = c.readAll(fd, err);
            c.close(fd);
            if (data == null) {
                c.stdout().flush();
                c.warn(f, err[0]);
                status = 1;
                continue;
            }
            byte[] out = select(data, bytes, forward, off);
            c.stdout().write(out, 0, out.length);
        }
        return status;
    }

    private static int usage(Libc c) {
        c.stderr().puts(USAGE);
        return 1;
    }

    /** expand_number(3) with tail's sign: the count, or null if it is not one. */
    static Long parse(String arg) {
        String s = arg.startsWith("+") || arg.startsWith("-") ? arg.substring(1) : arg;
        if (s.isEmpty()) {
            return null;
        }
        for (int i = 0; i < s.length(); i++) {
            if (!Character.isDigit(s.charAt(i))) {
                return null;
            }
        }
        try {
            long n = Long.parseLong(s);
            return arg.startsWith("-") ? -n : n;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /**
     * tail.c's obsolete(): a first argument {@code -N} or {@code +N}, with an optional unit letter (b, c or l),
     * becomes {@code -n}/{@code -c}/{@code -b} with the same sign.
     */
    static String[] obsolete(String[] argv) {
        if (argv.length < 2) {
            return argv;
        }
        String a = argv[1];
        if (a.length() < 2 || (a.charAt(0) != '-' && a.charAt(0) != '+') || !Character.isDigit(a.charAt(1))) {
            return argv;
        }
        int end = 1;
        while (end < a.length() && Character.isDigit(a.charAt(end))) {
            end++;
        }
        String unit = a.substring(end);
        String opt = switch (unit) {
            case "", "l" -> "-n";
            case "c" -> "-c";
            case "b" -> "-b";
            default -> null;
        };
        if (opt == null) {
            return argv;
        }
        String[] out = argv.clone();
        out[1] = opt + (a.charAt(0) == '+' ? "+" : "") + a.substring(1, end);
        return out;
    }

    /** The part of {@code data} to print: from line or byte {@code off} on, or the last {@code off} of them. */
    static byte[] select(byte[] data, boolean bytes, boolean forward, long off) {
        int from;
        if (bytes) {
            from = forward ? (int) Math.min(off, data.length) : (int) Math.max(0, data.length - off);
        } else if (forward) {
            from = 0;
            for (long lines = 0; lines < off && from < data.length; from++) {
                if (data[from] == '\n') {
                    lines++;
                }
            }
        } else {
            from = data.length;
            long lines = 0;
            if (off > 0) {
                // a last line without its newline counts as well
                int i = data.length - 1;
                if (i >= 0 && data[i] == '\n') {
                    i--;
                }
                for (; i >= 0; i--) {
                    if (data[i] == '\n' && ++lines == off) {
                        break;
                    }
                }
                from = i + 1;
            }
        }
        return java.util.Arrays.copyOfRange(data, from, data.length);
    }
}
