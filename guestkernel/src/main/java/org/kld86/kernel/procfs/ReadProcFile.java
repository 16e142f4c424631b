package org.kld86.kernel.procfs;

import static org.kld86.kpi.Errno.EFAULT;
import static org.kld86.kpi.Errno.EIO;

import org.kld86.kernel.Kernel;
import org.kld86.kernel.fs.File;
import org.kld86.kernel.fs.FileOps;
import org.kld86.kernel.fs.Stat;
import org.kld86.kernel.kld.ModuleCalls;
import org.kld86.kernel.vm.PageRequests;
import org.kld86.kernel.vm.VmLayout;
import org.kld86.kernel.vm.Zone;
import org.kld86.kpi.LinuxProc;
import org.kld86.kpi.Printk;
import org.kld86.kpi.Uio;

/**
 * An open /proc file of create_proc_read_entry (Linux 2.6's fs/proc/generic.c {@code __proc_file_read}): each
 * read(2) gets a free page and calls the entry's read_proc function for at most {@link #PROC_BLOCK_SIZE} bytes
 * at a time:
 * {@code int read_proc(char *page, char **start, off_t off, int count, int *eof, void *data)}.
 *
 * <p>The function answers in one of three ways, told apart by {@code *start}:
 * <ol>
 *   <li>{@code *start} left NULL: it wrote the whole file from the start of the page and returns its length;
 *       the kernel hands out the part from {@code off};</li>
 *   <li>{@code *start} set to a small number (below the page's address, "a hack"): it wrote {@code n} bytes from
 *       the start of the page, and {@code *start} is how far the offset moves;</li>
 *   <li>{@code *start} pointing into the page: the data for {@code off} begins there.</li>
 * </ol>
 * Setting {@code *eof} ends the loop. A page overrun is reported as Linux reports it ("proc_file_read:
 * Apparent buffer overflow!") and cut to the page.
 */
final class ReadProcFile implements FileOps {

    /** PROC_BLOCK_SIZE: a page less a margin for the functions that overrun a little. */
    static final int PROC_BLOCK_SIZE = VmLayout.PAGE_SIZE - 1024;

    private final Kernel kernel;
    private final ProcEntry entry;

    ReadProcFile(Kernel kernel, ProcEntry entry) {
        this.kernel = kernel;
        this.entry = entry;
    }

    @Override
    public int read(File fp, Uio uio, int flags) {
        if (entry.removed || !kernel.procfs().alive(entry)) {
            return EIO;
        }
        int pfn = kernel.pageRequests().allocPages(0, Zone.NORMAL, PageRequests.WAIT);
        long page = kernel.vm().pfnToVirt(pfn);
        try {
            return readPages(page, uio);
        } finally {
            kernel.pageRequests().freePages(pfn, 0);
        }
    }

    private int readPages(long page, Uio uio) {
        final int pageSize = VmLayout.PAGE_SIZE;
        long pos = uio.uio_offset;
        long nbytes = uio.uio_resid;
        boolean eof = false;
        int retval = 0;
        while (nbytes > 0 && !eof) {
            int count = (int) Math.min(PROC_BLOCK_SIZE, nbytes);
            long[] start = {0};
            int[] eofp = {0};
            long off = pos;
            LinuxProc.ReadProc fn = entry.readProc;
            int n = call(() -> fn.read_proc(page, start, off, count, eofp, entry.data));
            eof = eofp[0] != 0;
            if (n == 0) {
                break;
            }
            if (n < 0) {
                if (retval == 0) {
                    retval = n;
                }
                break;
            }
            long src;
            boolean hack = start[0] != 0 && Long.compareUnsigned(start[0], page) < 0;
            if (start[0] == 0) {
                if (n > pageSize) {
                    Printk.printk(Printk.KERN_ERR + "proc_file_read: Apparent buffer overflow!\n");
                    n = pageSize;
                }
                n -= (int) Math.min(pos, Integer.MAX_VALUE);
                if (n <= 0) {
                    break;
                }
                if (n > count) {
                    n = count;
                }
                src = page + pos;
            } else if (hack) {
                if (n > pageSize) {
                    Printk.printk(Printk.KERN_ERR + "proc_file_read: Apparent buffer overflow!\n");
                    n = pageSize;
                }
                if (n > count) {
                    // do not reduce n: it might cut off part of a data block
                    Printk.printk(Printk.KERN_WARNING + "proc_file_read: Read count exceeded\n");
                }
                src = page;
            } else {
                long startoff = start[0] - page;
                if (n > pageSize - startoff) {
                    Printk.printk(Printk.KERN_ERR + "proc_file_read: Apparent buffer overflow!\n");
                    n = (int) (pageSize - startoff);
                }
                if (n > count) {
                    n = count;
                }
                src = start[0];
            }
            long before = uio.uio_resid;
            int error = Uio.uiomove(src, Math.min(n, uio.uio_resid), uio);
            int moved = (int) (before - uio.uio_resid);
            if (error != 0 || moved == 0) {
                if (retval == 0) {
                    retval = -EFAULT;
                }
                break;
            }
            pos += hack ? start[0] : moved;
            nbytes -= moved;
            retval += moved;
        }
        uio.uio_offset = pos;
        return retval < 0 ? org.kld86.kpi.LinuxErrno.toErrno(retval) : 0;
    }

    private int call(java.util.function.Supplier<Integer> body) {
        return entry.file == null ? body.get() : ModuleCalls.call(kernel, entry.file, body);
    }

    @Override
    public int write(File fp, Uio uio, int flags) {
        return org.kld86.kpi.Errno.EBADF;
    }

    @Override
    public long seek(File fp, long offset, int whence) {
        long base = switch (whence) {
            case 0 -> 0;
            case 1 -> fp.offset;
            default -> -1;
        };
        if (base < 0 || base + offset < 0) {
            return -org.kld86.kpi.Errno.EINVAL;
        }
        fp.offset = base + offset;
        return fp.offset;
    }

    @Override
    public int stat(File fp, Stat sb) {
        entry.getattr(sb);
        return 0;
    }
}
