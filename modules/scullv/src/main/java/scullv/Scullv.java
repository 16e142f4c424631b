package scullv;

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
import static org.kld86.kpi.Mm.PAGE_SIZE;
import static org.kld86.kpi.Printk.*;
import static org.kld86.kpi.Slab.*;
import static org.kld86.kpi.Uaccess.*;
import static org.kld86.kpi.Vmalloc.*;
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
 * scullv, LDD3's chapter-8 scull on virtual addresses (scullv/main.c and scullv.h, with the SCULLV_DEBUG /proc
 * file in ScullvProc): scullv0 to scullv3, whose quanta are vmalloc areas of {@code PAGE_SIZE << order} bytes
 * ("16 pages at a time" with the default order 4), given back with vfree.
 *
 * <p>The list items are {@code struct scullv_dev} themselves, the first one being the device:
 * <pre>
 *   scullv_devices[i] { data, next } --&gt; scullv_dev { data, next } --&gt; ...     (kmalloc'ed items)
 *                        |
 *                        +--&gt; void *[qset] --&gt; vmalloc area, vmalloc area, NULL (a hole), ...
 * </pre>
 * A quantum is 64 KiB and a set holds 500, so an item covers 32,768,000 bytes. The areas are contiguous in the
 * kernel's virtual addresses only, at or above VMALLOC_START, which /proc/scullvmem shows ("scullv allocates
 * virtual addresses", beyond the top of physical memory). Each area is its own set of pages mapped into the
 * vmalloc range, with an unmapped guard page after it. Reads and writes stop at the end of the quantum they
 * start in; a read past the end or into a hole returns 0; opening O_WRONLY trims the device with vfree, and the
 * device then takes the module's current order and qset; llseek accepts any non-negative position. The
 * SCULLV_IOC ioctls (ScullvIoctl: magic 'K', ORDER 1-6 and QSET 7-12, RESET 0) change those module globals
 * only. mmap (ScullvMmap) hands out each page through vmalloc_to_page, whatever the order.
 *
 * <p>Parameters: {@code scullv_major}, {@code scullv_devs}, {@code scullv_qset}, {@code scullv_order}; as with
 * scullp, the order may also come from the tunable {@code hw.scullv.order}, which a load parameter overrides.
 *
 * <p>{@code struct scullv_dev} embeds a semaphore and a cdev; here they are kernel objects kept beside the first
 * item's guest memory ({@link #scullv_sems}, {@link #scullv_cdevs}).
 */
@LinuxModule(name = "scullv", author = "Alessandro Rubini", description = "the vmalloc-based scull of LDD3 chapter 8")
public final class Scullv {

    private Scullv() {
    }

    // ---------------------------------------------------------------------------------------------------------
    // scullv.h

    static final int SCULLV_MAJOR = 0; /* dynamic major by default */
    static final int SCULLV_DEVS = 4; /* scullv0 through scullv3 */
    static final int SCULLV_ORDER = 4; /* 16 pages at a time */
    static final int SCULLV_QSET = 500;

    /** sizeof(void *) on i386. */
    static final int SIZEOF_PTR = 4;

    /**
     * struct scullv_dev, its data fields: the quantum set, the next list item, the active mappings, the
     * allocation order, the set's length, and the amount of data ({@code size_t}, read with {@link #size}).
     */
    public interface scullv_dev {
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

    @ModuleParam(perm = 0) static int scullv_major = SCULLV_MAJOR;
    @ModuleParam(perm = 0) static int scullv_devs = SCULLV_DEVS; /* number of bare scullv devices */
    @ModuleParam(perm = 0) static int scullv_qset = SCULLV_QSET;
    /** TUNABLE_INT("hw.scullv.order", &scullv_order): read first, so that a load parameter overrides it. */
    @ModuleParam(perm = 0) static int scullv_order = TUNABLE_INT_FETCH("hw.scullv.order", SCULLV_ORDER);

    /** The kmalloc'ed array of scullv_devs struct scullv_dev, allocated in scullv_init. */
    static long scullv_devices;
    /** The semaphore of each device ({@code scullv_devices[i].sem}). */
    static Semaphore[] scullv_sems;
    /** The cdev of each device ({@code scullv_devices[i].cdev}). */
    static LinuxCdev[] scullv_cdevs;

    /** &scullv_devices[i]. */
    static scullv_dev scullv_device(int i) {
        return dev_at(scullv_devices + i * Struct.sizeof(scullv_dev.class));
    }

    /** The struct scullv_dev at {@code p}: a device or a list item. */
    static scullv_dev dev_at(long p) {
        return Struct.at(scullv_dev.class, p);
    }

    /** &dev->sem of a device (the first item of its list). */
    static Semaphore sem(scullv_dev dev) {
        return scullv_sems[(int) ((Struct.addressOf(dev) - scullv_devices) / Struct.sizeof(scullv_dev.class))];
    }

    /** dev->size: a size_t. */
    static long size(scullv_dev dev) {
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

    static int scullv_open(Inode inode, LinuxFile filp) {
        /*  Find the device */
        scullv_dev dev = container_of(inode.i_cdev);

        /* now trim to 0 the length of the device if open was write-only */
        if ((filp.f_flags & O_ACCMODE) == O_WRONLY) {
            if (down_interruptible(sem(dev)) != 0) {
                return -ERESTARTSYS;
            }
            scullv_trim(dev); /* ignore errors */
            up(sem(dev));
        }

        /* and use filp->private_data to point to the device data */
        filp.private_data = dev;
        return 0; /* success */
    }

    /** container_of(inode->i_cdev, struct scullv_dev, cdev). */
    static scullv_dev container_of(LinuxCdev cdev) {
        for (int i = 0; i < scullv_devs; i++) {
            if (scullv_cdevs[i] == cdev) {
                return scullv_device(i);
            }
        }
        throw new IllegalStateException("scullv: open of a cdev that is not ours");
    }

    static int scullv_release(Inode inode, LinuxFile filp) {
        return 0;
    }

    /** Follow the list, making the items up to the n-th as needed (LDD3 does not check this kmalloc). */
    static scullv_dev scullv_follow(scullv_dev dev, int n) {
        while (n-- > 0) {
            if (dev.next() == 0) {
                dev.next(kmalloc(Struct.sizeof(scullv_dev.class), GFP_KERNEL));
                memset(dev.next(), 0, Struct.sizeof(scullv_dev.class));
            }
            dev = dev_at(dev.next());
        }
        return dev;
    }

    // ---------------------------------------------------------------------------------------------------------
    // Data management: read and write

    static long scullv_read(LinuxFile filp, long buf, long count, long[] f_pos) {
        scullv_dev dev = (scullv_dev) filp.private_data; /* the first listitem */
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
            scullv_dev dptr = scullv_follow(dev, item);

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

    static long scullv_write(LinuxFile filp, long buf, long count, long[] f_pos) {
        scullv_dev dev = (scullv_dev) filp.private_data;
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
            scullv_dev dptr = scullv_follow(dev, item);
            if (dptr.data() == 0) {
                dptr.data(kmalloc((long) qset * SIZEOF_PTR, GFP_KERNEL));
                if (dptr.data() == 0) {
                    break nomem;
                }
                memset(dptr.data(), 0, (long) qset * SIZEOF_PTR);
            }
            /* Allocate a quantum using virtual addresses */
            if (ptr(dptr.data(), s_pos) == 0) {
                ptr(dptr.data(), s_pos, vmalloc(PAGE_SIZE << dptr.order()));
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

    static long scullv_llseek(LinuxFile filp, long off, int whence) {
        scullv_dev dev = (scullv_dev) filp.private_data;
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
    static final FileOperations scullv_fops = new FileOperations()
            .owner(THIS_MODULE())
            .llseek(Scullv::scullv_llseek)
            .read(Scullv::scullv_read)
            .write(Scullv::scullv_write)
            .unlocked_ioctl(ScullvIoctl::scullv_ioctl)
            .mmap(ScullvMmap::scullv_mmap)
            .open(Scullv::scullv_open)
            .release(Scullv::scullv_release);

    /** Frees every quantum with vfree; -EBUSY, and nothing freed, while the device is mapped. */
    static int scullv_trim(scullv_dev dev) {
        long next;
        int qset = dev.qset(); /* "dev" is not-null */

        if (dev.vmas() != 0) { /* don't trim: there are active mappings */
            return -EBUSY;
        }

        for (long dptr = Struct.addressOf(dev); dptr != 0; dptr = next) { /* all the list items */
            scullv_dev d = dev_at(dptr);
            if (d.data() != 0) {
                /* Release the quantum-set */
                for (int i = 0; i < qset; i++) {
                    if (ptr(d.data(), i) != 0) {
                        vfree(ptr(d.data(), i));
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
        dev.qset(scullv_qset);
        dev.order(scullv_order);
        dev.next(0);
        return 0;
    }

    static void scullv_setup_cdev(int index) {
        int devno = MKDEV(scullv_major, index);
        LinuxCdev cdev = scullv_cdevs[index];

        cdev_init(cdev, scullv_fops);
        cdev.owner = THIS_MODULE();
        cdev.ops = scullv_fops;
        int err = cdev_add(cdev, devno, 1);
        /* Fail gracefully if need be */
        if (err != 0) {
            printk(KERN_NOTICE + "Error %d adding scull%d", err, index);
        }
    }

    // ---------------------------------------------------------------------------------------------------------
    // Finally, the module stuff

    @ModuleInit
    static int scullv_init() {
        int result;
        int[] dev = {MKDEV(scullv_major, 0)};

        /*
         * Register your major, and accept a dynamic number.
         */
        if (scullv_major != 0) {
            result = register_chrdev_region(dev[0], scullv_devs, "scullv");
        } else {
            result = alloc_chrdev_region(dev, 0, scullv_devs, "scullv");
            scullv_major = MAJOR(dev[0]);
        }
        if (result < 0) {
            return result;
        }

        /*
         * allocate the devices -- we can't have them static, as the number
         * can be specified at load time
         */
        scullv_devices = kmalloc(scullv_devs * Struct.sizeof(scullv_dev.class), GFP_KERNEL);
        if (scullv_devices == 0) {
            result = -ENOMEM;
            unregister_chrdev_region(dev[0], scullv_devs);
            return result;
        }
        memset(scullv_devices, 0, scullv_devs * Struct.sizeof(scullv_dev.class));
        scullv_sems = new Semaphore[scullv_devs];
        scullv_cdevs = new LinuxCdev[scullv_devs];
        for (int i = 0; i < scullv_devs; i++) {
            scullv_device(i).order(scullv_order);
            scullv_device(i).qset(scullv_qset);
            scullv_sems[i] = new Semaphore();
            sema_init(scullv_sems[i], 1);
            scullv_cdevs[i] = new LinuxCdev();
            scullv_setup_cdev(i);
        }

        create_proc_read_entry("scullvmem", 0, null, ScullvProc::scullv_read_procmem, null);
        return 0; /* succeed */
    }

    @ModuleExit
    static void scullv_cleanup() {
        remove_proc_entry("scullvmem", null);

        for (int i = 0; i < scullv_devs; i++) {
            cdev_del(scullv_cdevs[i]);
            scullv_trim(scullv_device(i));
        }
        kfree(scullv_devices);
        unregister_chrdev_region(MKDEV(scullv_major, 0), scullv_devs);
    }
}
