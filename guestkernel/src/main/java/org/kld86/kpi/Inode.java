package org.kld86.kpi;

/**
 * {@code struct inode} as a character driver sees it: the device number of the node opened ({@code i_rdev},
 * read with {@link #iminor} and {@link #imajor}) and the cdev it belongs to ({@code i_cdev}), from which LDD3's
 * drivers find their device structure (container_of; here the cdev itself, or {@code i_private}).
 * The kernel makes one per device node.
 */
public final class Inode {

    public final int i_rdev;
    /** The cdev the node was opened through, set at open. */
    public LinuxCdev i_cdev;
    /** i_size: 0 for a device. */
    public long i_size;
    /** Private data for the driver. */
    public Object i_private;

    public Inode(int rdev) {
        this.i_rdev = rdev;
    }

    public static int iminor(Inode inode) {
        return Kdev.MINOR(inode.i_rdev);
    }

    public static int imajor(Inode inode) {
        return Kdev.MAJOR(inode.i_rdev);
    }
}
