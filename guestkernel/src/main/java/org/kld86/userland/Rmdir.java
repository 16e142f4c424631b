package org.kld86.userland;

import org.kld86.userland.libc.Getopt;
import org.kld86.userland.libc.Libc;

/**
 * rmdir(1) (FreeBSD's bin/rmdir/rmdir.c, man page rmdir.1): removes each empty directory; with -p also each
 * parent named in the operand, last component first, stopping at the first that cannot go (rm_path() in
 * rmdir.c); -v prints each directory removed. A failure is {@code rmdir: d: Directory not empty} and the status 1;
 * a bad option or no operand prints the usage and exits 1.
 */
public final class Rmdir {

    private Rmdir() {
    }

    public static int main(int argc, long argv, long envp) {
        return Libc.start(argc, argv, envp, Rmdir::run);
    }

    static int run(Libc c) {
        Getopt g = new Getopt(c, "pv");
        boolean parents = false;
        boolean verbose = false;
        for (int ch; (ch = g.next()) != -1; ) {
            switch (ch) {
                case 'p' -> parents = true;
                case 'v' -> verbose = true;
                default -> {
                    return usage(c);
                }
            }
        }
        String[] dirs = g.rest();
        if (dirs.length == 0) {
            return usage(c);
        }
        int errors = 0;
        for (String d : dirs) {
            int r = c.rmdir(d);
            if (r < 0) {
                c.warn(d, r);
                errors = 1;
                continue;
            }
            if (verbose) {
                c.stdout().puts(d + "\n");
            }
            if (parents) {
                errors |= removePath(c, d, verbose);
            }
        }
        return errors;
    }

    private static int usage(Libc c) {
        c.stderr().puts("usage: rmdir [-pv] directory ...\n");
        return 1;
    }

    /** rm_path(): the parents of {@code path}, from the innermost outwards. */
    private static int removePath(Libc c, String path, boolean verbose) {
        int end = path.length();
        while (end > 1 && path.charAt(end - 1) == '/') {
            end--;
        }
        String p = path.substring(0, end);
        for (int slash; (slash = p.lastIndexOf('/')) >= 0; ) {
            while (slash > 0 && p.charAt(slash - 1) == '/') {
                slash--;
            }
            if (slash == 0) {
                break;
            }
            p = p.substring(0, slash);
            int r = c.rmdir(p);
            if (r < 0) {
                c.warn(p, r);
                return 1;
            }
            if (verbose) {
                c.stdout().puts(p + "\n");
            }
        }
        return 0;
    }
}
