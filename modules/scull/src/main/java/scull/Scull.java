package scull;

import static org.kld86.kpi.Chrdev.*;
import static org.kld86.kpi.Errno.*;
import static org.kld86.kpi.Gfp.*;
import static org.kld86.kpi.Kdev.*;
import static org.kld86.kpi.Kmodule.THIS_MODULE;
import static org.kld86.kpi.LinuxErrno.ERESTARTSYS;
import static org.kld86.kpi.LinuxFile.*;
import static org.kld86.kpi.LinuxIoctl.*;
import static org.kld86.kpi.Mem.memset;
import static org.kld86.kpi.Printk.*;
import static org.kld86.kpi.Slab.*;
import static org.kld86.kpi.Uaccess.*;
import static scull.Semaphore.down_interruptible;
import static scull.Semaphore.up;

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
import org.kld86.kpi.Td;

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
 * trims the device to nothing; llseek accepts any non-negative position. The SCULL_IOC ioctls of scull.h (magic
 * 'k', numbers 0 to 14) read and change the module-wide quantum and qset, which a device picks up at its next
 * trim; the "set" kinds need the superuser (capable(CAP_SYS_ADMIN)); a foreign type or a number past
 * SCULL_IOC_MAXNR is ENOTTY.
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

    /* Use 'k' as magic number */
    static final int SCULL_IOC_MAGIC = 'k';

    static final int SCULL_IOCRESET = _IO(SCULL_IOC_MAGIC, 0);
    /*
     * S means "Set" through a ptr,
     * T means "Tell" directly with the argument value
     * G means "Get": reply by setting through a pointer
     * Q means "Query": response is on the return value
     * X means "eXchange": switch G and S atomically
     * H means "sHift": switch T and Q atomically
     */
    static final int SCULL_IOCSQUANTUM = _IOW(SCULL_IOC_MAGIC, 1, int.class);
    static final int SCULL_IOCSQSET = _IOW(SCULL_IOC_MAGIC, 2, int.class);
    static final int SCULL_IOCTQUANTUM = _IO(SCULL_IOC_MAGIC, 3);
    static final int SCULL_IOCTQSET = _IO(SCULL_IOC_MAGIC, 4);
    static final int SCULL_IOCGQUANTUM = _IOR(SCULL_IOC_MAGIC, 5, int.class);
    static final int SCULL_IOCGQSET = _IOR(SCULL_IOC_MAGIC, 6, int.class);
    static final int SCULL_IOCQQUANTUM = _IO(SCULL_IOC_MAGIC, 7);
    static final int SCULL_IOCQQSET = _IO(SCULL_IOC_MAGIC, 8);
    static final int SCULL_IOCXQUANTUM = _IOWR(SCULL_IOC_MAGIC, 9, int.class);
    static final int SCULL_IOCXQSET = _IOWR(SCULL_IOC_MAGIC, 10, int.class);
    static final int SCULL_IOCHQUANTUM = _IO(SCULL_IOC_MAGIC, 11);
    static final int SCULL_IOCHQSET = _IO(SCULL_IOC_MAGIC, 12);
    /* The pipe devices only have "Tell" and "Query". */
    static final int SCULL_P_IOCTSIZE = _IO(SCULL_IOC_MAGIC, 13);
    static final int SCULL_P_IOCQSIZE = _IO(SCULL_IOC_MAGIC, 14);

    static final int SCULL_IOC_MAXNR = 14;

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
    // The ioctl() implementation

    static final int CAP_SYS_ADMIN = 21;

    /** capable(): this kernel has no capabilities; the superuser holds them all, as on Linux by default. */
    static boolean capable(int cap) {
        return Td.curthread().cr_uid == 0;
    }

    static long scull_ioctl(LinuxFile filp, int cmd, long arg) {
        int err = 0;
        int tmp;
        long retval = 0;
        int[] v = {0};

        /*
         * extract the type and number bitfields, and don't decode
         * wrong cmds: return ENOTTY (inappropriate ioctl) before access_ok()
         */
        if (_IOC_TYPE(cmd) != SCULL_IOC_MAGIC) {
            return -ENOTTY;
        }
        if (_IOC_NR(cmd) > SCULL_IOC_MAXNR) {
            return -ENOTTY;
        }

        /*
         * the direction is a bitmask, and VERIFY_WRITE catches R/W
         * transfers. `Type' is user-oriented, while
         * access_ok is kernel-oriented, so the concept of "read" and
         * "write" is reversed
         */
        if ((_IOC_DIR(cmd) & _IOC_READ) != 0) {
            err = access_ok(VERIFY_WRITE, arg, _IOC_SIZE(cmd)) ? 0 : 1;
        } else if ((_IOC_DIR(cmd) & _IOC_WRITE) != 0) {
            err = access_ok(VERIFY_READ, arg, _IOC_SIZE(cmd)) ? 0 : 1;
        }
        if (err != 0) {
            return -EFAULT;
        }

        // __get_user leaves 0 in its variable when the user address faults, hence v[0] = 0 before each one.
        if (cmd == SCULL_IOCRESET) {
            scull_quantum = SCULL_QUANTUM;
            scull_qset = SCULL_QSET;
        } else if (cmd == SCULL_IOCSQUANTUM) { /* Set: arg points to the value */
            if (!capable(CAP_SYS_ADMIN)) {
                return -EPERM;
            }
            v[0] = 0;
            retval = get_user(v, arg);
            scull_quantum = v[0];
        } else if (cmd == SCULL_IOCTQUANTUM) { /* Tell: arg is the value */
            if (!capable(CAP_SYS_ADMIN)) {
                return -EPERM;
            }
            scull_quantum = (int) arg;
        } else if (cmd == SCULL_IOCGQUANTUM) { /* Get: arg is pointer to result */
            retval = put_user(scull_quantum, arg);
        } else if (cmd == SCULL_IOCQQUANTUM) { /* Query: return it (it's positive) */
            return scull_quantum;
        } else if (cmd == SCULL_IOCXQUANTUM) { /* eXchange: use arg as pointer */
            if (!capable(CAP_SYS_ADMIN)) {
                return -EPERM;
            }
            tmp = scull_quantum;
            v[0] = 0;
            retval = get_user(v, arg);
            scull_quantum = v[0];
            if (retval == 0) {
                retval = put_user(tmp, arg);
            }
        } else if (cmd == SCULL_IOCHQUANTUM) { /* sHift: like Tell + Query */
            if (!capable(CAP_SYS_ADMIN)) {
                return -EPERM;
            }
            tmp = scull_quantum;
            scull_quantum = (int) arg;
            return tmp;
        } else if (cmd == SCULL_IOCSQSET) {
            if (!capable(CAP_SYS_ADMIN)) {
                return -EPERM;
            }
            v[0] = 0;
            retval = get_user(v, arg);
            scull_qset = v[0];
        } else if (cmd == SCULL_IOCTQSET) {
            if (!capable(CAP_SYS_ADMIN)) {
                return -EPERM;
            }
            scull_qset = (int) arg;
        } else if (cmd == SCULL_IOCGQSET) {
            retval = put_user(scull_qset, arg);
        } else if (cmd == SCULL_IOCQQSET) {
            return scull_qset;
        } else if (cmd == SCULL_IOCXQSET) {
            if (!capable(CAP_SYS_ADMIN)) {
                return -EPERM;
            }
            tmp = scull_qset;
            v[0] = 0;
            retval = get_user(v, arg);
            scull_qset = v[0];
            if (retval == 0) {
                retval = put_user(tmp, arg);
            }
        } else if (cmd == SCULL_IOCHQSET) {
            if (!capable(CAP_SYS_ADMIN)) {
                return -EPERM;
            }
            tmp = scull_qset;
            scull_qset = (int) arg;
            return tmp;
        } else if (cmd == SCULL_P_IOCTSIZE) {
            /*
             * The following two change the buffer size for scullpipe.
             * The scullpipe device uses this same ioctl method, just to
             * write less code. Actually, it's the same driver, isn't it?
             */
            scull_p_buffer = (int) arg;
        } else if (cmd == SCULL_P_IOCQSIZE) {
            return scull_p_buffer;
        } else { /* redundant, as cmd was checked against MAXNR */
            return -ENOTTY;
        }
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
            .unlocked_ioctl(Scull::scull_ioctl)
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
            scull_sems[i] = new Semaphore(1, "scull");
            scull_cdevs[i] = new LinuxCdev();
            scull_setup_cdev(i);
        }
        return 0; /* succeed */
    }
}
