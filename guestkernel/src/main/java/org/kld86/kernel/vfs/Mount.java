package org.kld86.kernel.vfs;

import org.kld86.kernel.Kernel;

/**
 * A mounted file system (FreeBSD's struct mount): its type name, the directory it covers, its root vnode, whether
 * it is read-only, and the numbers it hands out: st_dev for every file in it (f_fsid) and inode numbers, counting
 * from 2 for the root as tmpfs does.
 */
public final class Mount {

    private final Kernel kernel;
    private final String fstype;
    private final int fsid;
    private final boolean readOnly;
    private String path;
    private Vnode root;
    private Vnode covered;
    private long nextIno = 2;

    public Mount(Kernel kernel, String fstype, int fsid, boolean readOnly) {
        this.kernel = kernel;
        this.fstype = fstype;
        this.fsid = fsid;
        this.readOnly = readOnly;
    }

    public Kernel kernel() {
        return kernel;
    }

    /** The file system's type name ("tmpfs", "devfs", "procfs", "hostfs"), as mount(8) prints it. */
    public String fstype() {
        return fstype;
    }

    /** st_dev of every file on this mount. */
    public int fsid() {
        return fsid;
    }

    /** MNT_RDONLY: every change is refused with EROFS. */
    public boolean readOnly() {
        return readOnly;
    }

    /** Where the file system is mounted ("/" for the root). */
    public String path() {
        return path;
    }

    public Vnode root() {
        return root;
    }

    /** The directory this mount hides (mnt_vnodecovered); null for the root file system. */
    public Vnode covered() {
        return covered;
    }

    /** The file system gives its root vnode here, once. */
    public void setRoot(Vnode root) {
        if (this.root != null) {
            throw new IllegalStateException("mount: " + fstype + " already has a root");
        }
        this.root = root;
    }

    void attach(String path, Vnode covered) {
        this.path = path;
        this.covered = covered;
    }

    /** The next inode number of this file system. */
    long nextIno() {
        return nextIno++;
    }

    /** Virtual time now, in nanoseconds since boot: what the file times hold. */
    long nowNanos() {
        return kernel.machine().clock().nanos();
    }

    @Override
    public String toString() {
        return fstype + " on " + path;
    }
}
