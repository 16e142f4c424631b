package org.kld86.userland;

import org.kld86.userland.libc.Getopt;
import org.kld86.userland.libc.Libc;
import org.kld86.userland.libc.Stdio;

/**
 * cmp(1): compares two files byte by byte (either may be "-", standard input). The first difference prints
 * {@code "a b differ: char N, line M"} (both counted from 1) and the status is 1; -l lists every differing byte
 * as {@code "%6lld %3o %3o"} (offset and both bytes in octal); -s prints nothing. A file that ends first gives
 * {@code "cmp: EOF on a"} on stderr and status 1; a file that cannot be opened, status 2. Equal files: status 0.
 */
public final class Cmp {

    static final int DIFF_EXIT = 1;
    static final int ERR_EXIT = 2;

    private Cmp() {
    }

    public static int main(int argc, long argv, long envp) {
        return Libc.start(argc, argv, envp, Cmp::run);
    }

    static int run(Libc c) {
        Getopt g = new Getopt(c, "lsxhz");
        boolean all = false;
        boolean silent = false;
        for (int ch; (ch = g.next()) != -1; ) {
            switch (ch) {
                case 'l' -> all = true;
                case 's' -> silent = true;
                case 'x', 'h', 'z' -> { }
                default -> {
                    return usage(c);
                }
            }
        }
        String[] f = g.rest();
        if (f.length < 2 || f.length > 4 || (all && silent)) {
            return usage(c);
        }
        int fd1 = openOrWarn(c, f[0], silent);
        if (fd1 < 0) {
            return ERR_EXIT;
        }
        int fd2 = openOrWarn(c, f[1], silent);
        if (fd2 < 0) {
            return ERR_EXIT;
        }
        Stdio a = c.stream(fd1);
        Stdio b = c.stream(fd2);
        long bytes = 1;
        long line = 1;
        int status = 0;
        for (;; bytes++) {
            int x = a.getc();
            int y = b.getc();
            if (x < 0 || y < 0) {
                if (x < 0 && y < 0) {
                    return status;
                }
                if (!silent) {
                    c.stdout().flush();
                    c.warnx("EOF on " + (x < 0 ? f[0] : f[1]));
                }
                return DIFF_EXIT;
            }
            if (x != y) {
                if (silent) {
                    return DIFF_EXIT;
                }
                if (!all) {
                    c.printf("%s %s differ: char %lld, line %lld\n", f[0], f[1], bytes, line);
                    return DIFF_EXIT;
                }
                c.printf("%6lld %3o %3o\n", bytes, x, y);
                status = DIFF_EXIT;
            }
            if (x == '\n') {
                line++;
            }
        }
    }

    private static int openOrWarn(Libc c, String name, boolean silent) {
        if (name.equals("-")) {
            return 0;
        }
        int fd = c.open(name, Libc.O_RDONLY, 0);
        if (fd < 0 && !silent) {
            c.warn(name, fd);
        }
        return fd;
    }

    private static int usage(Libc c) {
        c.stderr().puts("usage: cmp [-l | -s | -x] [-hz] file1 file2 [skip1 [skip2]]\n");
        return ERR_EXIT;
    }
}
