package org.kld86.kernel.dev;

import static org.kld86.kpi.Errno.EEXIST;
import static org.kld86.kpi.Errno.EINVAL;
import static org.kld86.kpi.Errno.ENAMETOOLONG;

import org.kld86.kernel.Kernel;
import org.kld86.kernel.proc.Ucred;
import org.kld86.kernel.vfs.Mount;
import org.kld86.kernel.vfs.VType;

/**
 * devfs, the file system at /dev (FreeBSD's fs/devfs): it shows exactly the devices that exist. make_dev adds a
 * node, destroy_dev removes it; a name with slashes ("led/disk0") puts the node in directories that are made on
 * the way and removed again when their last device goes.
 *
 * <p>Names follow prep_devname(): no leading slash, no empty component, no "." or ".." component, at most
 * {@link org.kld86.kpi.Conf#SPECNAMELEN} bytes; and a name already taken is EEXIST.
 */
public final class Devfs {

    private final Mount mount;
    private final DevfsNode root;

    public Devfs(Kernel kernel, int fsid) {
        this.mount = new Mount(kernel, "devfs", fsid, false);
        this.root = new DevfsNode(mount, VType.VDIR, 0555, Ucred.UID_ROOT, Ucred.GID_WHEEL, 0, null, false);
        mount.setRoot(root);
    }

    public Mount mount() {
        return mount;
    }

    /** prep_devname's checks: 0 or the errno for a bad name. */
    static int checkName(String name) {
        if (name.length() > org.kld86.kpi.Conf.SPECNAMELEN) {
            return ENAMETOOLONG;
        }
        if (name.isEmpty() || name.startsWith("/") || name.endsWith("/") || name.contains("//")) {
            return EINVAL;
        }
        for (String part : name.split("/")) {
            if (part.equals(".") || part.equals("..") || part.indexOf('\0') >= 0) {
                return EINVAL;
            }
        }
        return 0;
    }

    /**
     * Adds a device node at {@code name}.
     *
     * @return the node, or null with EEXIST/EINVAL/ENAMETOOLONG in {@code err[0]}
     */
    public DevfsNode add(String name, int uid, int gid, int mode, int rdev, DevfsNode.Opener opener, int[] err) {
        int bad = checkName(name);
        if (bad != 0) {
            err[0] = bad;
            return null;
        }
        String[] parts = name.split("/");
        DevfsNode dir = root;
        for (int i = 0; i < parts.length - 1; i++) {
            DevfsNode next = dir.entry(parts[i]);
            if (next == null) {
                next = new DevfsNode(mount, VType.VDIR, 0555, Ucred.UID_ROOT, Ucred.GID_WHEEL, 0, null, true);
                dir.put(parts[i], next);
            } else if (next.type() != VType.VDIR) {
                err[0] = EEXIST;
                return null;
            }
            dir = next;
        }
        String last = parts[parts.length - 1];
        if (dir.entry(last) != null) {
            err[0] = EEXIST;
            return null;
        }
        DevfsNode node = new DevfsNode(mount, VType.VCHR, mode, uid, gid, rdev, opener, false);
        dir.put(last, node);
        return node;
    }

    /** Whether a name is taken. */
    public boolean exists(String name) {
        DevfsNode n = root;
        for (String part : name.split("/")) {
            n = n == null ? null : n.entry(part);
        }
        return n != null;
    }

    /** Removes a device node, and the directories make_dev made for it once they are empty. */
    public void remove(DevfsNode node) {
        DevfsNode dir = (DevfsNode) node.parent();
        if (dir == null || dir.entry(node.name()) != node) {
            return;
        }
        dir.drop(node.name());
        while (dir != root && dir.implicit && dir.empty()) {
            DevfsNode up = (DevfsNode) dir.parent();
            up.drop(dir.name());
            dir = up;
        }
    }
}
