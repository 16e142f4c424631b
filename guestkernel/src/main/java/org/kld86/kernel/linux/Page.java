package org.kld86.kernel.linux;

import org.kld86.kernel.vm.Vm;
import org.kld86.kernel.vm.VmLayout;

/**
 * A handle for Linux's {@code struct page}: one physical page frame, named by its page frame number. It is an
 * immutable value, so two handles for the same frame are equal; the frame's state (free, allocated, its flags)
 * lives in the kernel's page descriptors, not here.
 *
 * <p>The trap: a page is not an address. Its kernel virtual address ({@code page_address}) exists only for low
 * memory, or for a HighMem page while it is kmapped; ask {@link Highmem#page_address} for it.
 *
 * @param pfn the page frame number (physical address / 4096)
 */
public record Page(int pfn) {

    public Page {
        if (pfn < 0) {
            throw new IllegalArgumentException("page: negative page frame number " + pfn);
        }
    }

    /** page_to_pfn(). */
    public static long page_to_pfn(Page page) {
        return page.pfn;
    }

    /** pfn_to_page(). */
    public static Page pfn_to_page(long pfn) {
        if (pfn < 0 || pfn > 0xFFFFF) {
            throw new IllegalArgumentException(String.format("pfn_to_page: 0x%x is not a 32-bit page frame number", pfn));
        }
        return new Page((int) pfn);
    }

    /**
     * The kernel address of this frame's {@code struct page} in mem_map, which boot places right after the kernel
     * image in low memory, {@link Vm#PAGE_DESCRIPTOR_BYTES} a frame (see {@link Vm}). This is what a C kernel
     * stores when it keeps a {@code struct page *} in guest memory.
     */
    public long memMapAddress() {
        return VmLayout.PAGE_OFFSET + VmLayout.KERNEL_LOAD_PA + VmLayout.KERNEL_IMAGE_BYTES
                + (long) pfn * Vm.PAGE_DESCRIPTOR_BYTES;
    }

    /** page_to_phys(): the physical address of the frame. */
    public long phys() {
        return (long) pfn << VmLayout.PAGE_SHIFT;
    }

    @Override
    public String toString() {
        return String.format("page pfn:%05x", pfn);
    }
}
