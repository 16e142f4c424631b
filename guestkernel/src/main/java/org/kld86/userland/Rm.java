package org.kld86.userland;

import java.util.ArrayList;
import java.util.List;
import org.kld86.libkern.Errnos;
import org.kld86.userland.libc.Dirent;
import org.kld86.userland.libc.Getopt;
import org.kld86.userland.libc.Libc;
import org.kld86.userland.libc.Stat;

/**
 * rm(1) (FreeBSD's bin/rm/rm.c, man page rm.1): removes each file; a directory only with -d (if empty) or -r/-R
 * (with everything in it, depth first, as rm_tree walks it with fts). -f keeps quiet about missing files and
 * leaves the status 0 for them; -v prints each name removed.
 *
 * <p>As rm.c does, operands whose last component is "." or ".." are dropped with one {@code "." and ".." may not
 * be removed} warning, and "/" with {@code "/" may not be removed}, before anything is removed; trailing slashes
 * are stripped first. A directory without -d or -r is {@code rm: d: is a directory}. Errors make the status 1; a
 * bad option or no operand (without -f) prints the usage and exits 64 (EX_USAGE).
 *
 * <p>Without -f, a file (or directory, before its contents) the user cannot write is asked about when standard
 * input is a terminal ({@code override rw-r--r-- root/wheel for f? }, see {@link Confirm}), and with -i every
 * one is ({@code remove f? }); anything but y leaves it, and a directory left keeps all it holds. -f and -i undo
 * each other, the last winning. -I (one question for many files), -W and -x (staying on one file system) are not
 * taken.
 */
public final class Rm {

    private static final int EX_USAGE = 64;

    private final Libc c;
    private boolean force;
    private boolean interactive;
    private boolean stdinTty;
    private boolean dirs;
    private boolean verbose;
    private int eval;

    private Rm(Libc c) {
        this.c = c;
    }

    public static int main(int argc, long argv, long envp) {
        return Libc.start(argc, argv, envp, c -> new Rm(c).run());
    }

    private int usage() {
        c.stderr().puts("usage: rm [-f | -i] [-dIPRrvWx] file ...\n       unlink [-h] file\n");
        return EX_USAGE;
    }

    private int run() {
        Getopt g = new Getopt(c, "dfiPRrv");
        boolean recursive = false;
        for (int ch; (ch = g.next()) != -1; ) {
            switch (ch) {
                case 'd' -> dirs = true;
                case 'f' -> {
                    force = true;
                    interactive = false;
                }
                case 'i' -> {
                    interactive = true;
                    force = false;
                }
                case 'R', 'r' -> {
                    recursive = true;
                    dirs = true;
                }
                case 'v' -> verbose = true;
                case 'P' -> { } // a no-op in FreeBSD too
                default -> {
                    return usage();
                }
            }
        }
        String[] operands = g.rest();
        if (operands.length == 0) {
            return force ? 0 : usage();
        }
        List<String> files = checkslash(checkdot(operands));
        stdinTty = c.isatty(0);
        for (String f : files) {
            if (recursive) {
                removeTree(f);
            } else {
                removeFile(f);
            }
        }
        return eval;
    }

    /** rm.c's checkdot(): strips trailing slashes, and drops "." and ".." (by last component) with one warning. */
    private List<String> checkdot(String[] operands) {
        List<String> out = new ArrayList<>();
        boolean complained = false;
        for (String a : operands) {
            int end = a.length();
            while (end > 1 && a.charAt(end - 1) == '/') {
                end--;
            }
            String t = a.substring(0, end);
            String base = t.substring(t.lastIndexOf('/') + 1);
            if (base.equals(".") || base.equals("..")) {
                if (!complained) {
                    c.warnx("\".\" and \"..\" may not be removed");
                    complained = true;
                }
                eval = 1;
                continue;
            }
            out.add(t);
        }
        return out;
    }

    /** rm.c's checkslash(): an operand of slashes only is dropped with one warning. */
    private List<String> checkslash(List<String> operands) {
        List<String> out = new ArrayList<>();
        boolean complained = false;
        for (String a : operands) {
            if (!a.isEmpty() && a.replace("/", "").isEmpty()) {
                if (!complained) {
                    c.warnx("\"/\" may not be removed");
                    complained = true;
                }
                eval = 1;
                continue;
            }
            out.add(a);
        }
        return out;
    }

    /** rm_file(): each operand on its own, directories only with -d. */
    private void removeFile(String f) {
        Stat sb = new Stat();
        int r = c.stat(f, sb);
        if (r < 0) {
            if (!force || r != -Errnos.ENOENT) {
                c.warn(f, r);
                eval = 1;
            }
            return;
        }
        if (sb.isDirectory() && !dirs) {
            c.warnx(f + ": is a directory");
            eval = 1;
            return;
        }
        if (!force && !check(f, sb)) {
            return;
        }
        removed(f, sb.isDirectory() ? c.rmdir(f) : c.unlink(f));
    }

    /** rm_tree(): a directory's entries first (fts's postorder), then the directory itself. */
    private void removeTree(String path) {
        Stat sb = new Stat();
        int r = c.stat(path, sb);
        if (r < 0) {
            if (!force || r != -Errnos.ENOENT) {
                c.warnx(path + ": " + Libc.strerror(r));
                eval = 1;
            }
            return;
        }
        if (!force && !check(path, sb)) {
            return; // a directory left is left with everything in it (FTS_SKIP)
        }
        if (!sb.isDirectory()) {
            removed(path, c.unlink(path));
            return;
        }
        int fd = c.open(path, Libc.O_RDONLY | Libc.O_DIRECTORY, 0);
        if (fd < 0) {
            c.warnx(path + ": " + Libc.strerror(fd)); // FTS_DNR
            eval = 1;
            return;
        }
        int[] err = {0};
        List<Dirent> entries = c.readdir(fd, err);
        c.close(fd);
        if (err[0] < 0) {
            c.warnx(path + ": " + Libc.strerror(err[0])); // FTS_DNR too: what was read stays, and so does path
            eval = 1;
            return;
        }
        String prefix = path.endsWith("/") ? path : path + "/";
        for (Dirent d : entries) {
            if (!d.name().equals(".") && !d.name().equals("..")) {
                removeTree(prefix + d.name());
            }
        }
        removed(path, c.rmdir(path));
    }

    /** check(): whether to go on with {@code path}: -i asks always, otherwise an unwritable file on a terminal. */
    private boolean check(String path, Stat sb) {
        if (interactive) {
            return Confirm.ask(c, "remove " + path + "? ");
        }
        if (!stdinTty || Confirm.writable(c, sb)) {
            return true;
        }
        return Confirm.ask(c, "override " + Confirm.describe(sb) + " for " + path + "? ");
    }

    private void removed(String f, int r) {
        if (r < 0 && (!force || r != -Errnos.ENOENT)) {
            c.warn(f, r);
            eval = 1;
        }
        if (r == 0 && verbose) {
            c.stdout().puts(f + "\n");
        }
    }
}
