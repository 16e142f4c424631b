package org.kld86.kpi;

import org.kld86.kernel.Kernel;

/**
 * fs/char_dev.c: device number regions and character devices, the Linux way (LDD3 chapter 3).
 *
 * <pre>
 * int[] dev = new int[1];
 * alloc_chrdev_region(dev, 0, 4, "scull");          // a free major (254 first, then down), minors 0-3
 * cdev_init(cdev, scull_fops);                      // for each device i:
 * cdev_add(cdev, MKDEV(MAJOR(dev[0]), i), 1);       //     /dev/scull0 ... /dev/scull3 appear
 * ...
 * cdev_del(cdev);                                   // nodes gone
 * unregister_chrdev_region(dev[0], 4);
 * </pre>
 *
 * <p>Device nodes: where LDD3 ran mknod from a script and udev makes them today, cdev_add makes them here, one
 * per device number added, named after the region the number belongs to and its minor: region "scull", minor 2
 * gives /dev/scull2. They are owned by root with mode 0600, as devtmpfs makes them. A number in no region gets
 * no node, and a name already taken is not made twice. /proc/devices lists the regions.
 */
public final class Chrdev {

    private Chrdev() {
    }

    private static final StackWalker WALKER = StackWalker.getInstance(StackWalker.Option.RETAIN_CLASS_REFERENCE);

    /** register_chrdev_region(): claims the numbers {@code from ... from + count - 1}; 0 or -EBUSY. */
    public static int register_chrdev_region(int from, int count, String name) {
        return Kernel.current().devices().chrdevs().registerRegion(from, count, name, WALKER.getCallerClass());
    }

    /**
     * alloc_chrdev_region(): claims {@code count} minors from {@code baseminor} under a free major, and puts the
     * first number in {@code dev[0]}; 0 or -EBUSY when no major is free.
     */
    public static int alloc_chrdev_region(int[] dev, int baseminor, int count, String name) {
        return Kernel.current().devices().chrdevs().allocRegion(dev, baseminor, count, name, WALKER.getCallerClass());
    }

    /** unregister_chrdev_region(): gives back what register or alloc claimed. */
    public static void unregister_chrdev_region(int from, int count) {
        Kernel.current().devices().chrdevs().unregisterRegion(from, count);
    }

    /** cdev_init(): prepares {@code cdev} to use {@code fops}. */
    public static void cdev_init(LinuxCdev cdev, FileOperations fops) {
        cdev.ops = fops;
        cdev.dev = 0;
        cdev.count = 0;
    }

    /** cdev_alloc(): a new, empty cdev. */
    public static LinuxCdev cdev_alloc() {
        return new LinuxCdev();
    }

    /**
     * cdev_add(): makes the device live for numbers {@code dev ... dev + count - 1}: opens of them reach its
     * methods, and their nodes appear in /dev. 0, or -EINVAL for a count of 0 or a cdev without methods.
     */
    public static int cdev_add(LinuxCdev cdev, int dev, int count) {
        return Kernel.current().devices().chrdevs().cdevAdd(cdev, dev, count, WALKER.getCallerClass());
    }

    /** cdev_del(): the device is no longer reachable by new opens and its nodes go; open files keep working. */
    public static void cdev_del(LinuxCdev cdev) {
        Kernel.current().devices().chrdevs().cdevDel(cdev);
    }
}
