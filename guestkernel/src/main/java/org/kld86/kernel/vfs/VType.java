package org.kld86.kernel.vfs;

import org.kld86.kernel.fs.Stat;

/**
 * The types of vnode this kernel has (FreeBSD's enum vtype, sys/vnode.h), each with the file type bits of its
 * st_mode and the d_type its directory entries carry.
 */
public enum VType {
    /** A regular file. */
    VREG(Stat.S_IFREG, 8),
    /** A directory. */
    VDIR(Stat.S_IFDIR, 4),
    /** A character device (a devfs node). */
    VCHR(Stat.S_IFCHR, 2),
    /** A named pipe. */
    VFIFO(Stat.S_IFIFO, 1);

    /** The S_IF* bits of st_mode. */
    public final int ifmt;
    /** DT_REG, DT_DIR, DT_CHR, DT_FIFO (sys/dirent.h). */
    public final int dtype;

    VType(int ifmt, int dtype) {
        this.ifmt = ifmt;
        this.dtype = dtype;
    }
}
