package org.kld86.kernel.syscall;

import static org.kld86.kpi.Errno.*;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.kld86.kernel.Kernel;
import org.kld86.kernel.kld.KernelModule;
import org.kld86.kernel.kld.Linker;
import org.kld86.kernel.kld.LinkerFile;
import org.kld86.kernel.vm.UserAccess;

/**
 * The kernel linker's system calls (kern_linker.c, kern_module.c): kldload, kldunload(f), kldfind, kldnext,
 * kldstat, kldfirstmod, modnext, modfnext, modfstat, modfind. Loading and unloading need root (EPERM otherwise).
 *
 * <p>kldload takes a second, optional argument this kernel adds: Linux-style module parameters, a space-separated
 * "name=value" string (or NULL), which the kldload command passes on as insmod would.
 */
public final class KldSyscalls {

    static final int KLD_FILE_STAT_SIZE = 4 + 1024 + 4 + 4 + 4 + 4 + 1024;
    static final int MODULE_STAT_SIZE = 4 + 32 + 4 + 4 + 4;

    private KldSyscalls() {
    }

    public static void register(Kernel k, SyscallTable t) {
        t.register(Sys.KLDLOAD, "kldload", 2, c -> {
            if (!c.proc().cred().privileged()) {
                return -EPERM;
            }
            UserAccess.Str file = k.userAccess().copyinstr(c.uarg(0), 1024);
            if (file.errno() != 0) {
                return -file.errno();
            }
            List<String> params = List.of();
            if (c.uarg(1) != 0) {
                UserAccess.Str p = k.userAccess().copyinstr(c.uarg(1), 4096);
                if (p.errno() != 0) {
                    return -p.errno();
                }
                params = Arrays.stream(p.value().trim().split("\\s+")).filter(s -> !s.isEmpty()).toList();
            }
            Linker.LoadResult r = k.linker().kldload(file.value(), params);
            return r.ok() ? r.fileId() : -r.errno();
        });
        t.register(Sys.KLDUNLOAD, "kldunload", 1, c -> unload(k, c, c.arg(0), Linker.LINKER_UNLOAD_NORMAL));
        t.register(Sys.KLDUNLOADF, "kldunloadf", 2, c -> unload(k, c, c.arg(0), c.arg(1)));
        t.register(Sys.KLDFIND, "kldfind", 1, c -> {
            UserAccess.Str file = k.userAccess().copyinstr(c.uarg(0), 1024);
            if (file.errno() != 0) {
                return -file.errno();
            }
            LinkerFile f = k.linker().findFile(file.value());
            return f == null ? -ENOENT : f.id();
        });
        t.register(Sys.KLDNEXT, "kldnext", 1, c -> {
            List<LinkerFile> files = k.linker().files();
            if (c.arg(0) == 0) {
                return files.get(0).id();
            }
            for (int i = 0; i < files.size(); i++) {
                if (files.get(i).id() == c.arg(0)) {
                    return i + 1 < files.size() ? files.get(i + 1).id() : 0;
                }
            }
            return -ENOENT;
        });
        t.register(Sys.KLDSTAT, "kldstat", 2, c -> kldstat(k, c));
        t.register(Sys.KLDFIRSTMOD, "kldfirstmod", 1, c -> {
            LinkerFile f = k.linker().fileById(c.arg(0));
            if (f == null) {
                return -ENOENT;
            }
            List<KernelModule> mods = f.modules();
            return mods.isEmpty() ? 0 : mods.get(0).id();
        });
        t.register(Sys.MODNEXT, "modnext", 1, c -> {
            List<KernelModule> mods = k.linker().modules();
            if (c.arg(0) == 0) {
                return mods.isEmpty() ? 0 : mods.get(0).id();
            }
            for (int i = 0; i < mods.size(); i++) {
                if (mods.get(i).id() == c.arg(0)) {
                    return i + 1 < mods.size() ? mods.get(i + 1).id() : 0;
                }
            }
            return -ENOENT;
        });
        t.register(Sys.MODFNEXT, "modfnext", 1, c -> {
            KernelModule m = k.linker().moduleById(c.arg(0));
            if (m == null) {
                return -ENOENT;
            }
            List<KernelModule> mods = m.file().modules();
            int i = mods.indexOf(m);
            return i + 1 < mods.size() ? mods.get(i + 1).id() : 0;
        });
        t.register(Sys.MODFSTAT, "modfstat", 2, c -> modstat(k, c));
        t.register(Sys.MODFIND, "modfind", 1, c -> {
            UserAccess.Str name = k.userAccess().copyinstr(c.uarg(0), 32);
            if (name.errno() != 0) {
                return -name.errno();
            }
            KernelModule m = k.linker().findModule(name.value());
            return m == null ? -ENOENT : m.id();
        });
    }

    private static long unload(Kernel k, SyscallContext c, int fileid, int flags) {
        if (!c.proc().cred().privileged()) {
            return -EPERM;
        }
        return -k.linker().kldunload(fileid, flags);
    }

    /** kldstat(2): the caller sets version to sizeof(struct kld_file_stat); the kernel fills the rest. */
    private static long kldstat(Kernel k, SyscallContext c) {
        LinkerFile f = k.linker().fileById(c.arg(0));
        if (f == null) {
            return -ENOENT;
        }
        long p = c.uarg(1);
        int[] version = new int[1];
        if (k.userAccess().fuword32(p, version) != 0) {
            return -EFAULT;
        }
        if (version[0] != KLD_FILE_STAT_SIZE) {
            return -EINVAL;
        }
        byte[] b = new byte[KLD_FILE_STAT_SIZE];
        putInt(b, 0, KLD_FILE_STAT_SIZE);
        putString(b, 4, f.filename(), 1024);
        putInt(b, 1028, f.refs());
        putInt(b, 1032, f.id());
        putInt(b, 1036, (int) f.address());
        putInt(b, 1040, (int) f.size());
        putString(b, 1044, f.pathname(), 1024);
        return -k.userAccess().copyout(b, 0, b.length, p);
    }

    /** modstat(2). */
    private static long modstat(Kernel k, SyscallContext c) {
        KernelModule m = k.linker().moduleById(c.arg(0));
        if (m == null) {
            return -ENOENT;
        }
        long p = c.uarg(1);
        int[] version = new int[1];
        if (k.userAccess().fuword32(p, version) != 0) {
            return -EFAULT;
        }
        if (version[0] != MODULE_STAT_SIZE) {
            return -EINVAL;
        }
        byte[] b = new byte[MODULE_STAT_SIZE];
        putInt(b, 0, MODULE_STAT_SIZE);
        putString(b, 4, m.name(), 32);
        putInt(b, 36, m.refs());
        putInt(b, 40, m.id());
        putInt(b, 44, 0);
        return -k.userAccess().copyout(b, 0, b.length, p);
    }

    static void putInt(byte[] b, int off, int v) {
        b[off] = (byte) v;
        b[off + 1] = (byte) (v >> 8);
        b[off + 2] = (byte) (v >> 16);
        b[off + 3] = (byte) (v >> 24);
    }

    static void putString(byte[] b, int off, String s, int max) {
        byte[] bytes = s.getBytes(StandardCharsets.ISO_8859_1);
        System.arraycopy(bytes, 0, b, off, Math.min(bytes.length, max - 1));
    }
}
