package org.kld86.kpi;

import org.kld86.kernel.linux.Page;

/**
 * {@code struct vm_fault}: the page a fault handler is asked for ({@code pgoff}, the page index in the file,
 * and the faulting user address) and where it answers: {@code page}, the {@code struct page *} of the frame to
 * map (the address of the frame's entry in mem_map, what virt_to_page() returns), or nothing after it mapped the
 * frame itself with {@link VmAreaStruct#vm_insert_pfn} and returned {@link VmOperationsStruct#VM_FAULT_NOPAGE}.
 */
public final class VmFault {

    public final int flags;
    public final long pgoff;
    public final long virtual_address;
    /** The answer: a struct page pointer, or 0. */
    public long page;

    /** Made by the kernel at fault time. */
    public VmFault(int flags, long pgoff, long virtualAddress) {
        this.flags = flags;
        this.pgoff = pgoff;
        this.virtual_address = virtualAddress;
    }

    /**
     * {@code vmf->page = page}: answers with the page virt_to_page() or vmalloc_to_page() gave (its mem_map
     * address goes into {@link #page}); the fault method then returns 0. LDD3's scullp_vma_nopage also takes a
     * reference with get_page(), because Linux drops one when the page is unmapped; a mapping here neither takes
     * nor drops one, so the driver must keep the page until its mappings are gone (scullp's trim refuses while
     * vmas != 0).
     */
    public void page(PageRef p) {
        this.page = p == null ? 0 : new Page(p.pfn).memMapAddress();
    }

    /** FAULT_FLAG_WRITE: the access was a write. */
    public static final int FAULT_FLAG_WRITE = 0x01;
}
