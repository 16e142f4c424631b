package scull;

import static org.kld86.kpi.Chrdev.*;
import static org.kld86.kpi.Errno.*;
import static org.kld86.kpi.Gfp.*;
import static org.kld86.kpi.Kdev.*;
import static org.kld86.kpi.Kmodule.THIS_MODULE;
import static org.kld86.kpi.LinuxErrno.ERESTARTSYS;
import static org.kld86.kpi.LinuxFile.*;
import static org.kld86.kpi.Mem.memset;
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
 * scull, "Simple Character Utility for Loading Localities", the bare device of LDD3's chapter 3 (scull/main.c and
 * scull.h): scull0 to scull3, each a variable-length region of memory that keeps what is written to it until the
 * device is opened write-only again or the module goes.
 *
 * <p>A device's data hangs off a list of quantum sets, all in kmalloc'ed guest memory as in C:
 * <pre>
 *   scull_dev.data --&gt; scull_qset { data, next } --&gt; scull_qset { data, next } --&gt; ...
 *                                    |
 *                                    +--&gt; void *[qset] --&gt; quantum (4000 bytes), quantum, NULL (a hole), ...
 * </pre>
 * A quantum is {@code kmalloc(4000)} ("4000 rather than 4096", the chapter's note on kmalloc's sizes) and a set
 * holds 1000 of them, so one list item covers 4,000,000 bytes. A read or a write stops at the end of the quantum
 * it starts in (callers loop, as cat and dd do); a read past the end or into a hole returns 0; opening O_WRONLY
 * trims the device to nothing; llseek accepts any non-negative position. The SCULL_IOC ioctls of scull.h
 * (ScullIoctl: magic 'k', numbers 0 to 14) read and change the module-wide quantum and qset, which a device
 * picks up at its next trim; the "set" kinds need the superuser (capable(CAP_SYS_ADMIN)); a foreign type or a
 * number past SCULL_IOC_MAXNR is ENOTTY.
 *
 * <p>Module parameters, as LDD3's: {@code scull_major} (0: dynamic), {@code scull_minor}, {@code scull_nr_devs},
 * {@code scull_quantum}, {@code scull_qset}, and {@code scull_p_buffer} of the pipe devices.
 *
 * <p>What is left out of LDD3's scull module, and why: the scullpipe and access-control devices (pipe.c,
 * access.c) are other chapters' devices; SCULL_P_IOCTSIZE and SCULL_P_IOCQSIZE still set and query
 * {@code scull_p_buffer}, so that the command numbers and SCULL_IOC_MAXNR mean what scull.h says. The
 * SCULL_DEBUG /proc files (scullmem, scullseq) are left to scullp and scullv, which carry the chapter-8 ones.
 * {@code struct scull_dev} embeds a semaphore and a cdev; here they are kernel objects kept beside the device's
 * guest memory ({@link #scull_sems}, {@link #scull_cdevs}), so the kmalloc'ed {@code scull_devices} array holds
 * the data fields only.
 */
@LinuxModule(name = "scull", author = "Alessandro Rubini, Jonathan Corbet",
        description = "the bare scull char module of LDD3 chapter 3")
public final class Scull {

    private Scull() {
    }

    // ---------------------------------------------------------------------------------------------------------
    // scull.h

    static final int SCULL_MAJOR = 0; /* dynamic major by default */
    static final int SCULL_NR_DEVS = 4; /* scull0 through scull3 */
    static final int SCULL_QUANTUM = 4000;
    static final int SCULL_QSET = 1000;
    static final int SCULL_P_BUFFER = 4000;

    /** sizeof(void *) on i386. */
    static final int SIZEOF_PTR = 4;

    /** struct scull_qset { void **data; struct scull_qset *next; }; */
    public interface scull_qset {
        @Field(0) @Pointer long data();

        void data(long value);

        @Field(1) @Pointer long next();

        void next(long value);
    }

    /**
     * struct scull_dev, its data fields: the first quantum set, the current quantum and qset, the amount of data
     * stored ({@code unsigned long}, read with {@link #size}) and the access key of the access-control devices.
     */
    public interface scull_dev {
        @Field(0) @Pointer long data();

        void data(long value);

        @Field(1) int quantum();

        void quantum(int value);

        @Field(2) int qset();

        void qset(int value);

        @Field(3) int size();

        void size(int value);

        @Field(4) int access_key();
    }

    // ---------------------------------------------------------------------------------------------------------
    // Parameters which can be set at load time

    @ModuleParam static int scull_major = SCULL_MAJOR;
    @ModuleParam static int scull_minor = 0;
    @ModuleParam static int scull_nr_devs = SCULL_NR_DEVS; /* number of bare scull devices */
    @ModuleParam static int scull_quantum = SCULL_QUANTUM;
    @ModuleParam static int scull_qset = SCULL_QSET;
    @ModuleParam static int scull_p_buffer = SCULL_P_BUFFER; /* pipe.c's */

    /** The kmalloc'ed array of scull_nr_devs struct scull_dev (their data fields). */
    static long scull_devices;
    /** The semaphore of each device ({@code scull_devices[i].sem}). */
    static Semaphore[] scull_sems;
    /** The cdev of each device ({@code scull_devices[i].cdev}). */
    static LinuxCdev[] scull_cdevs;

    /** &scull_devices[i]. */
    static scull_dev scull_device(int i) {
        return Struct.at(scull_dev.class, scull_devices + i * Struct.sizeof(scull_dev.class));
    }

    /** dev - scull_devices: the device's index, which finds its semaphore and cdev. */
    static int scull_index(scull_dev dev) {
        return (int) ((Struct.addressOf(dev) - scull_devices) / Struct.sizeof(scull_dev.class));
    }

    /** &dev->sem. */
    static Semaphore sem(scull_dev dev) {
        return scull_sems[scull_index(dev)];
    }

    /** dev->size: an unsigned long. */
    static long size(scull_dev dev) {
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

    static scull_qset qset_at(long p) {
        return Struct.at(scull_qset.class, p);
    }

    // ---------------------------------------------------------------------------------------------------------
    // Empty out the scull device; must be called with the device semaphore held.

    static int scull_trim(scull_dev dev) {
        long next;
        int qset = dev.qset(); /* "dev" is not-null */

        for (long dptr = dev.data(); dptr != 0; dptr = next) { /* all the list items */
            scull_qset d = qset_at(dptr);
            if (d.data() != 0) {
                for (int i = 0; i < qset; i++) {
                    kfree(ptr(d.data(), i));
                }
                kfree(d.data());
                d.data(0);
            }
            next = d.next();
            kfree(dptr);
        }
        dev.size(0);
        dev.quantum(scull_quantum);
        dev.qset(scull_qset);
        dev.data(0);
        return 0;
    }

    // ---------------------------------------------------------------------------------------------------------
    // Open and close

    static int scull_open(Inode inode, LinuxFile filp) {
        scull_dev dev = container_of(inode.i_cdev); /* device information */
        filp.private_data = dev; /* for other methods */

        /* now trim to 0 the length of the device if open was write-only */
        if ((filp.f_flags & O_ACCMODE) == O_WRONLY) {
            if (down_interruptible(sem(dev)) != 0) {
                return -ERESTARTSYS;
            }
            scull_trim(dev); /* ignore errors */
            up(sem(dev));
        }
        return 0; /* success */
    }

    /** container_of(inode->i_cdev, struct scull_dev, cdev). */
    static scull_dev container_of(LinuxCdev cdev) {
        for (int i = 0; i < scull_nr_devs; i++) {
            if (scull_cdevs[i] == cdev) {
                return scull_device(i);
            }
        }
        throw new IllegalStateException("scull: open of a cdev that is not ours");
    }

    static int scull_release(Inode inode, LinuxFile filp) {
        return 0;
    }

    /** Follow the list, allocating the items up to the n-th if need be; null if kmalloc failed. */
    static scull_qset scull_follow(scull_dev dev, int n) {
        long qs = dev.data();

        /* Allocate first qset explicitly if need be */
        if (qs == 0) {
            qs = kmalloc(Struct.sizeof(scull_qset.class), GFP_KERNEL);
            dev.data(qs);
            if (qs == 0) {
                return null; /* Never mind */
            }
            memset(qs, 0, Struct.sizeof(scull_qset.class));
        }

        /* Then follow the list */
        while (n-- > 0) {
            scull_qset q = qset_at(qs);
            if (q.next() == 0) {
                long next = kmalloc(Struct.sizeof(scull_qset.class), GFP_KERNEL);
                q.next(next);
                if (next == 0) {
                    return null; /* Never mind */
                }
                memset(next, 0, Struct.sizeof(scull_qset.class));
            }
            qs = q.next();
        }
        return qset_at(qs);
    }

    // ---------------------------------------------------------------------------------------------------------
    // Data management: read and write

    static long scull_read(LinuxFile filp, long buf, long count, long[] f_pos) {
        scull_dev dev = (scull_dev) filp.private_data;
        int quantum = dev.quantum();
        int qset = dev.qset();
        int itemsize = quantum * qset; /* how many bytes in the listitem */
        long retval = 0;

        if (down_interruptible(sem(dev)) != 0) {
            return -ERESTARTSYS;
        }
        out: {
            if (f_pos[0] >= size(dev)) {
                break out;
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
            scull_qset dptr = scull_follow(dev, item);

            if (dptr == null || dptr.data() == 0 || ptr(dptr.data(), s_pos) == 0) {
                break out; /* don't fill holes */
            }

            /* read only up to the end of this quantum */
            if (count > quantum - q_pos) {
                count = quantum - q_pos;
            }

            if (copy_to_user(buf, ptr(dptr.data(), s_pos) + q_pos, count) != 0) {
                retval = -EFAULT;
                break out;
            }
            f_pos[0] += count;
            retval = count;
        }
        up(sem(dev));
        return retval;
    }

    static long scull_write(LinuxFile filp, long buf, long count, long[] f_pos) {
        scull_dev dev = (scull_dev) filp.private_data;
        int quantum = dev.quantum();
        int qset = dev.qset();
        int itemsize = quantum * qset;
        long retval = -ENOMEM; /* value used in "goto out" statements */

        if (down_interruptible(sem(dev)) != 0) {
            return -ERESTARTSYS;
        }
        out: {
            /* find listitem, qset index and offset in the quantum */
            int item = (int) (f_pos[0] / itemsize);
            int rest = (int) (f_pos[0] % itemsize);
            int s_pos = rest / quantum;
            int q_pos = rest % quantum;

            /* follow the list up to the right position */
            scull_qset dptr = scull_follow(dev, item);
            if (dptr == null) {
                break out;
            }
            if (dptr.data() == 0) {
                dptr.data(kmalloc((long) qset * SIZEOF_PTR, GFP_KERNEL));
                if (dptr.data() == 0) {
                    break out;
                }
                memset(dptr.data(), 0, (long) qset * SIZEOF_PTR);
            }
            if (ptr(dptr.data(), s_pos) == 0) {
                ptr(dptr.data(), s_pos, kmalloc(quantum, GFP_KERNEL));
                if (ptr(dptr.data(), s_pos) == 0) {
                    break out;
                }
            }
            /* write only up to the end of this quantum */
            if (count > quantum - q_pos) {
                count = quantum - q_pos;
            }

            if (copy_from_user(ptr(dptr.data(), s_pos) + q_pos, buf, count) != 0) {
                retval = -EFAULT;
                break out;
            }
            f_pos[0] += count;
            retval = count;

            /* update the size */
            if (size(dev) < f_pos[0]) {
                dev.size((int) f_pos[0]);
            }
        }
        up(sem(dev));
        return retval;
    }

    // ---------------------------------------------------------------------------------------------------------
    // The "extended" operations -- only seek

    static long scull_llseek(LinuxFile filp, long off, int whence) {
        scull_dev dev = (scull_dev) filp.private_data;
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

    static final FileOperations scull_fops = new FileOperations()
            .owner(THIS_MODULE())
            .llseek(Scull::scull_llseek)
            .read(Scull::scull_read)
            .write(Scull::scull_write)
            .unlocked_ioctl(ScullIoctl::scull_ioctl)
            .open(Scull::scull_open)
            .release(Scull::scull_release);

    // ---------------------------------------------------------------------------------------------------------
    // Finally, the module stuff

    /**
     * The cleanup function is used to handle initialization failures as well. Therefore, it must be careful to
     * work correctly even if some of the items have not been initialized.
     */
    @ModuleExit
    static void scull_cleanup_module() {
        int devno = MKDEV(scull_major, scull_minor);

        /* Get rid of our char dev entries */
        if (scull_devices != 0) {
            for (int i = 0; i < scull_nr_devs; i++) {
                scull_trim(scull_device(i));
                cdev_del(scull_cdevs[i]);
            }
            kfree(scull_devices);
        }

        /* cleanup_module is never called if registering failed */
        unregister_chrdev_region(devno, scull_nr_devs);
    }

    /** Set up the char_dev structure for this device. */
    static void scull_setup_cdev(int index) {
        int devno = MKDEV(scull_major, scull_minor + index);
        LinuxCdev cdev = scull_cdevs[index];

        cdev_init(cdev, scull_fops);
        cdev.owner = THIS_MODULE();
        cdev.ops = scull_fops;
        int err = cdev_add(cdev, devno, 1);
        /* Fail gracefully if need be */
        if (err != 0) {
            printk(KERN_NOTICE + "Error %d adding scull%d", err, index);
        }
    }

    @ModuleInit
    static int scull_init_module() {
        int result;
        int[] dev = {0};

        /*
         * Get a range of minor numbers to work with, asking for a dynamic
         * major unless directed otherwise at load time.
         */
        if (scull_major != 0) {
            dev[0] = MKDEV(scull_major, scull_minor);
            result = register_chrdev_region(dev[0], scull_nr_devs, "scull");
        } else {
            result = alloc_chrdev_region(dev, scull_minor, scull_nr_devs, "scull");
            scull_major = MAJOR(dev[0]);
        }
        if (result < 0) {
            printk(KERN_WARNING + "scull: can't get major %d\n", scull_major);
            return result;
        }

        /*
         * allocate the devices -- we can't have them static, as the number
         * can be specified at load time
         */
        scull_devices = kmalloc(scull_nr_devs * Struct.sizeof(scull_dev.class), GFP_KERNEL);
        if (scull_devices == 0) {
            result = -ENOMEM;
            scull_cleanup_module();
            return result;
        }
        memset(scull_devices, 0, scull_nr_devs * Struct.sizeof(scull_dev.class));
        scull_sems = new Semaphore[scull_nr_devs];
        scull_cdevs = new LinuxCdev[scull_nr_devs];

        /* Initialize each device. */
        for (int i = 0; i < scull_nr_devs; i++) {
            scull_dev d = scull_device(i);
            d.quantum(scull_quantum);
            d.qset(scull_qset);
            scull_sems[i] = new Semaphore();
            sema_init(scull_sems[i], 1);
            scull_cdevs[i] = new LinuxCdev();
            scull_setup_cdev(i);
        }
        return 0; /* succeed */
    }
}
