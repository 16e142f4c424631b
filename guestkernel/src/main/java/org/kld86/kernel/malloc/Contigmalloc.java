package org.kld86.kernel.malloc;

import static org.kld86.kernel.malloc.MallocFlags.M_NOWAIT;
import static org.kld86.kernel.malloc.MallocFlags.M_USE_RESERVE;
import static org.kld86.kernel.malloc.MallocFlags.M_ZERO;

import java.util.HashMap;
import java.util.Map;
import org.kld86.kernel.Kernel;
import org.kld86.kernel.vm.PageDescriptors;
import org.kld86.kernel.vm.PageRequests;
import org.kld86.kernel.vm.VmLayout;

/**
 * contigmalloc(9) and contigfree(9) (sys/kern/kern_malloc.c over kmem_alloc_contig): physically contiguous
 * memory for devices that cannot scatter, between two physical addresses, aligned, and not crossing a boundary.
 *
 * <p>The range is inclusive at both ends, as the man page says ("between physical address 0 and 4194303
 * inclusive" for high = 1 << 22): every byte of the block lies in [low, high]. The block is returned at its
 * direct-map address, so it must lie in low memory. The size is rounded up to whole pages, and that is what the
 * type is charged, with no zone size in its statistics. A request that may sleep is tried three times with
 * reclaim in between and can still fail: waiting cannot create a contiguous run that does not exist.
 *
 * <p>The argument checks panic as the old vm_contig.c did, with the name of this function:
 * {@code contigmalloc: size must not be 0}, {@code contigmalloc: alignment must be a power of 2},
 * {@code contigmalloc: boundary must be a power of 2} (0 means no alignment and no boundary). contigfree must be
 * given the block's address and a size that rounds to the same pages; anything else panics, since freeing
 * the wrong pages would corrupt the page allocator.
 */
final class Contigmalloc {

    private static final long PAGE_MASK = VmLayout.PAGE_SIZE - 1;

    private final Kernel kernel;
    private final Malloc malloc;
    /** Live blocks: direct-map address to page count. */
    private final Map<Long, Integer> blocks = new HashMap<>();

    Contigmalloc(Kernel kernel, Malloc malloc) {
        this.kernel = kernel;
        this.malloc = malloc;
    }

    /**
     * contigmalloc(9): {@code size} bytes, physically contiguous within [{@code low}, {@code high}], starting at
     * a multiple of {@code alignment} and not crossing a multiple of {@code boundary} (0: none). Flags: M_ZERO,
     * M_NOWAIT (M_USE_RESERVE too); others are ignored. Returns the direct-map address, or 0.
     */
    long contigmalloc(long size, MallocType type, int flags, long low, long high, long alignment, long boundary) {
        if (size < 0 || low < 0 || high < 0 || alignment < 0 || boundary < 0) {
            throw new IllegalArgumentException(String.format(
                    "contigmalloc: negative argument (size %d, low %d, high %d, alignment %d, boundary %d)", size, low,
                    high, alignment, boundary));
        }
        long rounded = Malloc.roundPage(size);
        if (rounded == 0) {
            throw kernel.panic("contigmalloc: size must not be 0");
        }
        if ((alignment & (alignment - 1)) != 0) {
            throw kernel.panic("contigmalloc: alignment must be a power of 2");
        }
        if ((boundary & (boundary - 1)) != 0) {
            throw kernel.panic("contigmalloc: boundary must be a power of 2");
        }
        malloc.checkType("contigmalloc", type);
        if (boundary != 0 && boundary < rounded) {
            return 0; // every run this long crosses such a boundary
        }
        int npages = (int) (rounded / VmLayout.PAGE_SIZE);
        long lowPfn = (low + PAGE_MASK) / VmLayout.PAGE_SIZE;
        long highPfn = Math.min((high + 1) / VmLayout.PAGE_SIZE, kernel.vm().layout().lowmemPages());
        if (lowPfn >= highPfn) {
            return 0;
        }
        int alignPages = (int) Math.max(1, alignment / VmLayout.PAGE_SIZE);
        int boundaryPages = (int) (boundary / VmLayout.PAGE_SIZE);
        int mode = PageRequests.NOWARN | ((flags & M_NOWAIT) == 0 ? PageRequests.WAIT : 0)
                | ((flags & M_USE_RESERVE) != 0 ? PageRequests.RESERVE : 0);
        int pfn = kernel.pageRequests().allocContig(npages, (int) lowPfn, (int) highPfn, alignPages, boundaryPages,
                mode);
        if (pfn == PageDescriptors.NO_PFN) {
            return 0;
        }
        long va = kernel.vm().pfnToVirt(pfn);
        if ((flags & M_ZERO) != 0) {
            kernel.memory().fill(va, rounded, 0);
        }
        blocks.put(va, npages);
        type.allocated(rounded);
        return va;
    }

    /** contigfree(9): gives back a block; {@code size} must round to the block's pages. */
    void contigfree(long addr, long size, MallocType type) {
        Integer npages = blocks.get(addr);
        if (npages == null) {
            throw kernel.panic("contigfree: address 0x%x was not allocated by contigmalloc", addr);
        }
        long rounded = Malloc.roundPage(size);
        long have = (long) npages * VmLayout.PAGE_SIZE;
        if (size < 0 || rounded != have) {
            throw kernel.panic("contigfree: size %d does not match the %d bytes allocated at 0x%x", size, have, addr);
        }
        malloc.checkType("contigfree", type);
        blocks.remove(addr);
        int pfn = kernel.vm().virtToPfn(addr);
        for (int i = 0; i < npages; i++) {
            kernel.pageRequests().freePages(pfn + i, 0);
        }
        type.freed(rounded);
    }
}
