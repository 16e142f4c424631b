package org.kld86.kernel.vfs;

import java.util.ArrayList;
import java.util.List;
import org.kld86.kernel.Kernel;
import org.kld86.kernel.kld.ModuleStore;
import org.kld86.kernel.proc.KThread;
import org.kld86.kernel.proc.Proc;

/**
 * The kernel linker's view of the file system: a .ko is read like any file, so {@code kldload /tmp/echo.ko} and
 * {@code kldload ./echo.ko} work as well as a module on the module path. A relative path is taken from the
 * current directory of the process asking (kldload's), as linker_lookup_file opens it. The kernel reads with
 * its own rights; kldload(2) itself is for root only.
 */
final class VfsModuleStore implements ModuleStore {

    private final Vfs vfs;

    VfsModuleStore(Vfs vfs) {
        this.vfs = vfs;
    }

    private Vnode start() {
        KThread t = Kernel.current().scheduler().current();
        Proc p = t == null ? null : t.proc();
        return p == null ? vfs.root() : vfs.cwd(p.cwd());
    }

    @Override
    public byte[] read(String path) {
        Vnode start = start();
        if (start == null && !path.startsWith("/")) {
            return null;
        }
        Namei.Result r = Namei.lookup(vfs.root(), start == null ? vfs.root() : start,
                org.kld86.kernel.proc.Ucred.root(), path, Namei.Op.LOOKUP);
        if (!r.ok()) {
            return null;
        }
        // link_elf_load_file() takes only a regular file, and anything else is ENOEXEC (so kldload /dev/zero does
        // not read forever); the empty image gives the linker that answer. A file past MAX_MODULE is no module
        // either: the linker would hold the whole of it.
        if (r.vp().type() != VType.VREG || r.vp().size() > MAX_MODULE) {
            return new byte[0];
        }
        byte[] b = vfs.readFile(path, start, new int[1]);
        return b == null ? new byte[0] : b;
    }

    /** The largest .ko the linker reads: 64 MiB, the default machine's whole memory. */
    static final long MAX_MODULE = 64L << 20;

    @Override
    public List<String> list(String dir) {
        Vnode start = start();
        Namei.Result r = Namei.lookup(vfs.root(), start == null ? vfs.root() : start,
                org.kld86.kernel.proc.Ucred.root(), dir, Namei.Op.LOOKUP);
        if (!r.ok() || r.vp().type() != VType.VDIR) {
            return List.of();
        }
        String prefix = dir.endsWith("/") ? dir : dir + "/";
        List<String> out = new ArrayList<>();
        for (String name : r.vp().names()) {
            Vnode vp = r.vp().lookup(name);
            if (name.endsWith(".ko") && vp != null && vp.type() == VType.VREG) {
                out.add(prefix + name);
            }
        }
        out.sort(null);
        return out;
    }
}
