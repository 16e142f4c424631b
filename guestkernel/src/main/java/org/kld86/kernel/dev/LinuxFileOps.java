package org.kld86.kernel.dev;

import static org.kld86.kpi.Errno.EFAULT;
import static org.kld86.kpi.Errno.EINVAL;
import static org.kld86.kpi.Errno.ENODEV;
import static org.kld86.kpi.Errno.ENOTTY;

import java.util.TreeMap;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.kld86.kernel.Kernel;
import org.kld86.kernel.fs.File;
import org.kld86.kernel.fs.FileOps;
import org.kld86.kernel.fs.Stat;
import org.kld86.kernel.kld.KernelModule;
import org.kld86.kernel.kld.LinkerFile;
import org.kld86.kernel.kld.ModuleCalls;
import org.kld86.kernel.vfs.Vnode;
import org.kld86.kernel.vm.VmLayout;
import org.kld86.kernel.vm.VmSpace;
import org.kld86.kpi.FileOperations;
import org.kld86.kpi.Inode;
import org.kld86.kpi.Iovec;
import org.kld86.kpi.LinuxErrno;
import org.kld86.kpi.LinuxFile;
import org.kld86.kpi.Uio;
import org.kld86.kpi.VmAreaStruct;
import org.kld86.kpi.VmFault;
import org.kld86.kpi.VmOperationsStruct;

/**
 * An open file whose methods are a Linux {@code struct file_operations} (a character device, or a /proc entry
 * made with proc_create): the VFS side of Linux's read(2), write(2), lseek(2), ioctl(2), mmap(2) and close(2).
 *
 * <ul>
 *   <li>read and write call the method once per user buffer with a pointer to the position, and the position
 *       the method leaves is the file's new offset (vfs_read: {@code file_pos_write}); a negative return is the
 *       errno, a missing method EINVAL;</li>
 *   <li>lseek calls llseek, or {@link LinuxFile#default_llseek} without one;</li>
 *   <li>ioctl gives unlocked_ioctl the raw argument; a non-negative return is ioctl(2)'s value; a missing method
 *       or -ENOIOCTLCMD is ENOTTY;</li>
 *   <li>mmap builds the vm area over the range the kernel chose and calls the method once; afterwards each page
 *       comes from the frames it mapped with remap_pfn_range / vm_insert_pfn, or from its vm_ops fault method.
 *       The mapping holds the file (and so the module) until it goes, when vm_ops close runs;</li>
 *   <li>the last close calls release and lets go of the module.</li>
 * </ul>
 * Module code runs through {@link ModuleCalls}; once the code is gone (or a /proc entry removed) every operation
 * answers {@code deadErrno} without entering it.
 */
public final class LinuxFileOps implements FileOps {

    /** A mapping's state: the vm area and the frames mapped into it so far, by user page address. */
    static final class Vma {
        final VmAreaStruct vma;
        final TreeMap<Long, Long> pfns = new TreeMap<>();

        Vma(VmAreaStruct vma) {
            this.vma = vma;
        }
    }

    private final Chrdevs chrdevs;
    private final LinuxFile filp;
    private final Inode inode;
    private final Vnode node;
    private final LinkerFile code;
    private final KernelModule owner;
    private final BooleanSupplier live;
    private final int deadErrno;
    private boolean released;

    private LinuxFileOps(Chrdevs chrdevs, LinuxFile filp, Inode inode, Vnode node, LinkerFile code, KernelModule owner,
            BooleanSupplier live, int deadErrno) {
        this.chrdevs = chrdevs;
        this.filp = filp;
        this.inode = inode;
        this.node = node;
        this.code = code;
        this.owner = owner;
        this.live = live;
        this.deadErrno = deadErrno;
    }

    /**
     * do_dentry_open(): the struct file, then the open method. The caller has taken the module reference; on
     * failure it gives it back.
     *
     * @return the file, or null with the errno in {@code err[0]}
     */
    public static File open(Chrdevs chrdevs, FileOperations fops, Inode inode, Vnode node, LinkerFile code,
            KernelModule owner, int fflags, String path, BooleanSupplier live, int deadErrno, int[] err) {
        int fmode = (fflags & File.FREAD) != 0 ? LinuxFile.FMODE_READ : 0;
        fmode |= (fflags & File.FWRITE) != 0 ? LinuxFile.FMODE_WRITE : 0;
        fmode |= LinuxFile.FMODE_LSEEK | LinuxFile.FMODE_PREAD | LinuxFile.FMODE_PWRITE;
        int openFlags = (fflags & ~3) | ((fflags & 3) - 1);
        LinuxFile filp = new LinuxFile(fops, inode, openFlags, fmode);
        LinuxFileOps ops = new LinuxFileOps(chrdevs, filp, inode, node, code, owner, live, deadErrno);
        if (fops.open != null) {
            FileOperations.Open open = fops.open;
            int ret = ops.call(() -> (long) open.open(inode, filp)).intValue();
            if (ret < 0) {
                err[0] = LinuxErrno.toErrno(ret);
                return null;
            }
        }
        return new File(ops, filp, fflags & 0x1_00CF, path);
    }

    private Long call(Supplier<Long> body) {
        Kernel k = chrdevs.kernel();
        return code == null ? body.get() : ModuleCalls.call(k, code, body);
    }

    private int io(File fp, Uio uio, boolean write) {
        if (!live.getAsBoolean()) {
            return deadErrno;
        }
        FileOperations fops = filp.f_op;
        if (write ? fops.write == null : fops.read == null) {
            return EINVAL;
        }
        if (uio.uio_segflg != Uio.UIO_USERSPACE) {
            return EFAULT; // the methods take user pointers only
        }
        filp.f_pos = fp.offset;
        long[] pos = {uio.uio_offset};
        for (Iovec iov : uio.uio_iov) {
            if (iov.iov_len == 0) {
                continue;
            }
            long base = iov.iov_base;
            long count = iov.iov_len;
            long ret = write ? call(() -> fops.write.write(filp, base, count, pos))
                    : call(() -> fops.read.read(filp, base, count, pos));
            if (ret < 0) {
                uio.uio_offset = pos[0];
                filp.f_pos = pos[0];
                return LinuxErrno.toErrno(ret);
            }
            long n = Math.min(ret, count);
            iov.iov_base += n;
            iov.iov_len -= n;
            uio.uio_resid -= n;
            if (n < count) {
                break;
            }
        }
        uio.uio_offset = pos[0];
        filp.f_pos = pos[0];
        return 0;
    }

    @Override
    public int read(File fp, Uio uio, int flags) {
        return io(fp, uio, false);
    }

    @Override
    public int write(File fp, Uio uio, int flags) {
        return io(fp, uio, true);
    }

    @Override
    public long seek(File fp, long offset, int whence) {
        if (!live.getAsBoolean()) {
            return -deadErrno;
        }
        filp.f_pos = fp.offset;
        FileOperations.Llseek llseek = filp.f_op.llseek;
        long ret = llseek == null ? LinuxFile.default_llseek(filp, offset, whence)
                : call(() -> llseek.llseek(filp, offset, whence));
        if (ret < 0) {
            return -LinuxErrno.toErrno(ret);
        }
        fp.offset = filp.f_pos;
        return ret;
    }

    @Override
    public int ioctl(File fp, long cmd, long arg) {
        long r = ioctlValue(fp, cmd, arg);
        return r < 0 ? (int) -r : 0;
    }

    @Override
    public long ioctlValue(File fp, long cmd, long arg) {
        if (!live.getAsBoolean()) {
            return -deadErrno;
        }
        FileOperations.UnlockedIoctl ioctl = filp.f_op.unlocked_ioctl;
        if (ioctl == null) {
            return -ENOTTY;
        }
        filp.f_pos = fp.offset;
        long ret = call(() -> ioctl.unlocked_ioctl(filp, (int) cmd, arg));
        fp.offset = filp.f_pos;
        return ret < 0 ? -LinuxErrno.toErrno(ret) : ret;
    }

    @Override
    public int stat(File fp, Stat sb) {
        node.getattr(sb);
        return 0;
    }

    @Override
    public Vnode vnode(File fp) {
        return node;
    }

    /** mmap_region() for a Linux file: the vm area, the method, and a pager over what the method set up. */
    @Override
    public VmSpace.Pager mmapPager(File fp, long va, long length, long offset, int prot, int[] err) {
        if (!live.getAsBoolean()) {
            err[0] = deadErrno;
            return null;
        }
        FileOperations.Mmap mmap = filp.f_op.mmap;
        if (mmap == null) {
            err[0] = ENODEV;
            return null;
        }
        int flags = VmAreaStruct.VM_SHARED;
        flags |= (prot & VmSpace.PROT_READ) != 0 ? VmAreaStruct.VM_READ : 0;
        flags |= (prot & VmSpace.PROT_WRITE) != 0 ? VmAreaStruct.VM_WRITE : 0;
        flags |= (prot & VmSpace.PROT_EXEC) != 0 ? VmAreaStruct.VM_EXEC : 0;
        long len = (length + 0xFFF) & ~0xFFFL;
        VmAreaStruct vma = new VmAreaStruct(va, va + len, offset >>> VmLayout.PAGE_SHIFT, flags, prot, filp);
        Vma state = new Vma(vma);
        chrdevs.addVma(vma, state);
        long ret = call(() -> (long) mmap.mmap(filp, vma));
        if (ret < 0) {
            chrdevs.removeVma(vma);
            err[0] = LinuxErrno.toErrno(ret);
            return null;
        }
        fp.hold(); // the mapping keeps the file, and through it the module
        return new VmSpace.Pager() {
            @Override
            public long pageAt(long off) {
                return page(state, va + off);
            }

            @Override
            public void unmapped() {
                VmOperationsStruct ops = vma.vm_ops;
                if (ops != null && ops.close != null && live.getAsBoolean()) {
                    VmOperationsStruct.VmaHook close = ops.close;
                    call(() -> {
                        close.call(vma);
                        return 0L;
                    });
                }
                chrdevs.removeVma(vma);
                fp.drop();
            }
        };
    }

    /** A fault at user address {@code addr}: a frame mapped already, or the fault method's answer; -1 is SIGSEGV. */
    private long page(Vma state, long addr) {
        Long pfn = state.pfns.get(addr);
        if (pfn != null) {
            return pfn << VmLayout.PAGE_SHIFT;
        }
        VmAreaStruct vma = state.vma;
        VmOperationsStruct ops = vma.vm_ops;
        if (ops == null || ops.fault == null || !live.getAsBoolean()) {
            return -1;
        }
        VmOperationsStruct.Fault fault = ops.fault;
        VmFault vmf = new VmFault(0, vma.vm_pgoff + ((addr - vma.vm_start) >>> VmLayout.PAGE_SHIFT), addr);
        long ret = call(() -> (long) fault.fault(vma, vmf));
        if ((ret & VmOperationsStruct.VM_FAULT_ERROR) != 0) {
            return -1;
        }
        if (vmf.page != 0) {
            long first = VmLayout.PAGE_OFFSET + VmLayout.KERNEL_LOAD_PA + VmLayout.KERNEL_IMAGE_BYTES;
            long frame = (vmf.page - first) / org.kld86.kernel.vm.Vm.PAGE_DESCRIPTOR_BYTES;
            if (vmf.page < first || (vmf.page - first) % org.kld86.kernel.vm.Vm.PAGE_DESCRIPTOR_BYTES != 0) {
                return -1; // not a struct page
            }
            state.pfns.put(addr, frame);
            return frame << VmLayout.PAGE_SHIFT;
        }
        pfn = state.pfns.get(addr);
        return pfn == null ? -1 : pfn << VmLayout.PAGE_SHIFT;
    }

    /** __fput(): release, then the module goes free. close(2) does not see release's result. */
    @Override
    public int close(File fp) {
        try {
            if (live.getAsBoolean()) {
                releaseNow();
            }
        } finally {
            if (owner != null) {
                owner.put();
            }
        }
        return 0;
    }

    /**
     * Calls the release method now, once: at the last close, or earlier when a /proc entry is removed under
     * its open files (close_pdeo), after which the file only answers the dead errno.
     */
    public void releaseNow() {
        if (released) {
            return;
        }
        released = true;
        FileOperations.Release release = filp.f_op.release;
        if (release != null) {
            call(() -> (long) release.release(inode, filp));
        }
    }

    /** The open file of an ops (for the /proc entry that tracks its open files). */
    public static LinuxFileOps of(File fp) {
        return fp.ops instanceof LinuxFileOps l ? l : null;
    }
}
