package org.kld86.kernel.vfs;

import static org.kld86.kpi.Errno.EIO;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.kld86.kernel.Kernel;
import org.kld86.kernel.proc.Ucred;
import org.kld86.kernel.vm.PageRequests;
import org.kld86.kernel.vm.VmLayout;
import org.kld86.kernel.vm.Zone;
import org.kld86.kpi.Uio;

/**
 * hostfs: a read-only view of folders of the host, the way the module store's build folders appear at
 * /boot/modules and a shared folder at /host. Several folders may be shown as one directory; the first that has
 * a name wins it.
 *
 * <p>The view never reaches outside its folders: a name is one path component (never "." or ".."; namei takes
 * those), and every name is resolved to its real host path, symbolic links followed, which must still lie
 * inside one of the folders, or the name does not exist. Only regular files and directories show. Everything
 * the guest sees is made independent of the host: files and directories are owned by root:wheel, directories
 * are 0555, files 0444 (0555 if the host lets its user execute them), and every time is the time of boot.
 * Each file's data is read from the host when the guest reads it, a page at a time into a kernel page, and
 * moved to the reader by uiomove.
 */
public final class Hostfs {

    private final Mount mount;
    private final List<Path> roots = new ArrayList<>();
    private final Map<Path, HostNode> nodes = new HashMap<>();

    public Hostfs(Kernel kernel, int fsid, List<Path> hostDirs) {
        this.mount = new Mount(kernel, "hostfs", fsid, true);
        for (Path d : hostDirs) {
            Path abs = d.toAbsolutePath().normalize();
            try {
                abs = abs.toRealPath();
            } catch (IOException e) {
                // a folder that does not exist (yet) shows nothing
            }
            roots.add(abs);
        }
        mount.setRoot(new HostNode(VType.VDIR, List.copyOf(roots), null));
    }

    public Mount mount() {
        return mount;
    }

    /** Whether a real host path lies in one of the shown folders. */
    private boolean inside(Path real) {
        for (Path r : roots) {
            if (real.startsWith(r)) {
                return true;
            }
        }
        return false;
    }

    private static boolean validName(String name) {
        return !name.isEmpty() && !name.equals(".") && !name.equals("..") && name.indexOf('/') < 0
                && name.indexOf('\\') < 0 && name.indexOf('\0') < 0 && name.length() <= Namei.NAME_MAX;
    }

    /** A host file or directory; the root stands for all the shown folders at once. */
    private final class HostNode extends Vnode {
        private final List<Path> dirs;
        private final Path real;

        HostNode(VType type, List<Path> dirs, Path real) {
            super(type, mount, hostMode(type, real), Ucred.UID_ROOT, Ucred.GID_WHEEL);
            this.dirs = dirs;
            this.real = real;
            atimeNanos = 0;
            mtimeNanos = 0;
            ctimeNanos = 0;
        }

        @Override
        public long size() {
            if (type() == VType.VDIR) {
                return 512;
            }
            try {
                return Files.size(real);
            } catch (IOException e) {
                return 0;
            }
        }

        @Override
        public long blocks() {
            return (size() + 511) / 512;
        }

        @Override
        public Vnode lookup(String name) {
            if (type() != VType.VDIR || !validName(name)) {
                return null;
            }
            for (Path dir : dirs) {
                Path candidate = dir.resolve(name);
                if (!Files.exists(candidate, LinkOption.NOFOLLOW_LINKS)) {
                    continue;
                }
                Path target;
                try {
                    target = candidate.toRealPath();
                } catch (IOException e) {
                    continue;
                }
                if (!inside(target)) {
                    continue; // a link pointing out of the shared folders leads nowhere
                }
                VType t = Files.isDirectory(target) ? VType.VDIR : Files.isRegularFile(target) ? VType.VREG : null;
                if (t == null) {
                    continue;
                }
                HostNode n = nodes.get(target);
                if (n == null || n.type() != t) {
                    n = new HostNode(t, t == VType.VDIR ? List.of(target) : List.of(), target);
                    nodes.put(target, n);
                }
                n.linkAt(this, name);
                return n;
            }
            return null;
        }

        @Override
        public List<String> names() {
            TreeSet<String> out = new TreeSet<>();
            for (Path dir : dirs) {
                if (!Files.isDirectory(dir)) {
                    continue;
                }
                try (Stream<Path> s = Files.list(dir)) {
                    s.map(p -> p.getFileName().toString()).filter(Hostfs::validName).forEach(out::add);
                } catch (IOException e) {
                    // an unreadable folder shows nothing
                }
            }
            List<String> shown = new ArrayList<>();
            for (String n : out) {
                if (lookup(n) != null) {
                    shown.add(n);
                }
            }
            return shown;
        }

        @Override
        public int read(Uio uio, int ioflag) {
            if (uio.uio_offset < 0) {
                return org.kld86.kpi.Errno.EINVAL;
            }
            Kernel k = mount.kernel();
            int pfn = k.pageRequests().allocPages(0, Zone.NORMAL, PageRequests.WAIT);
            long page = k.vm().pfnToVirt(pfn);
            byte[] chunk = new byte[VmLayout.PAGE_SIZE];
            try (FileChannel ch = FileChannel.open(real, StandardOpenOption.READ)) {
                while (uio.uio_resid > 0) {
                    int want = (int) Math.min(VmLayout.PAGE_SIZE, uio.uio_resid);
                    int got = ch.read(ByteBuffer.wrap(chunk, 0, want), uio.uio_offset);
                    if (got <= 0) {
                        break;
                    }
                    k.memory().write(page, chunk, 0, got);
                    int error = Uio.uiomove(page, got, uio);
                    if (error != 0) {
                        return error;
                    }
                }
                return 0;
            } catch (IOException e) {
                return EIO;
            } finally {
                k.pageRequests().freePages(pfn, 0);
            }
        }
    }

    private static int hostMode(VType type, Path real) {
        if (type == VType.VDIR) {
            return 0555;
        }
        return real != null && Files.isExecutable(real) ? 0555 : 0444;
    }
}
