package org.kld86.userland.libc;

import java.util.List;

/**
 * The part of fts(3) chmod(1) and chown(8) use: each operand, and with {@code recurse} everything below each
 * directory operand, in directory order (fts_open with no comparison function). A directory is visited before
 * what it holds (FTS_D, where chmod.c works) or, with {@code postorder}, after it (FTS_DP, where chown.c works).
 * An operand that cannot be stat'ed is reported as fts's FTS_NS is ({@code prog: path: strerror}, status 1) and
 * skipped; a directory that cannot be read is reported the same way (FTS_DNR), after it has been visited in
 * preorder and before it is visited in postorder.
 */
public final class Fts {

    /** Called for each file with its path as fts_path builds it and its stat. */
    @FunctionalInterface
    public interface Visitor {
        void visit(String path, Stat st);
    }

    private Fts() {
    }

    /** Walks {@code operands}, directories in preorder; returns 1 if something could not be reached, else 0. */
    public static int walk(Libc c, String[] operands, boolean recurse, Visitor v) {
        return walk(c, operands, recurse, false, v);
    }

    /** Walks {@code operands}, directories in postorder if {@code postorder}; 1 if something was not reached. */
    public static int walk(Libc c, String[] operands, boolean recurse, boolean postorder, Visitor v) {
        int status = 0;
        for (String op : operands) {
            Stat st = new Stat();
            int r = c.stat(op, st);
            if (r < 0) {
                c.stdout().flush();
                c.warnx(op + ": " + Libc.strerror(-r));
                status = 1;
                continue;
            }
            status |= visit(c, op, st, recurse, postorder, v);
        }
        return status;
    }

    private static int visit(Libc c, String path, Stat st, boolean recurse, boolean postorder, Visitor v) {
        if (!recurse || !st.isDirectory()) {
            v.visit(path, st);
            return 0;
        }
        if (!postorder) {
            v.visit(path, st);
        }
        int fd = c.open(path, Libc.O_RDONLY | Libc.O_DIRECTORY, 0);
        int[] err = {fd < 0 ? fd : 0};
        List<Dirent> ents = fd < 0 ? List.of() : c.readdir(fd, err);
        if (fd >= 0) {
            c.close(fd);
        }
        if (err[0] < 0) {
            c.stdout().flush();
            c.warnx(path + ": " + Libc.strerror(-err[0]));
            if (postorder) {
                v.visit(path, st);
            }
            return 1;
        }
        int status = 0;
        for (Dirent d : ents) {
            if (d.name().equals(".") || d.name().equals("..")) {
                continue;
            }
            String child = (path.endsWith("/") ? path : path + "/") + d.name();
            Stat cst = new Stat();
            int r = c.stat(child, cst);
            if (r < 0) {
                c.stdout().flush();
                c.warnx(child + ": " + Libc.strerror(-r));
                status = 1;
                continue;
            }
            status |= visit(c, child, cst, true, postorder, v);
        }
        if (postorder) {
            v.visit(path, st);
        }
        return status;
    }
}
