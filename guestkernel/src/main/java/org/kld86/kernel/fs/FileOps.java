package org.kld86.kernel.fs;

import static org.kld86.kpi.Errno.ENODEV;
import static org.kld86.kpi.Errno.ENOTTY;

import org.kld86.kpi.Uio;

/**
 * What a kind of open file does (FreeBSD's struct fileops): vnodes, devices, pipes and the terminal each
 * implement these. Methods return 0 or an errno; a read or write reports what it moved by lowering
 * {@code uio_resid}.
 */
public interface FileOps {

    int read(File fp, Uio uio, int flags);

    int write(File fp, Uio uio, int flags);

    /**
     * fo_ioctl: {@code arg} is the caller's raw argument, a user address or a value. A FreeBSD device layer does
     * sys_ioctl's copyin (IOC_IN) and copyout (IOC_OUT) around d_ioctl itself; a Linux file_operations gets the
     * raw arg, as unlocked_ioctl does, and copies what it needs.
     */
    default int ioctl(File fp, long cmd, long arg) {
        return ENOTTY;
    }

    /** fo_stat. */
    default int stat(File fp, Stat sb) {
        return 0;
    }

    /** The last close of the file. */
    default int close(File fp) {
        return 0;
    }

    /** lseek(2) on this file: the new offset, or a negative errno. Files that cannot seek return -ESPIPE. */
    default long seek(File fp, long offset, int whence) {
        return -org.kld86.kpi.Errno.ESPIPE;
    }

    /**
     * mmap(2) of a device: the physical address of the page at {@code offset}, or a negative errno (ENODEV for
     * files that cannot be mapped).
     */
    default long mmap(File fp, long offset, int prot) {
        return -ENODEV;
    }
}
