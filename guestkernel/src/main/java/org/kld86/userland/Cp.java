package org.kld86.userland;

import org.kld86.userland.libc.Getopt;
import org.kld86.userland.libc.Libc;
import org.kld86.userland.libc.Stat;

/**
 * cp(1) of regular files (and devices read as streams): {@code cp source target}, or several sources into a
 * directory. The target is created with the source's mode, or truncated if it exists. Messages as FreeBSD's:
 * {@code "cp: x: No such file or directory"}, {@code "cp: dir is a directory (not copied)."}; the status is 1 if
 * any source failed. -R, -p and the other options are not supported.
 */
public final class Cp {

    private Cp() {
    }

    public static int main(int argc, long argv, long envp) {
        return Libc.start(argc, argv, envp, Cp::run);
    }

    private static int usage(Libc c) {
        c.stderr().puts("usage: cp [-R [-H | -L | -P]] [-f | -i | -n] [-alpsvx] source_file target_file\n"
                + "       cp [-R [-H | -L | -P]] [-f | -i | -n] [-alpsvx] source_file ... target_directory\n");
        return 1;
    }

    static int run(Libc c) {
        Getopt g = new Getopt(c, "fv");
        boolean verbose = false;
        for (int ch; (ch = g.next()) != -1; ) {
            switch (ch) {
                case 'f' -> { }
                case 'v' -> verbose = true;
                default -> {
                    return usage(c);
                }
            }
        }
        String[] args = g.rest();
        if (args.length < 2) {
            return usage(c);
        }
        String target = args[args.length - 1];
        Stat ts = new Stat();
        boolean toDir = c.stat(target, ts) == 0 && ts.isDirectory();
        if (args.length > 2 && !toDir) {
            c.warnx(target + " is not a directory");
            return 1;
        }
        int status = 0;
        for (int i = 0; i < args.length - 1; i++) {
            String src = args[i];
            String dst = toDir ? (target.endsWith("/") ? target : target + "/") + src.substring(src.lastIndexOf('/') + 1)
                    : target;
            status |= copy(c, src, dst, verbose);
        }
        return status;
    }

    private static int copy(Libc c, String src, String dst, boolean verbose) {
        int in = c.open(src, Libc.O_RDONLY, 0);
        if (in < 0) {
            c.warn(src, in);
            return 1;
        }
        Stat ss = new Stat();
        int r = c.fstat(in, ss);
        if (r < 0) {
            c.warn(src, r);
            c.close(in);
            return 1;
        }
        if (ss.isDirectory()) {
            c.warnx(src + " is a directory (not copied).");
            c.close(in);
            return 1;
        }
        int out = c.open(dst, Libc.O_WRONLY | Libc.O_CREAT | Libc.O_TRUNC, ss.mode & 07777);
        if (out < 0) {
            c.warn(dst, out);
            c.close(in);
            return 1;
        }
        if (verbose) {
            c.printf("%s -> %s\n", src, dst);
        }
        byte[] buf = new byte[4096];
        int status = 0;
        for (;;) {
            int n = c.read(in, buf, 0, buf.length);
            if (n < 0) {
                c.warn(src, n);
                status = 1;
                break;
            }
            if (n == 0) {
                break;
            }
            for (int off = 0; off < n; ) {
                int w = c.write(out, buf, off, n - off);
                if (w <= 0) {
                    c.warn(dst, w < 0 ? w : -5);
                    status = 1;
                    break;
                }
                off += w;
            }
            if (status != 0) {
                break;
            }
        }
        c.close(in);
        c.close(out);
        return status;
    }
}
