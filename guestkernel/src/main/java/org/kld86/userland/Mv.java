package org.kld86.userland;

import java.util.List;
import org.kld86.libkern.Errnos;
import org.kld86.userland.libc.Getopt;
import org.kld86.userland.libc.Libc;
import org.kld86.userland.libc.Stat;

/**
 * mv(1) (FreeBSD's bin/mv/mv.c, man page mv.1): renames {@code source} to {@code target}, or moves each source
 * into {@code directory} under its last component. Each move is one rename(2); across file systems (EXDEV) a
 * regular file is copied and the source removed (mv.c's fastcopy), anything else goes through
 * {@code /bin/cp -PRp} and {@code /bin/rm -rf} as mv.c's copy() does, and a mount point is refused.
 *
 * <p>-f replaces without asking, -i asks {@code overwrite t? (y/n [n]) } on standard error before replacing, -n
 * never replaces; the last of the three wins. -v prints {@code s -> t}. A failed rename is
 * {@code mv: rename s to t: strerror}; errors make the status 1; a bad option or fewer than two operands print
 * the usage and exit 64 (EX_USAGE).
 *
 * <p>Without -f or -n, a target the user cannot write is asked about when standard input is a terminal, as with
 * -i: {@code override rw-r--r-- root/wheel for t? (y/n [n]) } (see {@link Confirm}). The copy of fastcopy takes
 * the source's exact mode at open, the umask lifted (there is no fchmod(2) here), and its access and modification
 * times by utimensat(2); the owner is the mover's.
 */
public final class Mv {

    private static final int EX_USAGE = 64;

    private final Libc c;
    private Overwrite overwrite = Overwrite.DEFAULT;
    private boolean verbose;

    private Mv(Libc c) {
        this.c = c;
    }

    public static int main(int argc, long argv, long envp) {
        return Libc.start(argc, argv, envp, c -> new Mv(c).run());
    }

    private int usage() {
        c.stderr().puts("usage: mv [-f | -i | -n] [-hv] source target\n"
                + "       mv [-f | -i | -n] [-v] source ... directory\n");
        return EX_USAGE;
    }

    private int run() {
        Getopt g = new Getopt(c, "fhinv");
        for (int ch; (ch = g.next()) != -1; ) {
            switch (ch) {
                case 'f', 'i', 'n' -> overwrite = Overwrite.of(ch);
                case 'h' -> { } // there are no symbolic links to follow or not
                case 'v' -> verbose = true;
                default -> {
                    return usage();
                }
            }
        }
        String[] a = g.rest();
        if (a.length < 2) {
            return usage();
        }
        String target = a[a.length - 1];
        Stat sb = new Stat();
        if (c.stat(target, sb) < 0 || !sb.isDirectory()) {
            if (a.length > 2) {
                c.errx(1, target + " is not a directory");
                return 1;
            }
            return move(a[0], target);
        }
        String dir = target.endsWith("/") ? target : target + "/";
        int rval = 0;
        for (int i = 0; i < a.length - 1; i++) {
            // the source's last component, trailing slashes and all
            String s = a[i];
            int p = s.length();
            while (p > 0 && s.charAt(p - 1) == '/') {
                p--;
            }
            while (p > 0 && s.charAt(p - 1) != '/') {
                p--;
            }
            String to = dir + s.substring(p);
            if (to.length() >= 1024) {
                c.warnx(s + ": destination pathname too long");
                rval = 1;
            } else if (move(s, to) != 0) {
                rval = 1;
            }
        }
        return rval;
    }

    /** do_move(). */
    private int move(String from, String to) {
        Stat sb = new Stat();
        if (overwrite != Overwrite.FORCE && c.stat(to, sb) == 0) {
            int r = c.stat(from, sb);
            if (r < 0) {
                c.warn(from, r);
                return 1;
            }
            if (overwrite == Overwrite.NEVER) {
                if (verbose) {
                    c.stdout().puts(to + " not overwritten\n");
                }
                return 0;
            }
            String question = null;
            Stat tsb = new Stat();
            if (overwrite == Overwrite.ASK) {
                question = "overwrite " + to + "? ";
            } else if (c.stat(to, tsb) == 0 && !Confirm.writable(c, tsb) && c.isatty(0)) {
                question = "override " + Confirm.describe(tsb) + " for " + to + "? ";
            }
            if (question != null && !Confirm.ask(c, question + "(y/n [n]) ")) {
                c.stderr().puts("not overwritten\n");
                return 0;
            }
        }
        int r = c.rename(from, to);
        if (r == 0) {
            if (verbose) {
                c.stdout().puts(from + " -> " + to + "\n");
            }
            return 0;
        }
        if (r != -Errnos.EXDEV) {
            c.warn("rename " + from + " to " + to, r);
            return 1;
        }
        r = c.stat(from, sb);
        if (r < 0) {
            c.warn(from, r);
            return 1;
        }
        if (sb.isDirectory() && isMountPoint(from, sb)) {
            c.warnx("cannot rename a mount point");
            return 1;
        }
        return sb.isRegular() ? fastcopy(from, to, sb) : copy(from, to);
    }

    /** Whether {@code dir} is the root of a file system: its parent is on another one. */
    private boolean isMountPoint(String dir, Stat sb) {
        Stat parent = new Stat();
        return c.stat(dir + "/..", parent) == 0 && parent.dev != sb.dev;
    }

    /** fastcopy(): a regular file copied to the other file system, then the source removed. */
    private int fastcopy(String from, String to, Stat sb) {
        int in = c.open(from, Libc.O_RDONLY, 0);
        if (in < 0) {
            c.warn("fastcopy: open() failed (from): " + from, in);
            return 1;
        }
        int out;
        while ((out = create(to, sb)) < 0) {
            if (out == -Errnos.EEXIST && c.unlink(to) == 0) {
                continue;
            }
            c.warn("fastcopy: open() failed (to): " + to, out);
            c.close(in);
            return 1;
        }
        byte[] buf = new byte[65536];
        int n;
        while ((n = c.read(in, buf, 0, buf.length)) > 0) {
            int w = c.write(out, buf, 0, n);
            if (w != n) {
                c.warn("fastcopy: write() failed: " + to, w < 0 ? w : -Errnos.ENOSPC);
                return removeCopy(in, out, to);
            }
        }
        if (n < 0) {
            c.warn("fastcopy: read() failed: " + from, n);
            return removeCopy(in, out, to);
        }
        int r = c.utimensat(to, new long[] {sb.atime, 0, sb.mtime, 0}, 0); // futimens() in mv.c
        if (r < 0) {
            c.warn(to + ": set times", r);
        }
        r = c.close(out);
        c.close(in);
        if (r < 0) {
            c.warn(to, r);
            return 1;
        }
        r = c.unlink(from);
        if (r < 0) {
            c.warn(from + ": remove", r);
            return 1;
        }
        if (verbose) {
            c.stdout().puts(from + " -> " + to + "\n");
        }
        return 0;
    }

    /**
     * The new file with the source's mode exactly, set-id bits and all, as mv.c's fchmod() leaves it; with no
     * chmod(2) here the umask is lifted for the create instead. A copy that is not the source owner's loses the
     * set-id bits, as mv.c clears them when fchown() fails.
     */
    private int create(String to, Stat sb) {
        int mode = sb.mode & 07777;
        if (sb.uid != c.getuid()) {
            mode &= ~06000;
        }
        int old = c.umask(0);
        try {
            return c.open(to, Libc.O_CREAT | Libc.O_EXCL | Libc.O_TRUNC | Libc.O_WRONLY, mode);
        } finally {
            c.umask(old);
        }
    }

    private int removeCopy(int in, int out, String to) {
        int r = c.unlink(to);
        if (r < 0) {
            c.warn(to + ": remove", r);
        }
        c.close(in);
        c.close(out);
        return 1;
    }

    /**
     * copy(): what is not a regular file goes by {@code cp -PRp} and then {@code rm -rf}, as mv.c runs them. An
     * existing target goes first (rmdir for a directory, so only an empty one), or cp would copy into it.
     */
    private int copy(String from, String to) {
        Stat sb = new Stat();
        int r = c.stat(to, sb);
        if (r == 0) {
            boolean dir = sb.isDirectory();
            r = dir ? c.rmdir(to) : c.unlink(to);
            if (r < 0) {
                c.warn((dir ? "rmdir " : "unlink ") + to, r);
                return 1;
            }
        } else if (r != -Errnos.ENOENT) {
            c.warn(to, r);
            return 1;
        }
        r = run("/bin/cp", new String[] {"mv", verbose ? "-PRpv" : "-PRp", "--", from, to}, from, to);
        return r != 0 ? r : run("/bin/rm", new String[] {"mv", "-rf", "--", from}, from, null);
    }

    private int run(String path, String[] argv, String from, String to) {
        c.flushAll();
        String what = path + " " + from + (to == null ? "" : " " + to);
        int pid = c.spawn(path, argv, c.environ(), List.of());
        if (pid < 0) {
            c.warn(path, pid);
            return 1;
        }
        int[] status = {0};
        int r = c.wait4(pid, status, 0);
        if (r < 0) {
            c.warn(what + ": waitpid", r);
            return 1;
        }
        if (!Libc.exited(status[0])) {
            c.warnx(what + ": did not terminate normally");
            return 1;
        }
        if (Libc.exitStatus(status[0]) != 0) {
            c.warnx(what + ": terminated with " + Libc.exitStatus(status[0]) + " (non-zero) status");
            return 1;
        }
        return 0;
    }
}
