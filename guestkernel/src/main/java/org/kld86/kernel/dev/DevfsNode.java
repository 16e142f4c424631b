package org.kld86.kernel.dev;

import static org.kld86.kpi.Errno.EPERM;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import org.kld86.kernel.fs.File;
import org.kld86.kernel.proc.Ucred;
import org.kld86.kernel.vfs.Mount;
import org.kld86.kernel.vfs.VType;
import org.kld86.kernel.vfs.Vnode;

/**
 * A node of devfs (FreeBSD's struct devfs_dirent with its vnode): a directory, or a device with the mode,
 * owner and group it was made with and the {@link Opener} that makes an open file of it. Nodes are made and
 * removed by the device layer only; users cannot create or remove anything here (EPERM).
 */
public final class DevfsNode extends Vnode {

    /** What opening a device node does: d_open for a FreeBSD device, chrdev_open for a Linux one. */
    @FunctionalInterface
    public interface Opener {
        /** The open file, or null with the errno in {@code err[0]}. */
        File open(DevfsNode node, int fflags, String path, Ucred cred, int[] err);
    }

    private final TreeMap<String, DevfsNode> entries = new TreeMap<>();
    private final Opener opener;
    private final int rdev;
    /** Whether make_dev created this directory on the way to a device (removed again when it empties). */
    final boolean implicit;

    DevfsNode(Mount mount, VType type, int mode, int uid, int gid, int rdev, Opener opener, boolean implicit) {
        super(type, mount, mode, uid, gid);
        this.opener = opener;
        this.rdev = rdev;
        this.implicit = implicit;
    }

    @Override
    public long size() {
        return type() == VType.VDIR ? 512 : 0;
    }

    @Override
    public int nlink() {
        if (type() != VType.VDIR) {
            return 1;
        }
        int n = 2;
        for (DevfsNode e : entries.values()) {
            if (e.type() == VType.VDIR) {
                n++;
            }
        }
        return n;
    }

    /**
     * st_rdev. A FreeBSD device's is its devfs inode number, as devfs_getattr gives it (so ls -l shows
     * {@code 0x1c} where a file shows its size); a Linux device's is the dev_t cdev_add registered (MKDEV).
     */
    @Override
    public int rdev() {
        return rdev != 0 || type() != VType.VCHR ? rdev : (int) ino();
    }

    @Override
    public Vnode lookup(String name) {
        return entries.get(name);
    }

    @Override
    public List<String> names() {
        return new ArrayList<>(entries.keySet());
    }

    @Override
    public int remove(String name) {
        return EPERM;
    }

    @Override
    public int rmdir(String name) {
        return EPERM;
    }

    @Override
    public File open(int fflags, String path, Ucred cred, int[] err) {
        if (type() == VType.VDIR) {
            return super.open(fflags, path, cred, err);
        }
        return opener.open(this, fflags, path, cred, err);
    }

    DevfsNode entry(String name) {
        return entries.get(name);
    }

    void put(String name, DevfsNode node) {
        node.linkAt(this, name);
        entries.put(name, node);
        modified();
    }

    void drop(String name) {
        entries.remove(name);
        modified();
    }

    boolean empty() {
        return entries.isEmpty();
    }
}
