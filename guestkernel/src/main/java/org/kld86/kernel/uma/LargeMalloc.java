package org.kld86.kernel.uma;

import static org.kld86.kernel.malloc.MallocFlags.M_NOWAIT;
import static org.kld86.kernel.malloc.MallocFlags.M_USE_RESERVE;
import static org.kld86.kernel.malloc.MallocFlags.M_ZERO;

import org.kld86.emulator.mmu.PagingBits;
import org.kld86.kernel.Kernel;
import org.kld86.kernel.vm.KvaArena;
import org.kld86.kernel.vm.PageDescriptors;
import org.kld86.kernel.vm.PageRequests;
import org.kld86.kernel.vm.Pmap;
import org.kld86.kernel.vm.VmLayout;
import org.kld86.kernel.vm.Zone;

/**
 * Large malloc(9) allocations (uma_large_malloc / uma_large_free of FreeBSD 11, over kmem_malloc): whole pages
 * mapped at a range of the kmem arena, each page allocated on its own, so a large allocation needs no physically
 * contiguous memory. The allocation is described by a slab header, an item of "UMA Slabs", that the first page's
 * descriptor points to; every page is marked PG_LARGE. free(9) finds the size again from that descriptor.
 *
 * <p>The arena's page tables are built at boot, the way FreeBSD's pmap_growkernel grows the kernel's page tables
 * and never shrinks them, so a large allocation costs exactly its own pages.
 */
final class LargeMalloc {

    /** The sleep message of a request waiting for room in the arena. */
    static final String WMESG = "kmem arena";

    private final Uma uma;
    private final Kernel kernel;
    private final KvaArena arena;
    private final Pmap pmap;
    private final PageDescriptors pages;
    private final Object arenaChannel = new Object();

    LargeMalloc(Uma uma) {
        this.uma = uma;
        this.kernel = uma.kernel();
        this.arena = kernel.vm().kmemArena();
        this.pmap = kernel.vm().pmap();
        this.pages = kernel.vm().pages();
        for (long va = arena.start(); va < arena.end(); va += 4L << 20) {
            pmap.enterKernel(va, 0, 0);
            pmap.removeKernel(va);
        }
    }

    /** uma_large_malloc(): {@code sizeBytes}, a multiple of the page size; 0 if M_NOWAIT and it cannot be had. */
    long malloc(long sizeBytes, int flags) {
        long header = uma.slabZone().allocItem(null, flags & ~M_ZERO);
        if (header == 0) {
            return 0;
        }
        long va = kmemMalloc(sizeBytes, flags);
        if (va == 0) {
            uma.slabZone().freeItem(header, null, UmaZone.SKIP_NONE);
            return 0;
        }
        int pfn = (int) (pmap.extract(va) >>> VmLayout.PAGE_SHIFT);
        pages.setSlab(pfn, new UmaSlab(va, pfn, sizeBytes, header));
        return va;
    }

    /** uma_large_free(). */
    void free(UmaSlab slab) {
        kmemFree(slab.dataVa, slab.sizeBytes);
        uma.slabZone().freeItem(slab.headerVa, null, UmaZone.SKIP_NONE);
    }

    /**
     * kmem_malloc(): a range of the arena, then a page for each of its pages. A request that may sleep waits for
     * room in the arena if it could ever fit, and panics as old FreeBSD did if it never could.
     */
    private long kmemMalloc(long size, int flags) {
        boolean nowait = (flags & M_NOWAIT) != 0;
        long va;
        while ((va = arena.alloc(size, VmLayout.PAGE_SIZE)) < 0) {
            if (nowait) {
                return 0;
            }
            if (size > arena.end() - arena.start()) {
                throw kernel.panic("kmem_malloc(%d): kmem_map too small: %d total allocated", size,
                        arena.allocatedBytes());
            }
            kernel.scheduler().sleep(arenaChannel, WMESG, 0);
        }
        int mode = PageRequests.NOWARN | (nowait ? 0 : PageRequests.WAIT)
                | ((flags & M_USE_RESERVE) != 0 ? PageRequests.RESERVE : 0);
        int n = (int) (size / VmLayout.PAGE_SIZE);
        for (int i = 0; i < n; i++) {
            int pfn = kernel.pageRequests().allocPages(0, Zone.HIGHMEM, mode);
            if (pfn == PageDescriptors.NO_PFN) {
                unmap(va, i);
                arena.free(va);
                return 0;
            }
            pages.setFlag(pfn, PageDescriptors.PG_LARGE);
            pmap.enterKernel(va + (long) i * VmLayout.PAGE_SIZE, (long) pfn << VmLayout.PAGE_SHIFT,
                    PagingBits.PTE_RW | PagingBits.PTE_G);
        }
        if ((flags & M_ZERO) != 0) {
            kernel.memory().fill(va, size, 0);
        }
        return va;
    }

    /** kmem_free(). */
    private void kmemFree(long va, long size) {
        unmap(va, (int) (size / VmLayout.PAGE_SIZE));
        arena.free(va);
        kernel.scheduler().wakeup(arenaChannel);
    }

    /** Unmaps and frees the first {@code n} pages at {@code va}. */
    private void unmap(long va, int n) {
        for (int i = 0; i < n; i++) {
            long pageVa = va + (long) i * VmLayout.PAGE_SIZE;
            long pa = pmap.extract(pageVa);
            pmap.removeKernel(pageVa);
            kernel.pageRequests().freePages((int) (pa >>> VmLayout.PAGE_SHIFT), 0);
        }
    }
}
