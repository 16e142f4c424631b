package org.kld86.kernel.vfs;

import static org.kld86.kpi.Errno.*;

import org.kld86.kernel.fs.File;
import org.kld86.kernel.fs.Stat;
import org.kld86.kernel.proc.Ucred;

/**
 * The system calls that take a path, as FreeBSD's vfs_syscalls.c and vfs_vnops.c do them: open, stat, mkdir,
 * rmdir, unlink, rename, utimensat, chdir, and the executable check of exec. Each looks the path up with {@link Namei} from a
 * starting directory (the caller's current directory, or a directory descriptor's) and checks permissions with
 * {@link Vaccess}; the order of the checks decides which errno a caller sees when several apply, and follows
 * FreeBSD's.
 */
public final class PathCalls {

    /** fcntl.h open flags. */
    public static final int O_RDONLY = 0x0000;
    public static final int O_WRONLY = 0x0001;
    public static final int O_RDWR = 0x0002;
    public static final int O_ACCMODE = 0x0003;
    public static final int O_NONBLOCK = 0x0004;
    public static final int O_APPEND = 0x0008;
    public static final int O_ASYNC = 0x0040;
    public static final int O_FSYNC = 0x0080;
    public static final int O_NOFOLLOW = 0x0100;
    public static final int O_CREAT = 0x0200;
    public static final int O_TRUNC = 0x0400;
    public static final int O_EXCL = 0x0800;
    public static final int O_NOCTTY = 0x8000;
    public static final int O_DIRECT = 0x0001_0000;
    public static final int O_DIRECTORY = 0x0002_0000;
    public static final int O_EXEC = 0x0004_0000;
    public static final int O_CLOEXEC = 0x0010_0000;
    /** FMASK: what an open file keeps of its flags (FREAD, FWRITE, FAPPEND, FNONBLOCK, FASYNC, FFSYNC, O_DIRECT). */
    static final int FMASK = File.FREAD | File.FWRITE | O_NONBLOCK | O_APPEND | O_ASYNC | O_FSYNC | O_DIRECT;
    /** ALLPERMS and ACCESSPERMS of sys/stat.h. */
    static final int ALLPERMS = 07777;
    static final int ACCESSPERMS = 0777;

    private final Vfs vfs;

    PathCalls(Vfs vfs) {
        this.vfs = vfs;
    }

    private Namei.Result namei(Ucred cred, Vnode start, String path, Namei.Op op) {
        if (start == null && !path.startsWith("/")) {
            return Namei.Result.error(ENOENT); // the current directory is gone
        }
        return Namei.lookup(vfs.root(), start, cred, path, op);
    }

    /**
     * kern_openat() and vn_open_cred(): the open file, or null with the errno in {@code err[0]}. The mode of a new
     * file is taken as given (the open system call has taken the process's umask off it), less the sticky bit.
     */
    public File open(Ucred cred, Vnode start, String path, int flags, int mode, int[] err) {
        if ((flags & O_ACCMODE) == O_ACCMODE) {
            err[0] = EINVAL;
            return null;
        }
        int fflags = flags + 1; // FFLAGS(): O_RDONLY/O_WRONLY/O_RDWR become FREAD/FWRITE/both
        Namei.Result r = namei(cred, start, path, (flags & O_CREAT) != 0 ? Namei.Op.CREATE : Namei.Op.LOOKUP);
        if (!r.ok()) {
            err[0] = r.errno();
            return null;
        }
        Vnode vp = r.vp();
        boolean created = false;
        if (vp == null) {
            if (r.trailingSlash()) {
                err[0] = EISDIR;
                return null;
            }
            int error = Vaccess.access(r.dvp(), Vaccess.VWRITE, cred);
            if (error != 0) {
                err[0] = error;
                return null;
            }
            Vnode[] out = new Vnode[1];
            error = r.dvp().create(r.last(), VType.VREG, mode & ALLPERMS & ~Vaccess.S_ISTXT, cred, out);
            if (error != 0) {
                err[0] = error;
                return null;
            }
            vp = out[0];
            created = true;
        } else if ((flags & (O_CREAT | O_EXCL)) == (O_CREAT | O_EXCL)) {
            err[0] = EEXIST;
            return null;
        } else if ((flags & O_CREAT) != 0 && vp.type() == VType.VDIR) {
            err[0] = EISDIR;
            return null;
        }
        int error = openCheck(vp, fflags, cred, created);
        if (error != 0) {
            err[0] = error;
            return null;
        }
        File fp = vp.open(fflags, path, cred, err);
        if (fp == null) {
            return null;
        }
        if ((fflags & O_TRUNC) != 0 && vp.type() == VType.VREG && vp.size() > 0) {
            error = vp.truncate(0);
            if (error != 0) {
                fp.drop();
                err[0] = error;
                return null;
            }
        }
        return fp;
    }

    /** vn_open_vnode()'s checks: directories, O_DIRECTORY, read-only mounts, then the permission bits. */
    private static int openCheck(Vnode vp, int fflags, Ucred cred, boolean created) {
        int accmode = 0;
        if ((fflags & (File.FWRITE | O_TRUNC)) != 0) {
            if (vp.type() == VType.VDIR) {
                return EISDIR;
            }
            accmode |= Vaccess.VWRITE;
        }
        if ((fflags & File.FREAD) != 0) {
            accmode |= Vaccess.VREAD;
        }
        if ((fflags & O_DIRECTORY) != 0 && vp.type() != VType.VDIR) {
            return ENOTDIR;
        }
        if (created) {
            return 0;
        }
        if ((accmode & Vaccess.VWRITE) != 0 && vp.mount().readOnly()
                && (vp.type() == VType.VREG || vp.type() == VType.VDIR)) {
            return EROFS;
        }
        return accmode == 0 ? 0 : Vaccess.access(vp, accmode, cred);
    }

    /** kern_statat(): the attributes of what {@code path} names. */
    public int stat(Ucred cred, Vnode start, String path, Stat sb) {
        Namei.Result r = namei(cred, start, path, Namei.Op.LOOKUP);
        if (!r.ok()) {
            return r.errno();
        }
        r.vp().getattr(sb);
        return 0;
    }

    /** kern_mkdirat(): a new directory with {@code mode}'s access bits (ACCESSPERMS: no setuid, setgid or sticky). */
    public int mkdir(Ucred cred, Vnode start, String path, int mode) {
        Namei.Result r = namei(cred, start, path, Namei.Op.CREATE);
        if (!r.ok()) {
            return r.errno();
        }
        if (r.vp() != null) {
            return EEXIST;
        }
        int error = Vaccess.access(r.dvp(), Vaccess.VWRITE, cred);
        if (error != 0) {
            return error;
        }
        return r.dvp().create(r.last(), VType.VDIR, mode & ACCESSPERMS, cred, new Vnode[1]);
    }

    /**
     * kern_frmdirat(): ENOTDIR for a non-directory, EINVAL for ".", EBUSY for the root of a mounted file
     * system, ENOTEMPTY for a directory with entries (which ".." always is).
     */
    public int rmdir(Ucred cred, Vnode start, String path) {
        Namei.Result r = namei(cred, start, path, Namei.Op.DELETE);
        if (!r.ok()) {
            return r.errno();
        }
        Vnode vp = r.vp();
        Vnode dvp = r.dvp();
        if (vp.type() != VType.VDIR) {
            return ENOTDIR;
        }
        if (vp == dvp) {
            return EINVAL;
        }
        if (vp.isRoot()) {
            return EBUSY;
        }
        int error = deleteCheck(cred, dvp, vp);
        if (error != 0) {
            return error;
        }
        if (r.last().equals("..")) {
            return ENOTEMPTY; // the parent holds at least the directory the path came from
        }
        return dvp.rmdir(r.last());
    }

    /** kern_funlinkat(): removes a name; a directory is EPERM, as POSIX has it and FreeBSD does. */
    public int unlink(Ucred cred, Vnode start, String path) {
        Namei.Result r = namei(cred, start, path, Namei.Op.DELETE);
        if (!r.ok()) {
            return r.errno();
        }
        Vnode vp = r.vp();
        Vnode dvp = r.dvp();
        int error = deleteCheck(cred, dvp, vp);
        if (error != 0) {
            return error;
        }
        if (vp.type() == VType.VDIR) {
            return EPERM;
        }
        return dvp.remove(r.last());
    }

    /**
     * kern_renameat(): moves {@code from} to {@code to}, replacing what {@code to} names. The source is looked up
     * as for a delete and must be deletable; the target's directory must be writable, and an existing target
     * deletable. Then, in kern_renameat's and the file systems' order: ENOTDIR for a directory onto a
     * non-directory (or a non-directory onto a name with a trailing slash), EISDIR for a non-directory onto a
     * directory, EXDEV across file systems, EINVAL for "." or ".." on either side or a directory moved into
     * itself or below itself, nothing at all when both names are the same file, ENOTEMPTY for a directory onto a
     * directory that has entries. A directory that changes parent must itself be writable, as its ".." changes.
     */
    public int rename(Ucred cred, Vnode start, String from, String to) {
        Namei.Result f = namei(cred, start, from, Namei.Op.DELETE);
        if (!f.ok()) {
            return f.errno();
        }
        Vnode fvp = f.vp();
        Vnode fdvp = f.dvp();
        int error = deleteCheck(cred, fdvp, fvp);
        if (error != 0) {
            return error;
        }
        Namei.Result t = namei(cred, start, to, Namei.Op.CREATE);
        if (!t.ok()) {
            return t.errno();
        }
        Vnode tvp = t.vp();
        Vnode tdvp = t.dvp();
        if (tdvp.mount().readOnly()) {
            return EROFS;
        }
        error = Vaccess.access(tdvp, Vaccess.VWRITE, cred);
        if (error == 0 && tvp != null) {
            error = deleteCheck(cred, tdvp, tvp);
        }
        if (error != 0) {
            return error;
        }
        boolean dir = fvp.type() == VType.VDIR;
        if (tvp != null && dir && tvp.type() != VType.VDIR) {
            return ENOTDIR;
        }
        if (tvp != null && !dir && tvp.type() == VType.VDIR) {
            return EISDIR;
        }
        if (tvp == null && !dir && t.trailingSlash()) {
            return ENOTDIR;
        }
        if (fvp.mount() != tdvp.mount() || (tvp != null && tvp.mount() != fvp.mount())) {
            return EXDEV;
        }
        if (isDot(f.last()) || isDot(t.last()) || fvp == fdvp || fvp == tdvp) {
            return EINVAL;
        }
        if (fvp == tvp) {
            return 0; // two names of one file: nothing to do
        }
        if (dir) {
            for (Vnode v = tdvp; v != null; v = v.parent()) {
                if (v == fvp) {
                    return EINVAL; // into its own subtree
                }
            }
            if (tvp != null && !tvp.names().isEmpty()) {
                return ENOTEMPTY;
            }
            if (fdvp != tdvp) {
                error = Vaccess.access(fvp, Vaccess.VWRITE, cred);
                if (error != 0) {
                    return error;
                }
            }
        }
        return fdvp.rename(f.last(), tdvp, t.last());
    }

    private static boolean isDot(String name) {
        return name.equals(".") || name.equals("..");
    }

    /**
     * kern_utimensat() after getutimens(): sets the access and modification times of what {@code path} names
     * (nanoseconds since boot, or {@link Vnode#TIME_OMIT}). {@code now} says both are "now" (a NULL times
     * pointer, or UTIME_NOW twice): then write permission is enough, as utimes(2) has it; explicit times need the
     * owner or root, EPERM otherwise. A read-only mount is EROFS.
     */
    public int utimens(Ucred cred, Vnode start, String path, long atime, long mtime, boolean now) {
        Namei.Result r = namei(cred, start, path, Namei.Op.LOOKUP);
        if (!r.ok()) {
            return r.errno();
        }
        Vnode vp = r.vp();
        if (vp.mount().readOnly()) {
            return EROFS;
        }
        if (cred.uid() != vp.uid() && !cred.privileged()) {
            if (!now) {
                return EPERM;
            }
            int error = Vaccess.access(vp, Vaccess.VWRITE, cred);
            if (error != 0) {
                return error;
            }
        }
        return vp.setTimes(atime, mtime);
    }

    /** kern_fchmodat(): chmod of what {@code path} names; see {@link #chmod(Ucred, Vnode, int)}. */
    public int chmod(Ucred cred, Vnode start, String path, int mode) {
        Namei.Result r = namei(cred, start, path, Namei.Op.LOOKUP);
        return r.ok() ? chmod(cred, r.vp(), mode) : r.errno();
    }

    /**
     * setfmode() and tmpfs_chmod(): only the owner or root may change the mode (EPERM); a read-only mount is
     * EROFS. For anyone but root the sticky bit on a file that is not a directory is EFTYPE, and the set-group-ID
     * bit on a file whose group the caller is not in is EPERM (chmod(2)); a device node takes any mode from its
     * owner, as devfs_setattr does.
     */
    public static int chmod(Ucred cred, Vnode vp, int mode) {
        if (vp.mount().readOnly()) {
            return EROFS;
        }
        mode &= 07777;
        if (!cred.privileged()) {
            if (cred.uid() != vp.uid()) {
                return EPERM;
            }
            // devfs_setattr takes any mode from the owner; tmpfs_chmod has these two rules.
            boolean device = vp.type() == VType.VCHR;
            if (!device && vp.type() != VType.VDIR && (mode & Vaccess.S_ISTXT) != 0) {
                return EFTYPE;
            }
            if (!device && !cred.inGroup(vp.gid()) && (mode & Vaccess.S_ISGID) != 0) {
                return EPERM;
            }
        }
        return vp.setMode(mode);
    }

    /** kern_fchownat(): chown of what {@code path} names; see {@link #chown(Ucred, Vnode, int, int)}. */
    public int chown(Ucred cred, Vnode start, String path, int uid, int gid) {
        Namei.Result r = namei(cred, start, path, Namei.Op.LOOKUP);
        return r.ok() ? chown(cred, r.vp(), uid, gid) : r.errno();
    }

    /**
     * setfown() and tmpfs_chown(): -1 leaves the owner or group as it is. Anyone but root may only give a file
     * they own to a group they are in, keeping the owner (EPERM otherwise); when root does not make the change,
     * a change of owner or group clears the set-user-ID and set-group-ID bits. A read-only mount is EROFS. As in
     * tmpfs_setattr and tmpfs_chown, a call that changes nothing succeeds for anyone and touches nothing: -1 for
     * both asks for no change at all, and an owner and group the file already has return before any check.
     */
    public static int chown(Ucred cred, Vnode vp, int uid, int gid) {
        if (uid == -1 && gid == -1) {
            return 0;
        }
        if (vp.mount().readOnly()) {
            return EROFS;
        }
        int newUid = uid == -1 ? vp.uid() : uid;
        int newGid = gid == -1 ? vp.gid() : gid;
        if (newUid == vp.uid() && newGid == vp.gid()) {
            return 0;
        }
        if (!cred.privileged() && (cred.uid() != vp.uid() || newUid != vp.uid()
                || (newGid != vp.gid() && !cred.inGroup(newGid)))) {
            return EPERM;
        }
        int error = vp.setOwner(newUid, newGid);
        if (error == 0 && !cred.privileged() && (vp.mode() & (Vaccess.S_ISUID | Vaccess.S_ISGID)) != 0) {
            vp.setMode(vp.mode() & ~(Vaccess.S_ISUID | Vaccess.S_ISGID));
        }
        return error;
    }

    /**
     * The permission to delete an entry: write permission on its directory, and in a sticky directory (such as
     * /tmp) ownership of the file or of the directory, unless root.
     */
    private static int deleteCheck(Ucred cred, Vnode dvp, Vnode vp) {
        int error = Vaccess.access(dvp, Vaccess.VWRITE, cred);
        if (error != 0) {
            return error;
        }
        if ((dvp.mode() & Vaccess.S_ISTXT) != 0 && !cred.privileged() && cred.uid() != dvp.uid()
                && cred.uid() != vp.uid()) {
            return EPERM;
        }
        return 0;
    }

    /** kern_chdir(): the directory to make current, or null with ENOTDIR/EACCES/... in {@code err[0]}. */
    public Vnode chdir(Ucred cred, Vnode start, String path, int[] err) {
        Namei.Result r = namei(cred, start, path, Namei.Op.LOOKUP);
        if (!r.ok()) {
            err[0] = r.errno();
            return null;
        }
        Vnode vp = r.vp();
        if (vp.type() != VType.VDIR) {
            err[0] = ENOTDIR;
            return null;
        }
        int error = Vaccess.access(vp, Vaccess.VEXEC, cred);
        if (error != 0) {
            err[0] = error;
            return null;
        }
        return vp;
    }

    /**
     * exec_check_permissions(): the vnode of an executable {@code cred} may run: a regular file (EACCES
     * otherwise) with execute permission for it (root needs at least one execute bit).
     */
    public Vnode executable(Ucred cred, Vnode start, String path, int[] err) {
        Namei.Result r = namei(cred, start, path, Namei.Op.LOOKUP);
        if (!r.ok()) {
            err[0] = r.errno();
            return null;
        }
        Vnode vp = r.vp();
        if (vp.type() != VType.VREG) {
            err[0] = EACCES;
            return null;
        }
        int error = Vaccess.access(vp, Vaccess.VEXEC, cred);
        if (error != 0) {
            err[0] = error;
            return null;
        }
        return vp;
    }
}
