package org.kld86.kernel.vfs;

import static org.kld86.kpi.Errno.EIO;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.kld86.kernel.Kernel;
import org.kld86.kernel.kld.ModuleStore;
import org.kld86.kernel.proc.Ucred;
import org.kld86.kernel.vm.PageRequests;
import org.kld86.kernel.vm.VmLayout;
import org.kld86.kernel.vm.Zone;
import org.kld86.kpi.Uio;

/**
 * A read-only directory showing the .ko files a {@link ModuleStore} has in one of its directories, as they are
 * at the moment of each lookup: how a kernel booted with a store that is not host folders (one held in memory
 * by a test, say) still has its modules on the module path. Files are 0444 root:wheel with the time of boot.
 */
final class StoreFs {

    private final Mount mount;
    private final ModuleStore store;
    private final String dir;
    private final Map<String, StoreNode> nodes = new TreeMap<>();

    StoreFs(Kernel kernel, int fsid, ModuleStore store, String dir) {
        this.mount = new Mount(kernel, "storefs", fsid, true);
        this.store = store;
        this.dir = dir.endsWith("/") ? dir.substring(0, dir.length() - 1) : dir;
        mount.setRoot(new StoreNode(VType.VDIR, null));
    }

    Mount mount() {
        return mount;
    }

    private final class StoreNode extends Vnode {
        private final String name;

        StoreNode(VType type, String name) {
            super(type, mount, type == VType.VDIR ? 0555 : 0444, Ucred.UID_ROOT, Ucred.GID_WHEEL);
            this.name = name;
            atimeNanos = 0;
            mtimeNanos = 0;
            ctimeNanos = 0;
        }

        private byte[] bytes() {
            return store.read(dir + "/" + name);
        }

        @Override
        public long size() {
            if (type() == VType.VDIR) {
                return 512;
            }
            byte[] b = bytes();
            return b == null ? 0 : b.length;
        }

        @Override
        public Vnode lookup(String entryName) {
            if (type() != VType.VDIR || store.read(dir + "/" + entryName) == null) {
                return null;
            }
            StoreNode n = nodes.computeIfAbsent(entryName, k -> new StoreNode(VType.VREG, k));
            n.linkAt(this, entryName);
            return n;
        }

        @Override
        public List<String> names() {
            List<String> out = new ArrayList<>();
            for (String p : store.list(dir)) {
                out.add(p.substring(p.lastIndexOf('/') + 1));
            }
            return out;
        }

        @Override
        public int read(Uio uio, int ioflag) {
            byte[] b = bytes();
            if (b == null) {
                return EIO;
            }
            Kernel k = mount.kernel();
            int pfn = k.pageRequests().allocPages(0, Zone.NORMAL, PageRequests.WAIT);
            long page = k.vm().pfnToVirt(pfn);
            try {
                while (uio.uio_resid > 0 && uio.uio_offset < b.length && uio.uio_offset >= 0) {
                    int n = (int) Math.min(Math.min(VmLayout.PAGE_SIZE, b.length - uio.uio_offset), uio.uio_resid);
                    k.memory().write(page, b, (int) uio.uio_offset, n);
                    int error = Uio.uiomove(page, n, uio);
                    if (error != 0) {
                        return error;
                    }
                }
                return 0;
            } finally {
                k.pageRequests().freePages(pfn, 0);
            }
        }
    }
}
