package org.kld86.kpi;

import org.kld86.kernel.Kernel;
import org.kld86.kernel.linux.Highmem;
import org.kld86.kernel.linux.Page;
import org.kld86.kernel.linux.PageAlloc;
import org.kld86.kernel.vm.VmLayout;

/**
 * linux/gfp.h, linux/mm.h and linux/highmem.h: whole pages (LDD3 ch. 8, "get_free_page and Friends"; scullp).
 *
 * <pre>
 * long q = __get_free_pages(GFP_KERNEL, order);      // 2^order pages, physically contiguous, not zeroed
 * if (q == 0) return -Errno.ENOMEM;
 * ...
 * free_pages(q, order);                              // the same order
 * </pre>
 *
 * <p>Addresses are in the kernel's direct map of low memory (PAGE_OFFSET 0xC0000000 + physical address), so
 * {@link #virt_to_phys} of them is the physical address a device needs. Orders run from 0 to 10 (4 MiB); a larger
 * order fails with a warning.
 *
 * <p>Traps: free_pages must be given the order the block was allocated with (the console reports "Bad page
 * state" otherwise, and the block is not freed); __get_free_pages cannot return HighMem pages, which have no
 * permanent address: use {@link #alloc_pages} and {@link #kmap} for those; GFP_KERNEL in interrupt context is a
 * bug.
 */
public final class Mm {

    private Mm() {
    }

    /** log2 of the page size. */
    public static final int PAGE_SHIFT = VmLayout.PAGE_SHIFT;
    /** The page size: 4096 bytes. */
    public static final long PAGE_SIZE = VmLayout.PAGE_SIZE;
    /** PAGE_MASK: ~(PAGE_SIZE - 1) as a 32-bit unsigned long. */
    public static final long PAGE_MASK = 0xFFFF_F000L;
    /** The largest order a block may have: 10, 1024 pages. */
    public static final int MAX_ORDER = PageAlloc.MAX_ORDER_INCLUSIVE + 1;

    private static PageAlloc p() {
        return Kernel.current().linux().pages();
    }

    private static Highmem h() {
        return Kernel.current().linux().highmem();
    }

    /** get_order(): the order of the smallest block of at least {@code size} bytes. */
    public static int get_order(long size) {
        return PageAlloc.get_order(size);
    }

    /** __get_free_pages(): the direct-map address of 2^order pages, or 0. */
    public static long __get_free_pages(int gfp, int order) {
        return p().__get_free_pages(gfp, order);
    }

    /** __get_free_page(): one page, not zeroed. */
    public static long __get_free_page(int gfp) {
        return p().__get_free_page(gfp);
    }

    /** get_zeroed_page(): one zeroed page. */
    public static long get_zeroed_page(int gfp) {
        return p().get_zeroed_page(gfp);
    }

    /** __get_dma_pages(): 2^order pages below 16 MiB. */
    public static long __get_dma_pages(int gfp, int order) {
        return p().__get_dma_pages(gfp, order);
    }

    /** free_pages(): gives back a block; 0 is ignored. */
    public static void free_pages(long addr, int order) {
        p().free_pages(addr, order);
    }

    /** free_page(). */
    public static void free_page(long addr) {
        p().free_page(addr);
    }

    /** alloc_pages(): 2^order pages as a page reference (HighMem allowed with __GFP_HIGHMEM), or null. */
    public static PageRef alloc_pages(int gfp, int order) {
        Page page = p().alloc_pages(gfp, order);
        return page == null ? null : new PageRef(page.pfn());
    }

    /** alloc_page(). */
    public static PageRef alloc_page(int gfp) {
        return alloc_pages(gfp, 0);
    }

    /** __free_pages(). */
    public static void __free_pages(PageRef page, int order) {
        p().__free_pages(new Page(page.pfn), order);
    }

    /** __free_page(). */
    public static void __free_page(PageRef page) {
        __free_pages(page, 0);
    }

    /** page_address(): the kernel address of a low page (or of a kmapped HighMem page), else 0. */
    public static long page_address(PageRef page) {
        return h().page_address(new Page(page.pfn));
    }

    /** virt_to_page() of a direct-map address. */
    public static PageRef virt_to_page(long addr) {
        return new PageRef(Kernel.current().vm().virtToPfn(addr));
    }

    /** page_to_pfn(). */
    public static long page_to_pfn(PageRef page) {
        return page.pfn;
    }

    /** pfn_to_page(). */
    public static PageRef pfn_to_page(long pfn) {
        return new PageRef(Page.pfn_to_page(pfn).pfn());
    }

    /** PageHighMem(): whether the page has no permanent kernel address. */
    public static boolean PageHighMem(PageRef page) {
        return h().PageHighMem(new Page(page.pfn));
    }

    /** kmap(): a kernel address for any page (may sleep; pair with {@link #kunmap}). */
    public static long kmap(PageRef page) {
        return h().kmap(new Page(page.pfn));
    }

    /** kunmap(). */
    public static void kunmap(PageRef page) {
        h().kunmap(new Page(page.pfn));
    }

    /** kmap_atomic(): a short-lived mapping that never sleeps; unmap in reverse order. */
    public static long kmap_atomic(PageRef page) {
        return h().kmap_atomic(new Page(page.pfn));
    }

    /** kunmap_atomic(). */
    public static void kunmap_atomic(long addr) {
        h().kunmap_atomic(addr);
    }

    /** virt_to_phys() / __pa(): the physical address of a direct-map address (anything else is refused). */
    public static long virt_to_phys(long addr) {
        return Kernel.current().vm().layout().virtToPhys(addr);
    }

    /** phys_to_virt() / __va(): the direct-map address of low physical memory. */
    public static long phys_to_virt(long pa) {
        return Kernel.current().vm().layout().phystoVirt(pa);
    }
}
