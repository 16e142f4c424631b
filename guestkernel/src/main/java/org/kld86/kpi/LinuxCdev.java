package org.kld86.kpi;

/**
 * {@code struct cdev}: a Linux character device, the object that ties a range of device numbers to a
 * {@link FileOperations}. A driver embeds one per device (here: makes one with {@code new LinuxCdev()} or
 * {@link Chrdev#cdev_alloc}), fills it with {@link Chrdev#cdev_init}, sets {@code owner = THIS_MODULE()} and
 * makes it live with {@link Chrdev#cdev_add}.
 *
 * <p>Trap: a cdev is live as soon as cdev_add returns, so everything its methods need must be ready before.
 */
public final class LinuxCdev {

    /** The module holding the code ({@code THIS_MODULE}). */
    public KldModule owner;
    /** The methods. */
    public FileOperations ops;
    /** The first device number, set by cdev_add. */
    public int dev;
    /** How many device numbers, set by cdev_add. */
    public int count;

    @Override
    public String toString() {
        return "cdev " + Kdev.MAJOR(dev) + ":" + Kdev.MINOR(dev) + "+" + count;
    }
}
