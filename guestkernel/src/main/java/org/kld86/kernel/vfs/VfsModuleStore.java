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
        return vfs.readFile(path, start, new int[1]);
    }

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
