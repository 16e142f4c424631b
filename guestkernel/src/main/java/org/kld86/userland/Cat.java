package org.kld86.userland;

import org.kld86.userland.libc.Getopt;
import org.kld86.userland.libc.Libc;

/**
 * cat(1): copies each file, or standard input for none or "-", to standard output. -n numbers the output lines
 * as FreeBSD's cat does ({@code "%6d\t"}); -b numbers only non-blank ones. A file that cannot be opened is
 * warned about as {@code "cat: x: No such file or directory"} and the status becomes 1; the others are still
 * copied.
 */
public final class Cat {

    private Cat() {
    }

    public static int main(int argc, long argv, long envp) {
        return Libc.start(argc, argv, envp, Cat::run);
    }

    static int run(Libc c) {
        Getopt g = new Getopt(c, "belnstuv");
        boolean number = false;
        boolean nonBlank = false;
        for (int ch; (ch = g.next()) != -1; ) {
            switch (ch) {
                case 'n' -> number = true;
                case 'b' -> {
                    number = true;
                    nonBlank = true;
                }
                case 'e', 'l', 's', 't', 'u', 'v' -> { }
                default -> {
                    c.stderr().puts("usage: cat [-belnstuv] [file ...]\n");
                    return 1;
                }
            }
        }
        String[] files = g.rest();
        if (files.length == 0) {
            files = new String[] {"-"};
        }
        int status = 0;
        int[] line = {0};
        boolean[] atStart = {true};
        for (String f : files) {
            int fd = c.openOperand(f);
            if (fd < 0) {
                status = 1;
                continue;
            }
            int r = number ? cookedCat(c, fd, nonBlank, line, atStart) : rawCat(c, fd);
            if (r < 0) {
                c.stdout().flush();
                c.warn(f.equals("-") ? "stdin" : f, r);
                status = 1;
            }
            c.closeOperand(fd);
        }
        return status;
    }

    /** raw_cat: read and write whole buffers. */
    private static int rawCat(Libc c, int fd) {
        byte[] buf = new byte[4096];
        for (;;) {
            int n = c.read(fd, buf, 0, buf.length);
            if (n <= 0) {
                return n;
            }
            for (int off = 0; off < n; ) {
                int w = c.write(1, buf, off, n - off);
                if (w < 0) {
                    return w;
                }
                if (w == 0) {
                    break;
                }
                off += w;
            }
        }
    }

    /** cook_cat: line numbers, through stdio. */
    private static int cookedCat(Libc c, int fd, boolean nonBlank, int[] line, boolean[] atStart) {
        byte[] buf = new byte[4096];
        for (;;) {
            int n = c.read(fd, buf, 0, buf.length);
            if (n <= 0) {
                return n;
            }
            for (int i = 0; i < n; i++) {
                int ch = buf[i] & 0xFF;
                if (atStart[0] && !(nonBlank && ch == '\n')) {
                    c.printf("%6d\t", ++line[0]);
                }
                c.stdout().putc(ch);
                atStart[0] = ch == '\n';
            }
        }
    }
}
