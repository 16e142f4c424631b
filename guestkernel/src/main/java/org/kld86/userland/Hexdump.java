package org.kld86.userland;

import org.kld86.userland.libc.Getopt;
import org.kld86.userland.libc.Libc;

/**
 * hexdump(1) with FreeBSD's default and canonical (-C) formats, over the files in turn as one stream, or
 * standard input.
 *
 * <pre>
 * -C:      00000000  68 65 6c 6c 6f 20 77 6f  72 6c 64 0a              |hello world.|
 *          0000000c
 * default: 0000000 6568 6c6c 206f 6f77 6c72 0a64
 *          000000c
 * </pre>
 * The canonical line is the offset ("%08.8_ax  "), two groups of eight "%02x" separated by a space and by two
 * spaces between the groups, then "  |", the bytes printable in ASCII or '.', and "|"; missing bytes of the last
 * line are blanks. The default line is "%07.7_ax " and eight little-endian 16-bit words "%04x". A line equal to
 * the one before is shown as a single "*" (not with -v), and the offset past the end ends the output (nothing at all for empty input). -n length
 * and -s offset limit the input.
 */
public final class Hexdump {

    private Hexdump() {
    }

    public static int main(int argc, long argv, long envp) {
        Libc c = new Libc(argc, argv, envp);
        int status = run(c, false);
        c.flushAll();
        return status;
    }

    static int run(Libc c, boolean canonical) {
        Getopt g = new Getopt(c, "bcCde:f:n:os:vx");
        boolean all = false;
        long length = -1;
        long skip = 0;
        for (int ch; (ch = g.next()) != -1; ) {
            switch (ch) {
                case 'C' -> canonical = true;
                case 'v' -> all = true;
                case 'n' -> {
                    Long n = Numbers.strtoll(g.optarg());
                    if (n == null || n < 0) {
                        c.errx(1, "-n: bad length value");
                    }
                    length = n;
                }
                case 's' -> {
                    Long n = Numbers.ddNumber(g.optarg());
                    if (n == null || n < 0) {
                        c.errx(1, "-s: bad skip value");
                    }
                    skip = n;
                }
                case 'b', 'c', 'd', 'e', 'f', 'o', 'x' -> { }
                default -> {
                    c.stderr().puts("usage: hexdump [-bcCdovx] [-e fmt] [-f fmt_file] [-n length]\n"
                            + "               [-s skip] [file ...]\n");
                    return 1;
                }
            }
        }
        Input in = new Input(c, g.rest());
        in.skip(skip);
        byte[] line = new byte[16];
        byte[] prev = null;
        boolean starred = false;
        long address = skip;
        for (;;) {
            int want = length < 0 ? 16 : (int) Math.min(16, length - (address - skip));
            int n = want <= 0 ? 0 : in.read(line, want);
            if (n <= 0) {
                break;
            }
            if (!all && n == 16 && prev != null && java.util.Arrays.equals(prev, line)) {
                if (!starred) {
                    c.puts("*\n");
                    starred = true;
                }
            } else {
                starred = false;
                c.puts(canonical ? canonicalLine(address, line, n) : defaultLine(address, line, n));
            }
            prev = n == 16 ? java.util.Arrays.copyOf(line, 16) : null;
            address += n;
        }
        if (address > skip) {
            c.printf(canonical ? "%08x\n" : "%07x\n", address);
        }
        return in.status();
    }

    /** One -C line, with its newline. */
    static String canonicalLine(long address, byte[] b, int n) {
        StringBuilder sb = new StringBuilder(Libc.format("%08x  ", address));
        for (int i = 0; i < 16; i++) {
            if (i < n) {
                sb.append(Libc.format("%02x", b[i] & 0xFF));
            } else {
                sb.append("  ");
            }
            if (i == 7) {
                sb.append("  ");
            } else if (i < 15) {
                sb.append(' ');
            }
        }
        sb.append("  |");
        for (int i = 0; i < n; i++) {
            int ch = b[i] & 0xFF;
            sb.append(ch >= 0x20 && ch < 0x7F ? (char) ch : '.');
        }
        return sb.append("|\n").toString();
    }

    /** One default line: eight 16-bit little-endian words. */
    static String defaultLine(long address, byte[] b, int n) {
        StringBuilder sb = new StringBuilder(Libc.format("%07x", address));
        for (int i = 0; i < n; i += 2) {
            int lo = b[i] & 0xFF;
            int hi = i + 1 < n ? b[i + 1] & 0xFF : 0;
            sb.append(Libc.format(" %04x", hi << 8 | lo));
        }
        return sb.append('\n').toString();
    }

    /** The files one after another (standard input if none), as hexdump reads them. */
    static final class Input {
        private final Libc c;
        private final String[] files;
        private int next;
        private int fd = -1;
        private int status;

        Input(Libc c, String[] files) {
            this.c = c;
            this.files = files;
            if (files.length == 0) {
                fd = 0;
            }
        }

        private boolean open() {
            while (fd < 0 && next < files.length) {
                String f = files[next++];
                fd = c.openFileOperand(f);
                if (fd < 0) {
                    status = 1;
                }
            }
            return fd >= 0;
        }

        /**
         * Fills up to {@code want} bytes from the stream, never asking a file for more; the count, 0 at the end of
         * the last file. A failed read ends its file with a warning that leaves the status alone, as get() does.
         */
        int read(byte[] b, int want) {
            int got = 0;
            while (got < want && open()) {
                int n = c.read(fd, b, got, want - got);
                if (n < 0) {
                    c.stdout().flush();
                    c.warn(fd == 0 ? "stdin" : files[next - 1], n);
                }
                if (n <= 0) {
                    if (fd != 0) {
                        c.close(fd);
                    }
                    fd = files.length == 0 ? -2 : -1;
                    if (files.length == 0) {
                        break;
                    }
                    continue;
                }
                got += n;
            }
            return got;
        }

        /** Reads past {@code n} bytes; what is left of them when the input ends first. */
        long skip(long n) {
            byte[] buf = new byte[4096];
            while (n > 0) {
                int r = read(buf, (int) Math.min(buf.length, n));
                if (r <= 0) {
                    break;
                }
                n -= r;
            }
            return n;
        }

        int status() {
            return status;
        }
    }
}
