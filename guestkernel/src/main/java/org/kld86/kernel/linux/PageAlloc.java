package org.kld86.kernel.linux;

import static org.kld86.kernel.linux.Gfp.*;

import org.kld86.kernel.Kernel;
import org.kld86.kernel.proc.KThread;
import org.kld86.kernel.vm.KernelMemory;
import org.kld86.kernel.vm.PageDescriptors;
import org.kld86.kernel.vm.PageRequests;
import org.kld86.kernel.vm.VmLayout;
import org.kld86.kernel.vm.Zone;

/**
 * Linux's page allocation API ({@code include/linux/gfp.h}, {@code mm/page_alloc.c}, 3.10): blocks of 2^order
 * physically contiguous pages, as {@code struct page} handles (alloc_pages) or as direct-map addresses
 * (__get_free_pages, LDD3's scullp). The buddy allocator and the sleeping and reserve policy underneath are the
 * kernel's {@link PageRequests}; this class turns GFP flags into its requests and adds Linux's checks and
 * reports:
 * <ul>
 *   <li>a request that may sleep (__GFP_WAIT) made in interrupt context is a bug (might_sleep);</li>
 *   <li>an order above MAX_ORDER - 1 = 10 fails with a one-time WARN unless __GFP_NOWARN;</li>
 *   <li>a failure is reported as {@code %s: page allocation failure: order:%d, mode:0x%x} with the GFP mask,
 *       unless __GFP_NOWARN, at most 10 times in 5 seconds (warn_alloc_failed and its nopage_rs limit);</li>
 *   <li>__GFP_ZERO pages are cleared through the MMU, a HighMem page through a kmap_atomic slot as
 *       clear_highpage() does;</li>
 *   <li>freeing with the wrong order (or twice) is caught by the page allocator, which prints
 *       {@code BUG: Bad page state in process %s  pfn:%05lx} and the reason and leaves the block alone.</li>
 * </ul>
 *
 * <p>The trap LDD3 warns of: free_pages must be given the order the block was allocated with; "the memory map
 * becomes corrupted" otherwise (here: reported, and the block stays allocated).
 */
public final class PageAlloc {

    /** The largest order: MAX_ORDER - 1 = 10 in 3.10 (MAX_PAGE_ORDER in 6.8+), 4 MiB blocks. */
    public static final int MAX_ORDER_INCLUSIVE = Zone.MAX_PAGE_ORDER;

    private final Kernel kernel;
    private final PageRequests requests;
    private final KernelMemory memory;
    private final Highmem highmem;
    private final Bug bug;
    private final Ratelimit nopageRs;

    PageAlloc(Kernel kernel, Highmem highmem, Bug bug) {
        this.kernel = kernel;
        this.requests = kernel.pageRequests();
        this.memory = kernel.memory();
        this.highmem = highmem;
        this.bug = bug;
        this.nopageRs = new Ratelimit("warn_alloc_failed", Ratelimit.DEFAULT_INTERVAL_NANOS, Ratelimit.DEFAULT_BURST,
                () -> kernel.machine().clock().nanos(), kernel.console());
    }

    /**
     * get_order() (include/asm-generic/getorder.h): the order of the smallest block of pages that holds
     * {@code size} bytes, computed as C does it on i386, {@code fls((size - 1) >> PAGE_SHIFT)} in 32-bit unsigned
     * arithmetic: 1..4096 is 0, 4097..8192 is 1, and 0 (which Linux calls undefined) is 20.
     */
    public static int get_order(long size) {
        long pages = ((size - 1) & 0xFFFF_FFFFL) >>> VmLayout.PAGE_SHIFT;
        return 64 - Long.numberOfLeadingZeros(pages);
    }

    // ---------------------------------------------------------------------------------------------------------
    // struct page interface

    /**
     * alloc_pages(): 2^order contiguous pages from the zones {@code gfp} allows.
     *
     * @return the first page, or null (never for a __GFP_WAIT request with a valid order)
     */
    public Page alloc_pages(int gfp, int order) {
        if (maySleep(gfp)) {
            bug.mightSleep();
        }
        if (order < 0 || order > MAX_ORDER_INCLUSIVE) {
            // __alloc_pages_slowpath: "There are several places where we assume that the order value is sane".
            bug.warnOnOnce((gfp & __GFP_NOWARN) == 0);
            return null;
        }
        if ((gfp & __GFP_NOFAIL) != 0) {
            bug.warnOnOnce(order > 1); // buffered_rmqueue: __GFP_NOFAIL is not to be used for order > 1
        }
        // Zeroing and the failure report are done here, in Linux's terms, not by PageRequests.
        int mode = (requestMode(gfp) & ~PageRequests.ZERO) | PageRequests.NOWARN;
        int pfn = requests.allocPages(order, highestZone(gfp), mode);
        if (pfn == PageDescriptors.NO_PFN) {
            warnAllocFailed(gfp, order, null);
            return null;
        }
        if ((gfp & __GFP_ZERO) != 0) {
            for (int i = 0; i < (1 << order); i++) {
                clearHighpage(new Page(pfn + i));
            }
        }
        return new Page(pfn);
    }

    /** alloc_page(): one page. */
    public Page alloc_page(int gfp) {
        return alloc_pages(gfp, 0);
    }

    /** __free_pages(): gives back a block of 2^order pages. */
    public void __free_pages(Page page, int order) {
        requests.freePages(page.pfn(), order);
    }

    /** __free_page(). */
    public void __free_page(Page page) {
        __free_pages(page, 0);
    }

    /** clear_highpage(): zeroes one page through a temporary mapping. */
    void clearHighpage(Page page) {
        long va = highmem.kmap_atomic(page);
        memory.fill(va, VmLayout.PAGE_SIZE, 0);
        highmem.kunmap_atomic(va);
    }

    // ---------------------------------------------------------------------------------------------------------
    // Address interface (LDD3 ch. 8: scullp)

    /**
     * __get_free_pages(): like alloc_pages, but returns the block's direct-map address (0 on failure). A
     * HighMem page has no such address, so __GFP_HIGHMEM is invalid here: 3.10 has a VM_BUG_ON for it and 4.x
     * strips it silently; this kernel warns once and strips it.
     */
    public long __get_free_pages(int gfp, int order) {
        if (bug.warnOnOnce((gfp & __GFP_HIGHMEM) != 0)) {
            gfp &= ~__GFP_HIGHMEM;
        }
        Page page = alloc_pages(gfp, order);
        return page == null ? 0 : highmem.page_address(page);
    }

    /** __get_free_page(): one page, not zeroed. */
    public long __get_free_page(int gfp) {
        return __get_free_pages(gfp, 0);
    }

    /** get_zeroed_page(): one zeroed page. */
    public long get_zeroed_page(int gfp) {
        return __get_free_pages(gfp | __GFP_ZERO, 0);
    }

    /** __get_dma_pages(): a block from ZONE_DMA (below 16 MiB), for ISA DMA. */
    public long __get_dma_pages(int gfp, int order) {
        return __get_free_pages(gfp | GFP_DMA, order);
    }

    /**
     * free_pages(): gives back the block at a direct-map address; 0 is a no-op. An address outside the direct
     * map (a vmalloc address, say) has no struct page to find: Linux's VM_BUG_ON(!virt_addr_valid(addr)),
     * which panics here.
     */
    public void free_pages(long addr, int order) {
        if (addr == 0) {
            return;
        }
        if (!kernel.vm().layout().isDirectMapped(addr)) {
            throw bug.bug("free_pages: 0x%08x is not a direct-map address", addr);
        }
        __free_pages(virt_to_page(addr), order);
    }

    /** free_page(). */
    public void free_page(long addr) {
        free_pages(addr, 0);
    }

    /** virt_to_page() of a direct-map address. */
    public Page virt_to_page(long addr) {
        return new Page(kernel.vm().virtToPfn(addr));
    }

    /** page_address(): see {@link Highmem#page_address}. */
    public long page_address(Page page) {
        return highmem.page_address(page);
    }

    // ---------------------------------------------------------------------------------------------------------
    // Failure report

    /**
     * warn_alloc_failed(): unless __GFP_NOWARN (or rate-limited), prints the caller's message, if any, and
     * {@code %s: page allocation failure: order:%d, mode:0x%x} with the current thread's name.
     */
    void warnAllocFailed(int gfp, int order, String format, Object... args) {
        if ((gfp & __GFP_NOWARN) != 0 || !nopageRs.allow()) {
            return;
        }
        if (format != null) {
            kernel.console().print(String.format(format, args));
        }
        KThread t = kernel.scheduler().current();
        kernel.console().printf("%s: page allocation failure: order:%d, mode:0x%x%n",
                t == null ? "swapper" : t.name(), order, gfp);
    }
}
