package org.kld86.kernel.syscall;

import static org.kld86.kpi.Errno.*;

import java.nio.charset.StandardCharsets;
import org.kld86.kernel.Kernel;
import org.kld86.kernel.fs.File;
import org.kld86.kernel.fs.FileDesc;
import org.kld86.kernel.fs.Stat;
import org.kld86.kernel.proc.Proc;
import org.kld86.kernel.proc.Ucred;
import org.kld86.kernel.vfs.Namei;
import org.kld86.kernel.vfs.PathCalls;
import org.kld86.kernel.vfs.Pipe;
import org.kld86.kernel.vfs.Vfs;
import org.kld86.kernel.vfs.VnodeFile;
import org.kld86.kernel.vfs.Vnode;
import org.kld86.kernel.vm.UserAccess;

/**
 * The file system's system calls (vfs_syscalls.c, sys_pipe.c): open, fstatat, getdents, mkdir, rmdir, unlink,
 * rename, utimensat, chmod, fchmod, fchmodat, chown, fchown, lchown, fchownat, chdir, __getcwd and pipe2. They copy their arguments in (a path is at most MAXPATHLEN bytes with its NUL,
 * ENAMETOOLONG otherwise), do the work in {@link PathCalls} with the process's credentials and current
 * directory, and copy results out. Descriptors are installed at the lowest free number.
 */
public final class VfsSyscalls {

    /** fcntl.h: the *at() calls' "current directory" descriptor and the one fstatat flag there is. */
    public static final int AT_FDCWD = -100;
    public static final int AT_SYMLINK_NOFOLLOW = 0x0200;

    private VfsSyscalls() {
    }

    public static void register(Kernel k, SyscallTable t) {
        t.register(Sys.OPEN, "open", 3, c -> open(k, c));
        t.register(Sys.FSTATAT, "fstatat", 4, c -> fstatat(k, c));
        t.register(Sys.GETDENTS, "getdents", 3, c -> {
            File fp = c.proc().fd().get(c.arg(0));
            if (fp == null || !fp.readable()) {
                return -EBADF;
            }
            return VnodeFile.getdents(k, fp, c.uarg(1), c.arg(2));
        });
        // sys_mkdirat: va_mode = (mode & ACCESSPERMS) & ~pd_cmask
        t.register(Sys.MKDIR, "mkdir", 2, c -> pathCall(k, c, (p, path) ->
                k.vfs().calls().mkdir(p.cred(), k.vfs().cwd(p.cwd()), path, c.arg(1) & 0777 & ~p.cmask())));
        // umask(2): sets the mask to newmask & ALLPERMS and returns the old one; it cannot fail.
        t.register(Sys.UMASK, "umask", 1, c -> {
            Proc p = c.proc();
            int old = p.cmask();
            p.setCmask(c.arg(0) & 07777);
            return old;
        });
        t.register(Sys.RMDIR, "rmdir", 1, c -> pathCall(k, c, (p, path) ->
                k.vfs().calls().rmdir(p.cred(), k.vfs().cwd(p.cwd()), path)));
        t.register(Sys.UNLINK, "unlink", 1, c -> pathCall(k, c, (p, path) ->
                k.vfs().calls().unlink(p.cred(), k.vfs().cwd(p.cwd()), path)));
        t.register(Sys.RENAME, "rename", 2, c -> rename(k, c));
        t.register(Sys.UTIMENSAT, "utimensat", 4, c -> utimensat(k, c));
        t.register(Sys.CHMOD, "chmod", 2, c -> pathCall(k, c, (cred, start, path) ->
                k.vfs().calls().chmod(cred, start, path, c.arg(1))));
        t.register(Sys.CHOWN, "chown", 3, c -> pathCall(k, c, (cred, start, path) ->
                k.vfs().calls().chown(cred, start, path, c.arg(1), c.arg(2))));
        t.register(Sys.LCHOWN, "lchown", 3, c -> pathCall(k, c, (cred, start, path) ->
                k.vfs().calls().chown(cred, start, path, c.arg(1), c.arg(2))));
        t.register(Sys.FCHMODAT, "fchmodat", 4, c -> atCall(k, c, 3, (cred, start, path) ->
                k.vfs().calls().chmod(cred, start, path, c.arg(2))));
        t.register(Sys.FCHOWNAT, "fchownat", 5, c -> atCall(k, c, 4, (cred, start, path) ->
                k.vfs().calls().chown(cred, start, path, c.arg(2), c.arg(3))));
        t.register(Sys.FCHMOD, "fchmod", 2, c -> fdCall(c, vp -> PathCalls.chmod(c.proc().cred(), vp, c.arg(1))));
        t.register(Sys.FCHOWN, "fchown", 3, c -> fdCall(c, vp -> PathCalls.chown(c.proc().cred(), vp, c.arg(1),
                c.arg(2))));
        t.register(Sys.CHDIR, "chdir", 1, c -> pathCall(k, c, (p, path) -> {
            int[] err = {0};
            Vnode vp = k.vfs().calls().chdir(p.cred(), k.vfs().cwd(p.cwd()), path, err);
            if (vp == null) {
                return err[0];
            }
            p.setCwd(Namei.fullpath(k.vfs().root(), vp));
            return 0;
        }));
        t.register(Sys.GETCWD, "__getcwd", 2, c -> getcwd(k, c));
        t.register(Sys.PIPE2, "pipe2", 2, c -> pipe2(k, c));
    }

    @FunctionalInterface
    private interface PathBody {
        int apply(Proc p, String path);
    }

    private static long pathCall(Kernel k, SyscallContext c, PathBody body) {
        UserAccess.Str path = k.userAccess().copyinstr(c.uarg(0), Namei.MAXPATHLEN);
        if (path.errno() != 0) {
            return -path.errno();
        }
        return -body.apply(c.proc(), path.value());
    }

    /**
     * rename(from, to). A process holds its current directory by path, so the paths of the processes inside a
     * moved directory move with it, as FreeBSD's vnode references would keep them there.
     */
    private static long rename(Kernel k, SyscallContext c) {
        UserAccess.Str from = k.userAccess().copyinstr(c.uarg(0), Namei.MAXPATHLEN);
        if (from.errno() != 0) {
            return -from.errno();
        }
        UserAccess.Str to = k.userAccess().copyinstr(c.uarg(1), Namei.MAXPATHLEN);
        if (to.errno() != 0) {
            return -to.errno();
        }
        Proc p = c.proc();
        Vfs vfs = k.vfs();
        Vnode start = vfs.cwd(p.cwd());
        Namei.Result f = from.value().startsWith("/") || start != null
                ? Namei.lookup(vfs.root(), start, p.cred(), from.value(), Namei.Op.LOOKUP) : null;
        Vnode moved = f != null && f.ok() && f.vp().type() == org.kld86.kernel.vfs.VType.VDIR ? f.vp() : null;
        String oldPath = moved == null ? null : Namei.fullpath(vfs.root(), moved);
        int error = vfs.calls().rename(p.cred(), start, from.value(), to.value());
        if (error == 0 && moved != null) {
            String newPath = Namei.fullpath(vfs.root(), moved);
            for (Proc q : k.procs().processes()) {
                String cwd = q.cwd();
                if (cwd != null && (cwd.equals(oldPath) || cwd.startsWith(oldPath + "/"))) {
                    q.setCwd(newPath + cwd.substring(oldPath.length()));
                }
            }
        }
        return -error;
    }

    /** The part of a path call after the path is copied in: the caller's credentials, where it starts, the path. */
    @FunctionalInterface
    private interface PathOp {
        int apply(Ucred cred, Vnode start, String path);
    }

    /** A call on the path of argument 0, relative to the working directory (chmod, chown, lchown). */
    private static long pathCall(Kernel k, SyscallContext c, PathOp op) {
        UserAccess.Str path = k.userAccess().copyinstr(c.uarg(0), Namei.MAXPATHLEN);
        if (path.errno() != 0) {
            return -path.errno();
        }
        Proc p = c.proc();
        return -op.apply(p.cred(), k.vfs().cwd(p.cwd()), path.value());
    }

    /**
     * A call on the path of argument 1 from the directory descriptor of argument 0 (fchmodat, fchownat). Their
     * flag, argument {@code flagArg}, may only be AT_SYMLINK_NOFOLLOW, which changes nothing here: there are no
     * symbolic links.
     */
    private static long atCall(Kernel k, SyscallContext c, int flagArg, PathOp op) {
        if ((c.arg(flagArg) & ~AT_SYMLINK_NOFOLLOW) != 0) {
            return -EINVAL;
        }
        AtPath at = atPath(k, c);
        if (at.errno() != 0) {
            return -at.errno();
        }
        return -op.apply(c.proc().cred(), at.start(), at.path());
    }

    /** A call on the file of descriptor argument 0 (fchmod, fchown): EBADF, or EINVAL for a pipe and the like. */
    private static long fdCall(SyscallContext c, java.util.function.ToIntFunction<Vnode> op) {
        File fp = c.proc().fd().get(c.arg(0));
        if (fp == null) {
            return -EBADF;
        }
        Vnode vp = fp.ops.vnode(fp);
        return vp == null ? -EINVAL : -op.applyAsInt(vp);
    }

    /** sys/stat.h: the tv_nsec values that mean "now" and "leave it". */
    public static final int UTIME_NOW = -1;
    public static final int UTIME_OMIT = -2;

    /**
     * utimensat(fd, path, times, flag): {@code times} is NULL (both now) or two i386 struct timespec, 32-bit
     * tv_sec (seconds since boot, the base of st_mtime here) and tv_nsec, access time first. A tv_nsec outside
     * 0-999999999 that is not UTIME_NOW or UTIME_OMIT is EINVAL; two UTIME_OMITs change nothing once the path has
     * been looked up. A relative path starts as fstatat's does.
     */
    private static long utimensat(Kernel k, SyscallContext c) {
        int flag = c.arg(3);
        if ((flag & ~AT_SYMLINK_NOFOLLOW) != 0) {
            return -EINVAL;
        }
        long[] ns = new long[2];
        boolean now = true;
        int omits = 0;
        long nowNanos = k.machine().clock().nanos();
        if (c.uarg(2) == 0) {
            ns[0] = nowNanos;
            ns[1] = nowNanos;
        } else {
            byte[] b = new byte[16];
            int error = k.userAccess().copyin(c.uarg(2), b, 0, 16);
            if (error != 0) {
                return -error;
            }
            java.nio.ByteBuffer bb = java.nio.ByteBuffer.wrap(b).order(java.nio.ByteOrder.LITTLE_ENDIAN);
            for (int i = 0; i < 2; i++) {
                int sec = bb.getInt(8 * i);
                int nsec = bb.getInt(8 * i + 4);
                if (nsec == UTIME_NOW) {
                    ns[i] = nowNanos;
                } else if (nsec == UTIME_OMIT) {
                    ns[i] = Vnode.TIME_OMIT;
                    omits++;
                    now = false;
                } else if (nsec < 0 || nsec > 999_999_999) {
                    return -EINVAL;
                } else {
                    ns[i] = sec * 1_000_000_000L + nsec;
                    now = false;
                }
            }
        }
        AtPath at = atPath(k, c);
        if (at.errno() != 0) {
            return -at.errno();
        }
        Proc p = c.proc();
        Vnode start = at.start();
        if (omits == 2) {
            Stat sb = new Stat();
            return -k.vfs().calls().stat(p.cred(), start, at.path(), sb);
        }
        return -k.vfs().calls().utimens(p.cred(), start, at.path(), ns[0], ns[1], now);
    }

    /** open(path, flags, mode): the new descriptor. */
    private static long open(Kernel k, SyscallContext c) {
        UserAccess.Str path = k.userAccess().copyinstr(c.uarg(0), Namei.MAXPATHLEN);
        if (path.errno() != 0) {
            return -path.errno();
        }
        Proc p = c.proc();
        int[] err = {0};
        // kern_openat: cmode = ((mode & ~pd_cmask) & ALLPERMS) & ~S_ISTXT (the sticky bit is dropped below)
        int cmode = c.arg(2) & ~p.cmask() & 07777;
        File fp = k.vfs().calls().open(p.cred(), k.vfs().cwd(p.cwd()), path.value(), c.arg(1), cmode, err);
        if (fp == null) {
            return -err[0];
        }
        int fd = p.fd().install(fp);
        if (fd < 0) {
            fp.drop();
        }
        return fd;
    }

    /** fstatat(fd, path, sb, flag): AT_FDCWD or a directory descriptor to start a relative path from. */
    private static long fstatat(Kernel k, SyscallContext c) {
        int flag = c.arg(3);
        if ((flag & ~AT_SYMLINK_NOFOLLOW) != 0) {
            return -EINVAL;
        }
        AtPath at = atPath(k, c);
        if (at.errno() != 0) {
            return -at.errno();
        }
        Proc p = c.proc();
        Vnode start = at.start();
        Stat sb = new Stat();
        int error = k.vfs().calls().stat(p.cred(), start, at.path(), sb);
        if (error != 0) {
            return -error;
        }
        byte[] b = sb.toBytes();
        return -k.userAccess().copyout(b, 0, b.length, c.uarg(2));
    }

    /**
     * Where an *at() call's path starts: the root for an absolute path, the current directory for AT_FDCWD,
     * else the directory open on {@code dirfd} (EBADF if none is open there, ENOTDIR if it is not a directory).
     */
    /** The *at calls' (dirfd, path) pair: the path copied in, and the directory a relative one starts from. */
    private record AtPath(Vnode start, String path, int errno) {
    }

    /** Copies in the path of argument 1 and finds where it starts, from the directory descriptor of argument 0. */
    private static AtPath atPath(Kernel k, SyscallContext c) {
        UserAccess.Str path = k.userAccess().copyinstr(c.uarg(1), Namei.MAXPATHLEN);
        if (path.errno() != 0) {
            return new AtPath(null, null, path.errno());
        }
        int[] err = {0};
        Vnode start = atStart(k, c.proc(), c.arg(0), path.value(), err);
        return new AtPath(start, path.value(), err[0]);
    }

    private static Vnode atStart(Kernel k, Proc p, int dirfd, String path, int[] err) {
        if (path.startsWith("/")) {
            return k.vfs().root();
        }
        if (dirfd == AT_FDCWD) {
            return k.vfs().cwd(p.cwd());
        }
        File dfp = p.fd().get(dirfd);
        if (dfp == null) {
            err[0] = EBADF;
            return null;
        }
        if (!(dfp.data instanceof Vnode dvp) || dfp.ops != VnodeFile.OPS
                || dvp.type() != org.kld86.kernel.vfs.VType.VDIR) {
            err[0] = ENOTDIR;
            return null;
        }
        return dvp;
    }

    /**
     * __getcwd(buf, buflen): 0 with the current directory in {@code buf}; EINVAL for a buffer under 2 bytes,
     * ENOMEM for one too small for the path, ENOENT if the directory has been removed.
     */
    private static long getcwd(Kernel k, SyscallContext c) {
        long buflen = c.uarg(1);
        if (buflen < 2) {
            return -EINVAL;
        }
        buflen = Math.min(buflen, Namei.MAXPATHLEN);
        Proc p = c.proc();
        Vfs vfs = k.vfs();
        Vnode cwd = vfs.cwd(p.cwd());
        if (cwd == null) {
            return -ENOENT;
        }
        byte[] path = Namei.fullpath(vfs.root(), cwd).getBytes(StandardCharsets.ISO_8859_1);
        if (path.length + 1 > buflen) {
            return -ENOMEM;
        }
        byte[] out = java.util.Arrays.copyOf(path, path.length + 1);
        return -k.userAccess().copyout(out, 0, out.length, c.uarg(0));
    }

    /** pipe2(fildes, flags): flags O_NONBLOCK and O_CLOEXEC; the two descriptors are written to fildes[0..1]. */
    private static long pipe2(Kernel k, SyscallContext c) {
        int flags = c.arg(1);
        if ((flags & ~(PathCalls.O_NONBLOCK | PathCalls.O_CLOEXEC)) != 0) {
            return -EINVAL;
        }
        Proc p = c.proc();
        FileDesc fd = p.fd();
        File[] ends = Pipe.create(k, k.vfs().nextPipeIno(), p.cred().uid(), p.cred().gid(),
                flags & PathCalls.O_NONBLOCK);
        int rfd = fd.install(ends[0]);
        if (rfd < 0) {
            ends[0].drop();
            ends[1].drop();
            return rfd;
        }
        int wfd = fd.install(ends[1]);
        if (wfd < 0) {
            fd.close(rfd);
            ends[1].drop();
            return wfd;
        }
        byte[] out = new byte[8];
        for (int i = 0; i < 4; i++) {
            out[i] = (byte) (rfd >>> (8 * i));
            out[4 + i] = (byte) (wfd >>> (8 * i));
        }
        int error = k.userAccess().copyout(out, 0, 8, c.uarg(0));
        if (error != 0) {
            fd.close(rfd);
            fd.close(wfd);
            return -error;
        }
        return 0;
    }
}
