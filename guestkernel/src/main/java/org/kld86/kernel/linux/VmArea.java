package org.kld86.kernel.linux;

import java.util.Arrays;
import org.kld86.kernel.vm.VmLayout;

/**
 * One area of the vmalloc address space: Linux's {@code struct vm_struct} (include/linux/vmalloc.h, 3.10). It
 * is either a vmalloc area (VM_ALLOC: pages of its own, mapped one by one) or an ioremap area (VM_IOREMAP: a
 * physical range, usually device memory, mapped uncached).
 *
 * <pre>
 *   addr                                         addr + size
 *   +------+------+-- ... --+------+-------------+
 *   | page | page |         | page | guard page  |   size counts the guard page (as /proc/vmallocinfo shows);
 *   +------+------+-- ... --+------+-------------+   the guard is never mapped, so running off the end faults
 * </pre>
 */
public final class VmArea {

    public static final int VM_IOREMAP = 0x0001;
    public static final int VM_ALLOC = 0x0002;
    public static final int VM_MAP = 0x0004;
    public static final int VM_USERMAP = 0x0008;
    /** The pages array was itself vmalloc'ed (more than a page of pointers: areas over 4 MiB). */
    public static final int VM_VPAGES = 0x0010;

    private final long addr;
    private final long sizeBytes;
    private final String caller;
    int flags;
    /** The frames of a vmalloc area, in address order; empty for ioremap. */
    int[] pfns = new int[0];
    long physAddr;
    /** For VM_VPAGES: the vmalloc address of the guest copy of the pages array. */
    long pagesArrayVa;

    VmArea(long addr, long sizeBytes, int flags, String caller) {
        this.addr = addr;
        this.sizeBytes = sizeBytes;
        this.flags = flags;
        this.caller = caller;
    }

    /** The first address. */
    public long addr() {
        return addr;
    }

    /** The size in bytes, guard page included. */
    public long size() {
        return sizeBytes;
    }

    /** get_vm_area_size(): the usable size, without the guard page. */
    public long usableSize() {
        return sizeBytes - VmLayout.PAGE_SIZE;
    }

    public int flags() {
        return flags;
    }

    /** Who asked for the area: the calling method, as {@code Class.method} (Linux prints the caller's symbol). */
    public String caller() {
        return caller;
    }

    /** nr_pages: pages allocated for the area (0 for ioremap). */
    public int nrPages() {
        return pfns.length;
    }

    /** The page frame backing page {@code i} of a vmalloc area. */
    public int pfn(int i) {
        return pfns[i];
    }

    /** The physical address an ioremap area maps (0 for vmalloc). */
    public long physAddr() {
        return physAddr;
    }

    @Override
    public String toString() {
        return String.format("vm area 0x%08x-0x%08x %d flags 0x%x pages %s", addr, addr + sizeBytes, sizeBytes, flags,
                Arrays.toString(pfns));
    }
}
