package org.kld86.kpi;

/**
 * {@code struct file_operations}: a Linux driver's methods, filled like C's designated initialisers
 * (LDD3's scull):
 *
 * <pre>
 * static final FileOperations scull_fops = new FileOperations()   // struct file_operations scull_fops = {
 *         .owner(THIS_MODULE())                                   //     .owner =          THIS_MODULE,
 *         .llseek(Scull::scull_llseek)                            //     .llseek =         scull_llseek,
 *         .read(Scull::scull_read)                                //     .read =           scull_read,
 *         .write(Scull::scull_write)                              //     .write =          scull_write,
 *         .unlocked_ioctl(Scull::scull_ioctl)                     //     .unlocked_ioctl = scull_ioctl,
 *         .open(Scull::scull_open)                                //     .open =           scull_open,
 *         .release(Scull::scull_release);                         //     .release =        scull_release,
 *                                                                 // };
 * </pre>
 *
 * Methods return 0 or a count, or a negative errno ({@code -EFAULT}); the user sees the errno. read and write
 * get the user's buffer address (move data with {@link Uaccess#copy_to_user} and friends) and a pointer to the
 * file position to advance. A missing read or write is EINVAL, a missing ioctl ENOTTY, a missing mmap ENODEV; a
 * missing llseek is {@link LinuxFile#default_llseek}.
 *
 * <p>Trap: with {@code owner} set, the module cannot be unloaded while a file of it is open (kldunload gets
 * EBUSY); without it, the kernel cannot pin it, and the files of an unloaded module answer ENXIO.
 */
public class FileOperations {

    /** {@code loff_t (*llseek)(struct file *, loff_t, int)}: the new position, which it also stores in f_pos. */
    @FunctionalInterface
    public interface Llseek {
        long llseek(LinuxFile filp, long off, int whence);
    }

    /** {@code ssize_t (*read)(struct file *, char __user *buf, size_t count, loff_t *f_pos)}. */
    @FunctionalInterface
    public interface Read {
        long read(LinuxFile filp, long buf, long count, long[] f_pos);
    }

    /** {@code ssize_t (*write)(struct file *, const char __user *buf, size_t count, loff_t *f_pos)}. */
    @FunctionalInterface
    public interface Write {
        long write(LinuxFile filp, long buf, long count, long[] f_pos);
    }

    /**
     * {@code long (*unlocked_ioctl)(struct file *, unsigned int cmd, unsigned long arg)}: {@code arg} is the
     * user's raw argument (copy what it points at with copy_from_user/get_user). A non-negative return is what
     * ioctl(2) returns.
     */
    @FunctionalInterface
    public interface UnlockedIoctl {
        long unlocked_ioctl(LinuxFile filp, int cmd, long arg);
    }

    /** {@code int (*mmap)(struct file *, struct vm_area_struct *)}. */
    @FunctionalInterface
    public interface Mmap {
        int mmap(LinuxFile filp, VmAreaStruct vma);
    }

    /** {@code int (*open)(struct inode *, struct file *)}. */
    @FunctionalInterface
    public interface Open {
        int open(Inode inode, LinuxFile filp);
    }

    /** {@code int (*release)(struct inode *, struct file *)}: at the last close of the open file. */
    @FunctionalInterface
    public interface Release {
        int release(Inode inode, LinuxFile filp);
    }

    public KldModule owner;
    public Llseek llseek;
    public Read read;
    public Write write;
    public UnlockedIoctl unlocked_ioctl;
    public Mmap mmap;
    public Open open;
    public Release release;

    public FileOperations owner(KldModule m) {
        this.owner = m;
        return this;
    }

    public FileOperations llseek(Llseek f) {
        this.llseek = f;
        return this;
    }

    public FileOperations read(Read f) {
        this.read = f;
        return this;
    }

    public FileOperations write(Write f) {
        this.write = f;
        return this;
    }

    public FileOperations unlocked_ioctl(UnlockedIoctl f) {
        this.unlocked_ioctl = f;
        return this;
    }

    public FileOperations mmap(Mmap f) {
        this.mmap = f;
        return this;
    }

    public FileOperations open(Open f) {
        this.open = f;
        return this;
    }

    public FileOperations release(Release f) {
        this.release = f;
        return this;
    }
}
