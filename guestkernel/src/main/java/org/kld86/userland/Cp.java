package org.kld86.userland;

import java.util.List;
import org.kld86.libkern.Errnos;
import org.kld86.userland.libc.Dirent;
import org.kld86.userland.libc.Getopt;
import org.kld86.userland.libc.Libc;
import org.kld86.userland.libc.Stat;

/**
 * cp(1) (FreeBSD's bin/cp/cp.c and utils.c, man page cp.1): {@code cp source target}, or each source into a
 * directory under its last component. With -R (or -r) a directory is copied with everything below it, walked as
 * cp.c walks it with fts: each entry's target is the target directory plus the entry's path below the source's
 * parent, or below the source itself when the source ends in '/' (the directory's contents are copied then) or
 * when the target did not exist (it becomes the copy). -r is -R (FreeBSD's -RL, the same with no symbolic links)
 * and -a is -Rp. Without -R a directory is {@code cp: d is a directory (not copied).}
 *
 * <p>A new file has the source's mode less the set-id bits and the umask; an existing one is truncated and
 * keeps its mode, unless -f removes it first. A new directory has the source's mode less the umask. -p keeps the
 * mode exactly (the umask is lifted for the create, as there is no chmod(2) to set it afterwards, so an existing
 * target keeps its own) and the access and modification times, set by utimensat(2) after the copy, a directory's
 * after its contents; owners are not kept, as there is no chown(2): set-id bits survive only where the copier
 * owns the source. cp.c makes a new directory writable and searchable by its owner while it is filled and
 * chmods it afterwards; for want of chmod(2) the owner's bits are added only when the copier is not root (root
 * needs none of them) and then stay.
 *
 * <p>-n leaves an existing target ({@code t not overwritten} with -v, status 1), -i asks
 * {@code overwrite t? (y/n [n]) } on standard error, -f removes the target first; the last of the three wins. -v
 * prints {@code s -> t} for each entry copied. -H, -L and -P are taken and change nothing: there are no symbolic
 * links. Devices and FIFOs are read as streams without -R; with -R cp.c makes new nodes, which cannot be made
 * here ({@code cp: mknod: t: Operation not supported}).
 *
 * <p>Copying a directory into itself or below it ends as in FreeBSD since PR 235438: the copy is made once and
 * not copied into again ({@code cp -R foo foo} gives foo/foo without foo/foo/foo), silently and with status 0.
 * cp.c recognises the copy by its path; here the directory a source is copied to is recognised by its device and
 * inode wherever the walk meets it, so a source ending in '/' or given by an absolute path ends too. A target that
 * is the source itself is {@code cp: t and s are identical (not copied).}
 *
 * <p>Messages and status as cp.c's: a missing source is {@code cp: x: No such file or directory}; the status is 1
 * if any entry failed; several sources want a directory ({@code cp: t is not a directory}); a failed mkdir(2) ends
 * the copy at once; a bad option or fewer than two operands print the usage and exit 1.
 */
public final class Cp {

    private static final int S_ISUID = 04000;
    private static final int S_ISGID = 02000;
    private static final int S_IRWXU = 0700;
    private static final int PATH_MAX = 1024;

    /** cp.c's three cases: one file to another, sources into a directory, a directory to a new one. */
    private enum Op { FILE_TO_FILE, FILE_TO_DIR, DIR_TO_DNE }

    private final Libc c;
    private boolean recursive;
    private Overwrite overwrite = Overwrite.DEFAULT;
    private boolean preserve;
    private boolean verbose;
    private String target;
    private Op op;
    /** Where the source being walked is copied to (its dev and ino), once that directory exists. */
    private Stat copyRoot;
    private int rval;

    private Cp(Libc c) {
        this.c = c;
    }

    public static int main(int argc, long argv, long envp) {
        return Libc.start(argc, argv, envp, c -> new Cp(c).run());
    }

    private int usage() {
        c.stderr().puts("usage: cp [-R [-H | -L | -P]] [-f | -i | -n] [-alpsvx] source_file target_file\n"
                + "       cp [-R [-H | -L | -P]] [-f | -i | -n] [-alpsvx] source_file ... target_directory\n");
        return 1;
    }

    private int run() {
        Getopt g = new Getopt(c, "HLPRafinprv");
        boolean bigR = false;
        boolean smallR = false;
        for (int ch; (ch = g.next()) != -1; ) {
            switch (ch) {
                case 'H', 'L', 'P' -> { } // there are no symbolic links to follow or not
                case 'R' -> bigR = true;
                case 'r' -> smallR = true;
                case 'a' -> preserve = bigR = true;
                case 'f', 'i', 'n' -> overwrite = Overwrite.of(ch);
                case 'p' -> preserve = true;
                case 'v' -> verbose = true;
                default -> {
                    return usage();
                }
            }
        }
        String[] args = g.rest();
        if (args.length < 2) {
            return usage();
        }
        if (bigR && smallR) {
            c.errx(1, "the -R and -r options may not be specified together");
            return 1;
        }
        recursive = bigR || smallR;
        String t = args[args.length - 1];
        if (t.isEmpty()) {
            t = ".";
        }
        boolean trailingSlash = t.endsWith("/");
        target = stripSlashes(t);
        Stat ts = new Stat();
        int r = c.stat(target, ts);
        if (r < 0 && r != -Errnos.ENOENT) {
            c.err(1, target, r);
            return 1;
        }
        if (r == 0 && ts.isDirectory()) {
            op = Op.FILE_TO_DIR;
        } else {
            if (args.length > 2) {
                c.errx(1, target + " is not a directory");
                return 1;
            }
            Stat ss = new Stat();
            op = r < 0 && recursive && c.stat(args[0], ss) == 0 && ss.isDirectory() ? Op.DIR_TO_DNE : Op.FILE_TO_FILE;
            if (trailingSlash && op == Op.FILE_TO_FILE) {
                c.errx(1, r < 0 ? "directory " + target + " does not exist" : target + " is not a directory");
                return 1;
            }
        }
        for (int i = 0; i < args.length - 1; i++) {
            copyRoot = null;
            String src = args[i];
            int base = src.length(); // DIR_TO_DNE: the source itself becomes the target
            if (op == Op.FILE_TO_DIR) {
                base = src.lastIndexOf('/') + 1;
                if (src.substring(base).equals("..")) {
                    base++; // "cp -R .. d" copies into d/. rather than d/..
                }
            }
            visit(src, base, 0);
        }
        return rval;
    }

    /** STRIP_TRAILING_SLASH: all but a lone "/". */
    private static String stripSlashes(String p) {
        int end = p.length();
        while (end > 1 && p.charAt(end - 1) == '/') {
            end--;
        }
        return p.substring(0, end);
    }

    /** One entry of the walk (fts_read's turn in cp.c's copy()), then, for a directory, its entries. */
    private void visit(String path, int base, int level) {
        Stat sb = new Stat();
        int r = c.stat(path, sb);
        if (r < 0) {
            c.warnx(path + ": " + Libc.strerror(r)); // FTS_NS
            rval = 1;
            return;
        }
        String to = target;
        if (op != Op.FILE_TO_FILE) {
            String p = path.substring(Math.min(base, path.length()));
            String mid = !p.startsWith("/") && !target.endsWith("/") ? target + "/" : target;
            if (mid.length() + p.length() >= PATH_MAX) {
                c.warnx(mid + p + ": name too long (not copied)");
                rval = 1;
                return;
            }
            to = stripSlashes(mid + p);
        }
        if (sb.isDirectory() && copyRoot != null && sb.dev == copyRoot.dev && sb.ino == copyRoot.ino) {
            return; // the copy being made: copying it again would never end
        }
        Stat tsb = new Stat();
        boolean dne = c.stat(to, tsb) < 0;
        if (!dne) {
            if (tsb.dev == sb.dev && tsb.ino == sb.ino) {
                c.warnx(to + " and " + path + " are identical (not copied).");
                rval = 1;
                return;
            }
            if (!sb.isDirectory() && tsb.isDirectory()) {
                c.warnx("cannot overwrite directory " + to + " with non-directory " + path);
                rval = 1;
                return;
            }
        }
        if (sb.isDirectory()) {
            copyDir(path, sb, to, dne, tsb, base, level);
            return;
        }
        boolean ok;
        if (recursive && (sb.isCharDevice() || (sb.mode & Stat.S_IFMT) == Stat.S_IFIFO)) {
            c.warn((sb.isCharDevice() ? "mknod: " : "mkfifo: ") + to, -Errnos.EOPNOTSUPP);
            ok = false;
        } else {
            ok = copyFile(path, sb, to, dne);
        }
        if (!ok) {
            rval = 1;
        } else if (verbose) {
            c.stdout().puts(path + " -> " + to + "\n");
        }
    }

    /** The directory case of copy(): made if missing, then its entries, then (-p) its times. */
    private void copyDir(String path, Stat sb, String to, boolean dne, Stat tsb, int base, int level) {
        if (!recursive) {
            c.warnx(path + " is a directory (not copied).");
            rval = 1;
            return;
        }
        if (dne) {
            int mode = sb.mode & 0777;
            if (c.getuid() != 0) {
                mode |= S_IRWXU; // to fill it; there is no chmod(2) to take the bits back afterwards
            }
            int r = Mkdir.mkdir(c, to, mode, preserve);
            if (r < 0) {
                c.err(1, to, r);
                return;
            }
        } else if (!tsb.isDirectory()) {
            c.err(1, to, -Errnos.ENOTDIR);
            return;
        }
        if (level == 0) {
            copyRoot = new Stat();
            if (c.stat(to, copyRoot) < 0) {
                copyRoot = null;
            }
        }
        if (verbose) {
            c.stdout().puts(path + " -> " + to + "\n");
        }
        int fd = c.open(path, Libc.O_RDONLY | Libc.O_DIRECTORY, 0);
        int[] err = {0};
        List<Dirent> entries = fd < 0 ? List.of() : c.readdir(fd, err);
        if (fd >= 0) {
            c.close(fd);
        }
        if (fd < 0 || err[0] < 0) {
            c.warnx(path + ": " + Libc.strerror(fd < 0 ? fd : err[0])); // FTS_DNR
            rval = 1;
        }
        String prefix = path.endsWith("/") ? path : path + "/";
        for (Dirent d : entries) {
            if (!d.name().equals(".") && !d.name().equals("..")) {
                visit(prefix + d.name(), base, level + 1);
            }
        }
        if (preserve && !setTimes(sb, to)) {
            rval = 1;
        }
    }

    /** copy_file(): the data of {@code from} into {@code to}, asking or not as -i, -n and -f say. */
    private boolean copyFile(String from, Stat fs, String to, boolean dne) {
        int in = c.open(from, Libc.O_RDONLY, 0);
        if (in < 0) {
            c.warn(from, in);
            return false;
        }
        int out;
        if (dne) {
            out = create(to, fs);
        } else {
            if (overwrite == Overwrite.NEVER) {
                if (verbose) {
                    c.stdout().puts(to + " not overwritten\n");
                }
                c.close(in);
                return false;
            }
            if (overwrite == Overwrite.ASK && !Confirm.ask(c, "overwrite " + to + "? (y/n [n]) ")) {
                c.close(in);
                c.stderr().puts("not overwritten\n");
                return false;
            }
            if (overwrite == Overwrite.FORCE) {
                c.unlink(to);
                out = create(to, fs);
            } else {
                out = c.open(to, Libc.O_WRONLY | Libc.O_TRUNC, 0);
            }
        }
        if (out < 0) {
            c.warn(to, out);
            c.close(in);
            return false;
        }
        boolean ok = pump(in, from, out, to);
        c.close(in);
        int r = c.close(out);
        if (r < 0) {
            c.warn(to, r);
            ok = false;
        }
        return (!preserve || setTimes(fs, to)) && ok;
    }

    /** A new target: the source's mode less set-id bits and the umask, or with -p exactly (set-id as setfile()). */
    private int create(String to, Stat fs) {
        int flags = Libc.O_WRONLY | Libc.O_TRUNC | Libc.O_CREAT;
        if (!preserve) {
            return c.open(to, flags, fs.mode & 07777 & ~(S_ISUID | S_ISGID));
        }
        int mode = fs.mode & 07777;
        if (fs.uid != c.getuid()) {
            mode &= ~(S_ISUID | S_ISGID); // the copy is the copier's, as a failed chown leaves it
        }
        int old = c.umask(0);
        try {
            return c.open(to, flags, mode);
        } finally {
            c.umask(old);
        }
    }

    /** Reads {@code in} to its end and writes it all to {@code out}. */
    private boolean pump(int in, String from, int out, String to) {
        byte[] buf = new byte[65536];
        for (int n; (n = c.read(in, buf, 0, buf.length)) != 0; ) {
            if (n < 0) {
                c.warn(from, n);
                return false;
            }
            for (int off = 0; off < n; ) {
                int w = c.write(out, buf, off, n - off);
                if (w <= 0) {
                    c.warn(to, w < 0 ? w : -Errnos.EIO);
                    return false;
                }
                off += w;
            }
        }
        return true;
    }

    /** setfile()'s times: the source's access and modification times on the copy. */
    private boolean setTimes(Stat fs, String to) {
        int r = c.utimensat(to, new long[] {fs.atime, 0, fs.mtime, 0}, 0);
        if (r < 0) {
            c.warn("utimes: " + to, r);
            return false;
        }
        return true;
    }
}
