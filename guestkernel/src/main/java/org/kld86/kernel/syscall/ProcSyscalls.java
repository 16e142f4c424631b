package org.kld86.kernel.syscall;

import static org.kld86.kpi.Errno.*;

import java.util.ArrayList;
import java.util.List;
import org.kld86.kernel.Kernel;
import org.kld86.kernel.fs.File;
import org.kld86.kernel.fs.FileDesc;
import org.kld86.kernel.proc.Proc;
import org.kld86.kernel.proc.ProcTable;
import org.kld86.kernel.proc.ProcessExit;
import org.kld86.kernel.vm.UserAccess;
import org.kld86.kernel.vm.VmSpace;

/**
 * The process system calls: exit, the ids, spawn (fork + execve), wait4, kill, obreak, mmap, munmap, reboot.
 */
public final class ProcSyscalls {

    /** mmap(2) flags and the reboot(2) flag this kernel honours. */
    public static final int MAP_SHARED = 0x0001;
    public static final int MAP_PRIVATE = 0x0002;
    public static final int MAP_ANON = 0x1000;
    public static final int RB_HALT = 0x8;
    static final int FA_CLOSE = 1;
    static final int FA_DUP2 = 2;
    static final int FA_OPEN = 3;
    static final int MAX_ARGS = 4096;
    /** _SIG_MAXSIG: kill(2) of a larger signal number is EINVAL. */
    static final int SIG_MAXSIG = 128;

    private ProcSyscalls() {
    }

    public static void register(Kernel k, SyscallTable t) {
        t.register(Sys.EXIT, "exit", 1, c -> {
            throw new ProcessExit((c.arg(0) & 0xFF) << 8);
        });
        t.register(Sys.GETPID, "getpid", 0, c -> c.proc().pid());
        t.register(Sys.GETPPID, "getppid", 0, c -> c.proc().parent() == null ? 1 : c.proc().parent().pid());
        t.register(Sys.GETUID, "getuid", 0, c -> c.proc().cred().uid());
        t.register(Sys.GETGID, "getgid", 0, c -> c.proc().cred().gid());
        t.register(Sys.SETUID, "setuid", 1, c -> setid(c, true));
        t.register(Sys.SETGID, "setgid", 1, c -> setid(c, false));
        t.register(Sys.SPAWN, "spawn", 5, ProcSyscalls::spawn);
        t.register(Sys.WAIT4, "wait4", 4, c -> {
            int[] r = k.procs().wait(c.proc(), c.arg(0), c.arg(2));
            if (r[0] > 0 && c.uarg(1) != 0 && k.userAccess().suword32(c.uarg(1), r[1]) != 0) {
                return -EFAULT;
            }
            return r[0];
        });
        t.register(Sys.KILL, "kill", 2, c -> {
            if (Integer.compareUnsigned(c.arg(1), SIG_MAXSIG) > 0) {
                return -EINVAL;
            }
            Proc target = k.procs().find(c.arg(0));
            if (target == null) {
                return -ESRCH;
            }
            if (!c.proc().cred().privileged() && c.proc().cred().uid() != target.cred().uid()) {
                return -EPERM;
            }
            if (c.arg(1) == 0) {
                return 0;
            }
            return -k.procs().kill(c.arg(0), c.arg(1));
        });
        t.register(Sys.OBREAK, "obreak", 1, c -> {
            long r = c.proc().vmspace().brk(c.uarg(0));
            return r < 0 ? -ENOMEM : r;
        });
        t.register(Sys.MMAP, "mmap", 7, ProcSyscalls::mmap);
        t.register(Sys.MUNMAP, "munmap", 2, c -> c.proc().vmspace().munmap(c.uarg(0)) == 0 ? 0 : -EINVAL);
        t.register(Sys.REBOOT, "reboot", 1, c -> {
            if (!c.proc().cred().privileged()) {
                return -EPERM;
            }
            if ((c.arg(0) & RB_HALT) != 0) {
                k.halt();
            }
            return -EINVAL;
        });
    }

    /**
     * setuid(2)/setgid(2): root may take any id (and then is no longer root); anyone else only the id they have.
     * Processes it spawns afterwards inherit the credential.
     */
    private static long setid(SyscallContext c, boolean user) {
        org.kld86.kernel.proc.Ucred cr = c.proc().cred();
        int id = c.arg(0);
        if (id < 0) {
            return -EINVAL;
        }
        if (!cr.privileged() && id != (user ? cr.uid() : cr.gid())) {
            return -EPERM;
        }
        c.proc().setCred(user ? new org.kld86.kernel.proc.Ucred(id, cr.gid(), cr.groups())
                : new org.kld86.kernel.proc.Ucred(cr.uid(), id, new int[] {id}));
        return 0;
    }

    /** spawn(path, argv, envp, file_actions, nactions). */
    private static long spawn(SyscallContext c) {
        Kernel k = c.kernel();
        UserAccess ua = k.userAccess();
        UserAccess.Str path = ua.copyinstr(c.uarg(0), 1024);
        if (path.errno() != 0) {
            return -path.errno();
        }
        List<String> argv = new ArrayList<>();
        List<String> envp = new ArrayList<>();
        int e = vector(ua, c.uarg(1), argv);
        if (e == 0) {
            e = vector(ua, c.uarg(2), envp);
        }
        if (e != 0) {
            return -e;
        }
        int n = c.arg(4);
        if (n < 0 || n > 64) {
            return -EINVAL;
        }
        int[][] acts = new int[n][6];
        String[] paths = new String[n];
        for (int i = 0; i < n; i++) {
            int[] w = new int[1];
            for (int j = 0; j < 6; j++) {
                if (ua.fuword32(c.uarg(3) + 24L * i + 4L * j, w) != 0) {
                    return -EFAULT;
                }
                acts[i][j] = w[0];
            }
            if (acts[i][0] == FA_OPEN) {
                UserAccess.Str p = ua.copyinstr(Integer.toUnsignedLong(acts[i][3]), 1024);
                if (p.errno() != 0) {
                    return -p.errno();
                }
                paths[i] = resolve(c.proc(), p.value());
            }
        }
        Proc parent = c.proc();
        int[] actionError = {0};
        ProcTable.FileActions actions = fd -> {
            for (int i = 0; i < n && actionError[0] == 0; i++) {
                actionError[0] = apply(k, parent, fd, acts[i], paths[i]);
            }
        };
        // Apply the actions to a trial table first, so a failing open fails the spawn cleanly.
        FileDesc trial = parent.fd().copy();
        actions.accept(trial);
        trial.closeAll();
        if (actionError[0] != 0) {
            return -actionError[0];
        }
        int pid = k.procs().spawn(parent, resolve(parent, path.value()), argv, envp, actions, null, null);
        return pid;
    }

    private static String resolve(Proc p, String path) {
        if (path.startsWith("/")) {
            return path;
        }
        return (p.cwd().endsWith("/") ? p.cwd() : p.cwd() + "/") + path;
    }

    private static int apply(Kernel k, Proc parent, FileDesc fd, int[] a, String path) {
        switch (a[0]) {
            case FA_CLOSE -> {
                return fd.close(a[1]) == EBADF ? EBADF : 0;
            }
            case FA_DUP2 -> {
                int r = fd.dup2(a[1], a[2]);
                return r < 0 ? -r : 0;
            }
            case FA_OPEN -> {
                if (k.fileSystem() == null) {
                    return EOPNOTSUPP;
                }
                int[] err = {0};
                // the child's open(2), with the umask it inherits
                File f = k.fileSystem().open(parent, path, a[4], a[5] & ~parent.cmask() & 07777, err);
                if (f == null) {
                    return err[0];
                }
                fd.close(a[1]);
                int got = fd.install(f);
                if (got != a[1]) {
                    int moved = fd.dup2(got, a[1]);
                    fd.close(got);
                    return moved < 0 ? -moved : 0;
                }
                return 0;
            }
            default -> {
                return EINVAL;
            }
        }
    }

    private static int vector(UserAccess ua, long vec, List<String> out) {
        if (vec == 0) {
            return 0;
        }
        int[] w = new int[1];
        for (int i = 0; i < MAX_ARGS; i++) {
            if (ua.fuword32(vec + 4L * i, w) != 0) {
                return EFAULT;
            }
            if (w[0] == 0) {
                return 0;
            }
            UserAccess.Str s = ua.copyinstr(Integer.toUnsignedLong(w[0]), 64 * 1024);
            if (s.errno() != 0) {
                return s.errno();
            }
            out.add(s.value());
        }
        return E2BIG;
    }

    /** mmap(addr, len, prot, flags, fd, off_lo, off_hi): anonymous memory, or a device's pages through d_mmap. */
    private static long mmap(SyscallContext c) {
        VmSpace vm = c.proc().vmspace();
        long len = c.uarg(1);
        int prot = c.arg(2);
        int flags = c.arg(3);
        if (len == 0) {
            return -EINVAL;
        }
        if ((flags & MAP_ANON) != 0) {
            long va = vm.mmapAnon(len, prot);
            return va < 0 ? -ENOMEM : va;
        }
        File fp = c.proc().fd().get(c.arg(4));
        if (fp == null) {
            return -EBADF;
        }
        long offset = c.arg64(5);
        if ((offset & 0xFFF) != 0) {
            return -EINVAL;
        }
        if ((prot & VmSpace.PROT_WRITE) != 0 && (flags & MAP_SHARED) != 0 && !fp.writable()) {
            return -EACCES;
        }
        // The range is chosen first, because a Linux driver's mmap method is told where the mapping lies.
        VmSpace.Pager[] pager = new VmSpace.Pager[1];
        long va = vm.mmapDevice(len, prot, new VmSpace.Pager() {
            @Override
            public long pageAt(long off) {
                return pager[0] == null ? -1 : pager[0].pageAt(off);
            }

            @Override
            public void unmapped() {
                if (pager[0] != null) {
                    pager[0].unmapped();
                }
            }
        });
        if (va < 0) {
            return -ENOMEM;
        }
        int[] err = {0};
        VmSpace.Pager p = fp.ops.mmapPager(fp, va, len, offset, prot, err);
        if (p == null) {
            vm.munmap(va);
            return -(err[0] != 0 ? err[0] : ENODEV);
        }
        pager[0] = p;
        return va;
    }
}
