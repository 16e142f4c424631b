package org.kld86.kernel.vfs;

import static org.kld86.kpi.Errno.*;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.kld86.kernel.Kernel;
import org.kld86.kernel.fs.File;
import org.kld86.kernel.fs.FileSystem;
import org.kld86.kernel.kld.HostModuleStore;
import org.kld86.kernel.kld.Linker;
import org.kld86.kernel.kld.ModuleStore;
import org.kld86.kernel.proc.Proc;
import org.kld86.kernel.proc.ProcTable;
import org.kld86.kernel.proc.Ucred;
import org.kld86.kernel.vm.PageRequests;
import org.kld86.kernel.vm.VmLayout;
import org.kld86.kernel.vm.Zone;
import org.kld86.kpi.Uio;

/**
 * The file system tree of the kernel: the mount table and what boot mounts (FreeBSD's vfs_mount.c and
 * vfs_mountroot.c), and the {@link FileSystem} the process layer opens and executes files through.
 *
 * <pre>
 *   /                 tmpfs, writable, file data in guest page frames
 *   /bin              one executable per user program: "#!program org.kld86.userland.Cat" as /bin/cat, 0555
 *   /boot/kernel      \  the module store: hostfs showing the host folders of a {@link HostModuleStore},
 *   /boot/modules     /  or a read-only view of any other store's .ko files
 *   /dev              devfs
 *   /etc /root /home/user
 *   /host             hostfs: one host folder, read-only, when the kernel is booted with one to share
 *   /proc             procfs
 *   /tmp              1777
 * </pre>
 */
public final class Vfs implements FileSystem {

    /** Where boot puts things. */
    public static final String BIN = "/bin";
    public static final String HOST = "/host";
    /** The largest executable exec reads (its bytes become the text of the process). */
    static final int MAX_EXECUTABLE_BYTES = 16 << 20;

    private final Kernel kernel;
    private final Tmpfs rootfs;
    private final List<Mount> mounts = new ArrayList<>();
    private final PathCalls calls;
    private final VfsModuleStore moduleStore;
    private int nextFsid = 0x5A00;
    private long nextPipeIno = 1;

    /** Mounts the root tmpfs and makes its directories; devfs and procfs are mounted on /dev and /proc next. */
    public Vfs(Kernel kernel) {
        this.kernel = kernel;
        this.rootfs = new Tmpfs(kernel, nextFsid++, 0755);
        Mount root = rootfs.mount();
        root.attach("/", null);
        mounts.add(root);
        this.calls = new PathCalls(this);
        this.moduleStore = new VfsModuleStore(this);
        Ucred wheel = Ucred.root();
        for (String dir : List.of("/bin", "/boot", "/boot/kernel", "/boot/modules", "/dev", "/etc", "/home", "/proc")) {
            mkdirOrPanic(wheel, dir, 0755);
        }
        mkdirOrPanic(wheel, "/root", 0750);
        mkdirOrPanic(wheel, "/tmp", 0777);
        lookupOrPanic("/tmp").mode = 01777; // mkdir(2) drops the sticky bit; boot sets it as mtree does
        mkdirOrPanic(wheel, "/home/user", 0755);
        Vnode home = lookupOrPanic("/home/user");
        home.uid = Ucred.UID_USER;
        home.gid = Ucred.GID_USER;
        kernel.sysctl().addLong("vfs.tmpfs.pages_used", "Pages of file data held by tmpfs", rootfs::pagesUsed, null);
    }

    private void mkdirOrPanic(Ucred cred, String path, int mode) {
        int error = calls.mkdir(cred, root(), path, mode);
        if (error != 0) {
            throw kernel.panic("vfs_mountroot: cannot make %s (error %d)", path, error);
        }
    }

    private Vnode lookupOrPanic(String path) {
        Namei.Result r = Namei.lookup(root(), root(), Ucred.root(), path, Namei.Op.LOOKUP);
        if (!r.ok()) {
            throw kernel.panic("vfs_mountroot: no %s (error %d)", path, r.errno());
        }
        return r.vp();
    }

    /** A new st_dev for a file system about to be mounted. */
    public int newFsid() {
        return nextFsid++;
    }

    /** The inode number of the next pipe (pipes have their own numbers, as FreeBSD's pipedev gives them). */
    public long nextPipeIno() {
        return nextPipeIno++;
    }

    /** The root vnode. */
    public Vnode root() {
        return rootfs.mount().root();
    }

    /** The root file system. */
    public Tmpfs rootfs() {
        return rootfs;
    }

    /** The mounted file systems, in mount order. */
    public List<Mount> mounts() {
        return List.copyOf(mounts);
    }

    /** The path-based system calls. */
    public PathCalls calls() {
        return calls;
    }

    /** The module store the kernel linker reads .ko files through: any file the VFS shows. */
    public ModuleStore moduleStore() {
        return moduleStore;
    }

    /**
     * mount(2) of {@code m} on the directory {@code path}: the directory's contents are hidden by the file
     * system's root until it is unmounted.
     *
     * @throws IllegalArgumentException if {@code path} is not a directory or already has something mounted
     */
    public void mount(String path, Mount m) {
        Namei.Result r = Namei.lookup(root(), root(), Ucred.root(), path, Namei.Op.LOOKUP);
        if (!r.ok() || r.vp().type() != VType.VDIR) {
            throw new IllegalArgumentException("mount: " + path + " is not a directory");
        }
        Vnode covered = r.vp();
        if (covered.isRoot() && covered.mount().covered() != null && covered.mount().path().equals(path)) {
            throw new IllegalArgumentException("mount: " + path + " already has " + covered.mount().fstype());
        }
        m.attach(path, covered);
        covered.setMountedHere(m);
        mounts.add(m);
    }

    /**
     * What boot mounts for the kernel's module store: for a {@link HostModuleStore}, hostfs on each of its guest
     * directories showing its host folders; for any other store, a read-only view of its .ko files on the
     * directories of the module path.
     */
    public void mountModuleStore(ModuleStore store) {
        if (store instanceof HostModuleStore host) {
            for (Map.Entry<String, List<Path>> e : host.mounts().entrySet()) {
                ensureDirectory(e.getKey());
                mount(e.getKey(), new Hostfs(kernel, newFsid(), e.getValue()).mount());
            }
            return;
        }
        for (String dir : Linker.DEFAULT_MODULE_PATH.split(";")) {
            mount(dir, new StoreFs(kernel, newFsid(), store, dir).mount());
        }
    }

    /** Mounts {@code hostDir} read-only at {@link #HOST} (the launcher's --share). */
    public void mountHostShare(Path hostDir) {
        ensureDirectory(HOST);
        mount(HOST, new Hostfs(kernel, newFsid(), List.of(hostDir)).mount());
    }

    private void ensureDirectory(String path) {
        Namei.Result r = Namei.lookup(root(), root(), Ucred.root(), path, Namei.Op.LOOKUP);
        if (!r.ok()) {
            int error = calls.mkdir(Ucred.root(), root(), path, 0755);
            if (error != 0) {
                throw new IllegalArgumentException("mount: cannot make " + path + ": " + strerror(error));
            }
        }
    }

    /**
     * Puts one executable per user program in /bin: {@code org.kld86.userland.Cat} becomes /bin/cat (the simple
     * name in lower case) holding {@code #!program org.kld86.userland.Cat}, mode 0555 root:wheel. The C library
     * and the test programs are not commands; of two programs with one name the first wins.
     */
    public void installPrograms(List<String> classNames) {
        for (String cn : classNames) {
            if (cn.startsWith("org.kld86.userland.libc.") || cn.startsWith("org.kld86.userland.test.")
                    || cn.contains("$")) {
                continue;
            }
            String name = cn.substring(cn.lastIndexOf('.') + 1).toLowerCase(java.util.Locale.ROOT);
            String path = BIN + "/" + name;
            if (lookupOrPanic(BIN).lookup(name) != null) {
                continue;
            }
            writeFile(path, (ProcTable.PROGRAM_MAGIC + cn + "\n").getBytes(StandardCharsets.ISO_8859_1), 0555);
        }
    }

    // -------------------------------------------------------------------------------------------------------------
    // The kernel's own file access

    /** The vnode of a process's current directory (null if it no longer exists). */
    public Vnode cwd(String cwdPath) {
        if (cwdPath == null || cwdPath.equals("/")) {
            return root();
        }
        Namei.Result r = Namei.lookup(root(), root(), Ucred.root(), cwdPath, Namei.Op.LOOKUP);
        return r.ok() && r.vp().type() == VType.VDIR ? r.vp() : null;
    }

    /**
     * Creates (or replaces) the file {@code path} with {@code data} and permission bits {@code mode}, as root:
     * how boot and the host put files into the guest.
     *
     * @return 0 or an errno
     */
    public int writeFile(String path, byte[] data, int mode) {
        int[] err = {0};
        File fp = calls.open(Ucred.root(), root(), path, PathCalls.O_WRONLY | PathCalls.O_CREAT | PathCalls.O_TRUNC,
                mode, err);
        if (fp == null) {
            return err[0];
        }
        try {
            Vnode vp = VnodeFile.vp(fp);
            vp.mode = mode & 07777;
            return transfer(vp, data, 0, data.length, Uio.UIO_WRITE);
        } finally {
            fp.drop();
        }
    }

    /**
     * The whole content of the file {@code path}, read as root until end of file (so /proc texts, whose size is
     * 0, read whole too); null with the errno in {@code err[0]}.
     */
    public byte[] readFile(String path, Vnode start, int[] err) {
        Namei.Result r = Namei.lookup(root(), start == null ? root() : start, Ucred.root(), path, Namei.Op.LOOKUP);
        if (!r.ok()) {
            err[0] = r.errno();
            return null;
        }
        if (r.vp().type() == VType.VREG && r.vp().mount() != kernel.procfs().mount()) {
            return readAll(r.vp(), Integer.MAX_VALUE - 8, err);
        }
        File fp = calls.open(Ucred.root(), start == null ? root() : start, path, PathCalls.O_RDONLY, 0, err);
        if (fp == null) {
            return null;
        }
        int pfn = kernel.pageRequests().allocPages(0, Zone.NORMAL, PageRequests.WAIT);
        long page = kernel.vm().pfnToVirt(pfn);
        try {
            java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
            for (;;) {
                Uio uio = Uio.single(page, VmLayout.PAGE_SIZE, fp.offset, Uio.UIO_SYSSPACE, Uio.UIO_READ);
                int error = fp.ops.read(fp, uio, fp.flags);
                if (error != 0) {
                    err[0] = error;
                    return null;
                }
                int n = (int) (VmLayout.PAGE_SIZE - uio.uio_resid);
                fp.offset = uio.uio_offset;
                if (n == 0) {
                    return out.toByteArray();
                }
                byte[] b = new byte[n];
                kernel.memory().read(page, b, 0, n);
                out.write(b, 0, n);
            }
        } finally {
            kernel.pageRequests().freePages(pfn, 0);
            fp.drop();
        }
    }

    /** Reads all of a regular file through a kernel bounce page; null with EISDIR/EFBIG/... in {@code err[0]}. */
    byte[] readAll(Vnode vp, int maxBytes, int[] err) {
        if (vp.type() == VType.VDIR) {
            err[0] = EISDIR;
            return null;
        }
        if (vp.type() != VType.VREG) {
            err[0] = EINVAL;
            return null;
        }
        long size = vp.size();
        if (size > maxBytes) {
            err[0] = ENOMEM;
            return null;
        }
        byte[] out = new byte[(int) size];
        int error = transfer(vp, out, 0, out.length, Uio.UIO_READ);
        if (error != 0) {
            err[0] = error;
            return null;
        }
        return out;
    }

    /** Moves {@code len} bytes between {@code buf} and the file from {@code offset}, a page at a time. */
    private int transfer(Vnode vp, byte[] buf, long offset, int len, int rw) {
        int pfn = kernel.pageRequests().allocPages(0, Zone.NORMAL, PageRequests.WAIT);
        long page = kernel.vm().pfnToVirt(pfn);
        try {
            int done = 0;
            while (done < len) {
                int n = Math.min(VmLayout.PAGE_SIZE, len - done);
                if (rw == Uio.UIO_WRITE) {
                    kernel.memory().write(page, buf, done, n);
                }
                Uio uio = Uio.single(page, n, offset + done, Uio.UIO_SYSSPACE, rw);
                int error = rw == Uio.UIO_WRITE ? vp.write(uio, 0) : vp.read(uio, 0);
                if (error != 0) {
                    return error;
                }
                int moved = (int) (n - uio.uio_resid);
                if (rw == Uio.UIO_READ) {
                    kernel.memory().read(page, buf, done, moved);
                }
                if (moved == 0) {
                    return rw == Uio.UIO_READ ? 0 : EIO;
                }
                done += moved;
            }
            return 0;
        } finally {
            kernel.pageRequests().freePages(pfn, 0);
        }
    }

    // -------------------------------------------------------------------------------------------------------------
    // FileSystem: what spawn needs

    private static Ucred credOf(Proc p) {
        return p == null ? Ucred.root() : p.cred();
    }

    private Vnode cwdOf(Proc p) {
        return p == null ? root() : cwd(p.cwd());
    }

    @Override
    public File open(Proc p, String path, int flags, int mode, int[] err) {
        return calls.open(credOf(p), cwdOf(p), path, flags, mode, err);
    }

    @Override
    public byte[] readExecutable(Proc p, String path, int[] err) {
        Vnode vp = calls.executable(credOf(p), cwdOf(p), path, err);
        if (vp == null) {
            return null;
        }
        return readAll(vp, MAX_EXECUTABLE_BYTES, err);
    }

    private static String strerror(int errno) {
        return org.kld86.kpi.Errno.strerror(errno);
    }
}
