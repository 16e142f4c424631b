package org.kld86.kernel.procfs;

import org.kld86.kernel.Kernel;
import org.kld86.kernel.vm.PageDescriptors;
import org.kld86.kernel.vm.PageRequests;
import org.kld86.kernel.vm.VmLayout;
import org.kld86.kernel.vm.Zone;

/**
 * The text buffer of a /proc file being read (seq_file's {@code m->buf}): page frames of the direct map, one
 * page at first, doubled whenever the text does not fit (seq_read's "overflow: kfree, kmalloc twice the size,
 * show again"). Text is written into it through the MMU and read out of it with uiomove or copy_to_user.
 */
public final class SeqBuffer {

    /** The largest buffer: text beyond it is refused (seq_read's ENOMEM). */
    public static final int MAX_ORDER = 8;

    private final Kernel kernel;
    private int order = -1;
    private int pfn = PageDescriptors.NO_PFN;
    private long va;
    private int count;
    private boolean overflow;

    public SeqBuffer(Kernel kernel) {
        this.kernel = kernel;
    }

    /** The buffer's kernel address (allocating the first page if needed). */
    public long va() {
        if (order < 0) {
            alloc(0);
        }
        return va;
    }

    public int size() {
        return order < 0 ? 0 : VmLayout.PAGE_SIZE << order;
    }

    /** Bytes of text in the buffer. */
    public int count() {
        return count;
    }

    public boolean overflowed() {
        return overflow;
    }

    /** Empties the buffer (m->count = 0). */
    public void reset() {
        count = 0;
        overflow = false;
    }

    /** Appends bytes; on overflow the buffer is marked full and false returned (seq_printf's -1). */
    public boolean append(byte[] b) {
        long base = va();
        if (overflow || count + b.length > size()) {
            overflow = true;
            count = size();
            return false;
        }
        kernel.memory().write(base + count, b, 0, b.length);
        count += b.length;
        return true;
    }

    /** Doubles the buffer (contents dropped); false when it is as large as it may be. */
    public boolean grow() {
        if (order >= MAX_ORDER) {
            return false;
        }
        int next = order + 1;
        free();
        alloc(next);
        reset();
        return true;
    }

    private void alloc(int o) {
        pfn = kernel.pageRequests().allocPages(o, Zone.NORMAL, PageRequests.WAIT);
        order = o;
        va = kernel.vm().pfnToVirt(pfn);
    }

    /** Gives the pages back. */
    public void free() {
        if (order >= 0) {
            kernel.pageRequests().freePages(pfn, order);
            order = -1;
            pfn = PageDescriptors.NO_PFN;
            va = 0;
        }
        count = 0;
        overflow = false;
    }
}
