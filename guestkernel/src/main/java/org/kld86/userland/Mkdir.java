package org.kld86.userland;

import org.kld86.libkern.Errnos;
import org.kld86.userland.libc.Getopt;
import org.kld86.userland.libc.Libc;
import org.kld86.userland.libc.Stat;

/**
 * mkdir(1) (FreeBSD's bin/mkdir/mkdir.c, man page mkdir.1): makes each directory, with mode 0777 or -m's octal
 * mode. With -p the missing directories along the path are made too (build() in mkdir.c) and one that exists
 * already is fine; -v prints each directory made.
 *
 * <p>Messages as mkdir.c words them: a missing parent is named by the parent ({@code mkdir: /a: No such file or
 * directory} for {@code mkdir /a/b}, the dirname of the operand for ENOENT and ENOTDIR); under -p, a component
 * that exists but is not a directory is ENOTDIR, or EEXIST when it is the last. Errors make the status 1; a bad
 * option or no operand prints the usage and exits 64 (EX_USAGE).
 *
 * <p>The default mode is 0777 less the umask; -m takes octal modes only (not setmode(3)'s symbolic ones), and
 * mkdir(2) keeps only the access bits of it, as there is no chmod(2) to set the others afterwards.
 */
public final class Mkdir {

    private static final int EX_USAGE = 64;

    private Mkdir() {
    }

    public static int main(int argc, long argv, long envp) {
        return Libc.start(argc, argv, envp, Mkdir::run);
    }

    private static int usage(Libc c) {
        c.stderr().puts("usage: mkdir [-pv] [-m mode] directory_name ...\n");
        return EX_USAGE;
    }

    static int run(Libc c) {
        Getopt g = new Getopt(c, "m:pv");
        boolean parents = false;
        boolean verbose = false;
        int mode = 0777;
        boolean exact = false;
        for (int ch; (ch = g.next()) != -1; ) {
            switch (ch) {
                case 'm' -> {
                    String m = g.optarg();
                    if (!m.matches("[0-7]{1,4}")) {
                        c.errx(1, "invalid file mode: " + m);
                        return 1;
                    }
                    mode = Integer.parseInt(m, 8);
                    exact = true;
                }
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
        int status = 0;
        for (String d : dirs) {
            boolean ok;
            if (parents) {
                ok = build(c, d, mode, exact, verbose);
            } else {
                int r = mkdir(c, d, mode, exact);
                ok = r == 0;
                if (r == -Errnos.ENOTDIR || r == -Errnos.ENOENT) {
                    c.warn(dirname(d), r);
                } else if (r < 0) {
                    c.warn(d, r);
                } else if (verbose) {
                    c.stdout().puts(d + "\n");
                }
            }
            if (!ok) {
                status = 1;
            }
        }
        return status;
    }

    /**
     * mkdir(2), of {@code mode} exactly when {@code exact} (-m here, -p in cp): mkdir.c and cp.c chmod the new
     * directory past the umask, and with no chmod(2) here the umask is lifted for the call instead.
     */
    static int mkdir(Libc c, String path, int mode, boolean exact) {
        if (!exact) {
            return c.mkdir(path, mode);
        }
        int old = c.umask(0);
        try {
            return c.mkdir(path, mode);
        } finally {
            c.umask(old);
        }
    }

    /**
     * build(): each component in turn, the last with {@code mode}, the ones before with 0777 less the umask, and
     * always writable and searchable by their owner so the next one can be made in them.
     */
    private static boolean build(Libc c, String path, int mode, boolean exact, boolean verbose) {
        int umask = c.umask(0);
        c.umask(umask);
        int p = path.startsWith("/") ? 1 : 0;
        for (boolean last = false; !last; p++) {
            if (p >= path.length()) {
                last = true;
            } else if (path.charAt(p) != '/') {
                continue;
            }
            String prefix = path.substring(0, Math.min(p, path.length()));
            if (!last && p + 1 >= path.length()) {
                last = true; // a trailing slash ends the path
            }
            int r = last ? mkdir(c, prefix, mode, exact) : mkdir(c, prefix, (0777 & ~umask) | 0300, true);
            if (r == -Errnos.EEXIST || r == -Errnos.EISDIR) {
                Stat sb = new Stat();
                int s = c.stat(prefix, sb);
                if (s < 0) {
                    c.warn(prefix, s);
                    return false;
                }
                if (!sb.isDirectory()) {
                    c.warn(prefix, last ? -Errnos.EEXIST : -Errnos.ENOTDIR);
                    return false;
                }
            } else if (r < 0) {
                c.warn(prefix, r);
                return false;
            } else if (verbose) {
                c.stdout().puts(prefix + "\n");
            }
        }
        return true;
    }

    /** dirname(3). */
    static String dirname(String path) {
        int end = path.length();
        while (end > 1 && path.charAt(end - 1) == '/') {
            end--;
        }
        int slash = path.lastIndexOf('/', end - 1);
        if (slash < 0) {
            return ".";
        }
        while (slash > 0 && path.charAt(slash - 1) == '/') {
            slash--;
        }
        return slash == 0 ? "/" : path.substring(0, slash);
    }
}
