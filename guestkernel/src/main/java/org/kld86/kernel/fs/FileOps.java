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

    /**
     * What ioctl(2) returns: 0, or the value a Linux driver's unlocked_ioctl returned, or a negated errno. The
     * default is {@link #ioctl}'s errno.
     */
    default long ioctlValue(File fp, long cmd, long arg) {
        return -ioctl(fp, cmd, arg);
    }

    /** fo_stat. */
    default int stat(File fp, Stat sb) {
        return 0;
    }

    /**
     * The vnode the file was opened from, for fchmod and fchown (fo_chmod, fo_chown); null for a pipe or anything
     * else without one, which those calls refuse with EINVAL.
     */
    default org.kld86.kernel.vfs.Vnode vnode(File fp) {
        return null;
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

    /**
     * mmap(2) of this file, once per call, after the kernel has chosen {@code [va, va + length)}: the pager that
     * names each page's frame when it is first touched, or null with the errno in {@code err[0]}. The default is
     * FreeBSD's device pager: the first page must map, and each page is asked of {@link #mmap} at fault time. A
     * Linux file_operations answers differently: its mmap method gets the whole vm area at once.
     */
    default org.kld86.kernel.vm.VmSpace.Pager mmapPager(File fp, long va, long length, long offset, int prot,
            int[] err) {
        long first = mmap(fp, offset, prot);
        if (first < 0) {
            err[0] = (int) -first;
            return null;
        }
        return off -> {
            long pa = mmap(fp, offset + off, prot);
            return pa < 0 ? -1 : pa;
        };
    }
}
