package scullp;

import static org.kld86.kpi.Chrdev.*;
import static org.kld86.kpi.Errno.*;
import static org.kld86.kpi.Gfp.*;
import static org.kld86.kpi.Kdev.*;
import static org.kld86.kpi.Kern.TUNABLE_INT_FETCH;
import static org.kld86.kpi.Kmodule.THIS_MODULE;
import static org.kld86.kpi.LinuxErrno.ERESTARTSYS;
import static org.kld86.kpi.LinuxFile.*;
import static org.kld86.kpi.LinuxProc.*;
import static org.kld86.kpi.Mem.memset;
import static org.kld86.kpi.Mm.*;
import static org.kld86.kpi.Printk.*;
import static org.kld86.kpi.Slab.*;
import static org.kld86.kpi.Uaccess.*;
import static org.kld86.kpi.Semaphore.down_interruptible;
import static org.kld86.kpi.Semaphore.sema_init;
import static org.kld86.kpi.Semaphore.up;

import org.kld86.kpi.Semaphore;
import org.kld86.kpi.Field;
import org.kld86.kpi.FileOperations;
import org.kld86.kpi.Inode;
import org.kld86.kpi.LinuxCdev;
import org.kld86.kpi.LinuxFile;
import org.kld86.kpi.LinuxModule;
import org.kld86.kpi.Mem;
import org.kld86.kpi.ModuleExit;
import org.kld86.kpi.ModuleInit;
import org.kld86.kpi.ModuleParam;
import org.kld86.kpi.Pointer;
import org.kld86.kpi.Struct;

/**
 * scullp, LDD3's chapter-8 scull on whole pages (scullp/main.c and scullp.h, with the SCULLP_DEBUG /proc file
 * in ScullpProc): scullp0 to scullp3, whose quanta are blocks of {@code 2^order} pages from __get_free_pages,
 * given back with free_pages and the same order.
 *
 * <p>The list items are {@code struct scullp_dev} themselves, the first one being the device:
 * <pre>
 *   scullp_devices[i] { data, next } --&gt; scullp_dev { data, next } --&gt; ...     (kmalloc'ed items)
 *                        |
 *                        +--&gt; void *[qset] --&gt; page block, page block, NULL (a hole), ...
 * </pre>
 * A quantum is {@code PAGE_SIZE << order} bytes (one page with the default order 0) and a set holds 500, so an
 * item covers 2,048,000 bytes. The addresses are the kernel's direct map (0xC0000000 + physical address), which
 * /proc/scullpmem shows. Reads and writes stop at the end of the quantum they start in; a read past the end or
 * into a hole returns 0; opening O_WRONLY trims the device, freeing each block with the order the device had, and
 * the device then takes the module's current order and qset; llseek accepts any non-negative position. The
 * SCULLP_IOC ioctls (ScullpIoctl: magic 'K', ORDER 1-6 and QSET 7-12, RESET 0) change those module globals
 * only. mmap (ScullpMmap) works when the device's order is 0.
 *
 * <p>Parameters: {@code scullp_major}, {@code scullp_devs}, {@code scullp_qset}, {@code scullp_order}. The order
 * can also come from the kernel environment: {@code kenv hw.scullp.order=2} before the load. The tunable is read
 * when the module's globals are initialised and a load parameter is applied after, so
 * {@code kldload scullp scullp_order=1} wins over the tunable, as an insmod argument wins over a default: the
 * tunable is a standing setting, the parameter is what was asked for this load.
 *
 * <p>{@code struct scullp_dev} embeds a semaphore and a cdev; here they are kernel objects kept beside the first
 * item's guest memory ({@link #scullp_sems}, {@link #scullp_cdevs}).
 */
@LinuxModule(name = "scullp", author = "Alessandro Rubini", description = "the page-based scull of LDD3 chapter 8")
public final class Scullp {

    private Scullp() {
    }

    // ---------------------------------------------------------------------------------------------------------
    // scullp.h

    static final int SCULLP_MAJOR = 0; /* dynamic major by default */
    static final int SCULLP_DEVS = 4; /* scullp0 through scullp3 */
    static final int SCULLP_ORDER = 0; /* one page at a time */
    static final int SCULLP_QSET = 500;

    /** sizeof(void *) on i386. */
    static final int SIZEOF_PTR = 4;

    /**
     * struct scullp_dev, its data fields: the quantum set, the next list item, the active mappings, the
     * allocation order, the set's length, and the amount of data ({@code size_t}, read with {@link #size}).
     */
    public interface scullp_dev {
        @Field(0) @Pointer long data();

        void data(long value);

        @Field(1) @Pointer long next(); /* next listitem */

        void next(long value);

        @Field(2) int vmas(); /* active mappings */

        void vmas(int value);

        @Field(3) int order(); /* the current allocation order */

        void order(int value);

        @Field(4) int qset(); /* the current array size */

        void qset(int value);

        @Field(5) int size(); /* 32-bit will suffice */

        void size(int value);
    }

    // ---------------------------------------------------------------------------------------------------------
    // Parameters

    @ModuleParam(perm = 0) static int scullp_major = SCULLP_MAJOR;
    @ModuleParam(perm = 0) static int scullp_devs = SCULLP_DEVS; /* number of bare scullp devices */
    @ModuleParam(perm = 0) static int scullp_qset = SCULLP_QSET;
    /** TUNABLE_INT("hw.scullp.order", &scullp_order): read first, so that a load parameter overrides it. */
    @ModuleParam(perm = 0) static int scullp_order = TUNABLE_INT_FETCH("hw.scullp.order", SCULLP_ORDER);

    /** The kmalloc'ed array of scullp_devs struct scullp_dev, allocated in scullp_init. */
    static long scullp_devices;
    /** The semaphore of each device ({@code scullp_devices[i].sem}). */
    static Semaphore[] scullp_sems;
    /** The cdev of each device ({@code scullp_devices[i].cdev}). */
    static LinuxCdev[] scullp_cdevs;

    /** &scullp_devices[i]. */
    static scullp_dev scullp_device(int i) {
        return dev_at(scullp_devices + i * Struct.sizeof(scullp_dev.class));
    }

    /** The struct scullp_dev at {@code p}: a device or a list item. */
    static scullp_dev dev_at(long p) {
        return Struct.at(scullp_dev.class, p);
    }

    /** &dev->sem of a device (the first item of its list). */
    static Semaphore sem(scullp_dev dev) {
        return scullp_sems[(int) ((Struct.addressOf(dev) - scullp_devices) / Struct.sizeof(scullp_dev.class))];
    }

    /** dev->size: a size_t. */
    static long size(scullp_dev dev) {
        return Integer.toUnsignedLong(dev.size());
    }

    /** array[i] of a {@code void **}. */
    static long ptr(long array, int i) {
        return Integer.toUnsignedLong(Mem.read32(array + (long) i * SIZEOF_PTR));
    }

    /** array[i] = p. */
    static void ptr(long array, int i, long p) {
        Mem.write32(array + (long) i * SIZEOF_PTR, (int) p);
    }

    // ---------------------------------------------------------------------------------------------------------
    // Open and close

    static int scullp_open(Inode inode, LinuxFile filp) {
        /*  Find the device */
        scullp_dev dev = container_of(inode.i_cdev);

        /* now trim to 0 the length of the device if open was write-only */
        if ((filp.f_flags & O_ACCMODE) == O_WRONLY) {
            if (down_interruptible(sem(dev)) != 0) {
                return -ERESTARTSYS;
            }
            scullp_trim(dev); /* ignore errors */
            up(sem(dev));
        }

        /* and use filp->private_data to point to the device data */
        filp.private_data = dev;
        return 0; /* success */
    }

    /** container_of(inode->i_cdev, struct scullp_dev, cdev). */
    static scullp_dev container_of(LinuxCdev cdev) {
        for (int i = 0; i < scullp_devs; i++) {
            if (scullp_cdevs[i] == cdev) {
                return scullp_device(i);
            }
        }
        throw new IllegalStateException("scullp: open of a cdev that is not ours");
    }

    static int scullp_release(Inode inode, LinuxFile filp) {
        return 0;
    }

    /** Follow the list, making the items up to the n-th as needed (LDD3 does not check this kmalloc). */
    static scullp_dev scullp_follow(scullp_dev dev, int n) {
        while (n-- > 0) {
            if (dev.next() == 0) {
                dev.next(kmalloc(Struct.sizeof(scullp_dev.class), GFP_KERNEL));
                memset(dev.next(), 0, Struct.sizeof(scullp_dev.class));
            }
            dev = dev_at(dev.next());
        }
        return dev;
    }

    // ---------------------------------------------------------------------------------------------------------
    // Data management: read and write

    static long scullp_read(LinuxFile filp, long buf, long count, long[] f_pos) {
        scullp_dev dev = (scullp_dev) filp.private_data; /* the first listitem */
        int quantum = (int) (PAGE_SIZE << dev.order());
        int qset = dev.qset();
        int itemsize = quantum * qset; /* how many bytes in the listitem */
        long retval = 0;

        if (down_interruptible(sem(dev)) != 0) {
            return -ERESTARTSYS;
        }
        nothing: {
            if (f_pos[0] > size(dev)) {
                break nothing;
            }
            if (f_pos[0] + count > size(dev)) {
                count = size(dev) - f_pos[0];
            }
            /* find listitem, qset index, and offset in the quantum */
            int item = (int) (f_pos[0] / itemsize);
            int rest = (int) (f_pos[0] % itemsize);
            int s_pos = rest / quantum;
            int q_pos = rest % quantum;

            /* follow the list up to the right position (defined elsewhere) */
            scullp_dev dptr = scullp_follow(dev, item);

            if (dptr.data() == 0) {
                break nothing; /* don't fill holes */
            }
            if (ptr(dptr.data(), s_pos) == 0) {
                break nothing;
            }
            if (count > quantum - q_pos) {
                count = quantum - q_pos; /* read only up to the end of this quantum */
            }

            if (copy_to_user(buf, ptr(dptr.data(), s_pos) + q_pos, count) != 0) {
                retval = -EFAULT;
                break nothing;
            }
            up(sem(dev));

            f_pos[0] += count;
            return count;
        }
        up(sem(dev));
        return retval;
    }

    static long scullp_write(LinuxFile filp, long buf, long count, long[] f_pos) {
        scullp_dev dev = (scullp_dev) filp.private_data;
        int quantum = (int) (PAGE_SIZE << dev.order());
        int qset = dev.qset();
        int itemsize = quantum * qset;
        long retval = -ENOMEM; /* our most likely error */

        if (down_interruptible(sem(dev)) != 0) {
            return -ERESTARTSYS;
        }
        nomem: {
            /* find listitem, qset index and offset in the quantum */
            int item = (int) (f_pos[0] / itemsize);
            int rest = (int) (f_pos[0] % itemsize);
            int s_pos = rest / quantum;
            int q_pos = rest % quantum;

            /* follow the list up to the right position */
            scullp_dev dptr = scullp_follow(dev, item);
            if (dptr.data() == 0) {
                dptr.data(kmalloc((long) qset * SIZEOF_PTR, GFP_KERNEL));
                if (dptr.data() == 0) {
                    break nomem;
                }
                memset(dptr.data(), 0, (long) qset * SIZEOF_PTR);
            }
            /* Here's the allocation of a single quantum */
            if (ptr(dptr.data(), s_pos) == 0) {
                ptr(dptr.data(), s_pos, __get_free_pages(GFP_KERNEL, dptr.order()));
                if (ptr(dptr.data(), s_pos) == 0) {
                    break nomem;
                }
                memset(ptr(dptr.data(), s_pos), 0, PAGE_SIZE << dptr.order());
            }
            if (count > quantum - q_pos) {
                count = quantum - q_pos; /* write only up to the end of this quantum */
            }
            if (copy_from_user(ptr(dptr.data(), s_pos) + q_pos, buf, count) != 0) {
                retval = -EFAULT;
                break nomem;
            }
            f_pos[0] += count;

            /* update the size */
            if (size(dev) < f_pos[0]) {
                dev.size((int) f_pos[0]);
            }
            up(sem(dev));
            return count;
        }
        up(sem(dev));
        return retval;
    }

    // ---------------------------------------------------------------------------------------------------------
    // The "extended" operations

    static long scullp_llseek(LinuxFile filp, long off, int whence) {
        scullp_dev dev = (scullp_dev) filp.private_data;
        long newpos;

        switch (whence) {
            case 0: /* SEEK_SET */
                newpos = off;
                break;
            case 1: /* SEEK_CUR */
                newpos = filp.f_pos + off;
                break;
            case 2: /* SEEK_END */
                newpos = size(dev) + off;
                break;
            default: /* can't happen */
                return -EINVAL;
        }
        if (newpos < 0) {
            return -EINVAL;
        }
        filp.f_pos = newpos;
        return newpos;
    }

    /* Mmap *is* available, but confined in a different file */
    static final FileOperations scullp_fops = new FileOperations()
            .owner(THIS_MODULE())
            .llseek(Scullp::scullp_llseek)
            .read(Scullp::scullp_read)
            .write(Scullp::scullp_write)
            .unlocked_ioctl(ScullpIoctl::scullp_ioctl)
            .mmap(ScullpMmap::scullp_mmap)
            .open(Scullp::scullp_open)
            .release(Scullp::scullp_release);

    /** Frees every block with the device's order; -EBUSY, and nothing freed, while the device is mapped. */
    static int scullp_trim(scullp_dev dev) {
        long next;
        int qset = dev.qset(); /* "dev" is not-null */

        if (dev.vmas() != 0) { /* don't trim: there are active mappings */
            return -EBUSY;
        }

        for (long dptr = Struct.addressOf(dev); dptr != 0; dptr = next) { /* all the list items */
            scullp_dev d = dev_at(dptr);
            if (d.data() != 0) {
                /* This code frees a whole quantum-set */
                for (int i = 0; i < qset; i++) {
                    if (ptr(d.data(), i) != 0) {
                        free_pages(ptr(d.data(), i), d.order());
                    }
                }
                kfree(d.data());
                d.data(0);
            }
            next = d.next();
            if (dptr != Struct.addressOf(dev)) {
                kfree(dptr); /* all of them but the first */
            }
        }
        dev.size(0);
        dev.qset(scullp_qset);
        dev.order(scullp_order);
        dev.next(0);
        return 0;
    }

    static void scullp_setup_cdev(int index) {
        int devno = MKDEV(scullp_major, index);
        LinuxCdev cdev = scullp_cdevs[index];

        cdev_init(cdev, scullp_fops);
        cdev.owner = THIS_MODULE();
        cdev.ops = scullp_fops;
        int err = cdev_add(cdev, devno, 1);
        /* Fail gracefully if need be */
        if (err != 0) {
            printk(KERN_NOTICE + "Error %d adding scull%d", err, index);
        }
    }

    // ---------------------------------------------------------------------------------------------------------
    // Finally, the module stuff

    @ModuleInit
    static int scullp_init() {
        int result;
        int[] dev = {MKDEV(scullp_major, 0)};

        /*
         * Register your major, and accept a dynamic number.
         */
        if (scullp_major != 0) {
            result = register_chrdev_region(dev[0], scullp_devs, "scullp");
        } else {
            result = alloc_chrdev_region(dev, 0, scullp_devs, "scullp");
            scullp_major = MAJOR(dev[0]);
        }
        if (result < 0) {
            return result;
        }

        /*
         * allocate the devices -- we can't have them static, as the number
         * can be specified at load time
         */
        scullp_devices = kmalloc(scullp_devs * Struct.sizeof(scullp_dev.class), GFP_KERNEL);
        if (scullp_devices == 0) {
            result = -ENOMEM;
            unregister_chrdev_region(dev[0], scullp_devs);
            return result;
        }
        memset(scullp_devices, 0, scullp_devs * Struct.sizeof(scullp_dev.class));
        scullp_sems = new Semaphore[scullp_devs];
        scullp_cdevs = new LinuxCdev[scullp_devs];
        for (int i = 0; i < scullp_devs; i++) {
            scullp_device(i).order(scullp_order);
            scullp_device(i).qset(scullp_qset);
            scullp_sems[i] = new Semaphore();
            sema_init(scullp_sems[i], 1);
            scullp_cdevs[i] = new LinuxCdev();
            scullp_setup_cdev(i);
        }

        create_proc_read_entry("scullpmem", 0, null, ScullpProc::scullp_read_procmem, null);
        return 0; /* succeed */
    }

    @ModuleExit
    static void scullp_cleanup() {
        remove_proc_entry("scullpmem", null);

        for (int i = 0; i < scullp_devs; i++) {
            cdev_del(scullp_cdevs[i]);
            scullp_trim(scullp_device(i));
        }
        kfree(scullp_devices);
        unregister_chrdev_region(MKDEV(scullp_major, 0), scullp_devs);
    }
}
