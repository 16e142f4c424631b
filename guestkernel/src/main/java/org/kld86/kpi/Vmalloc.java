package org.kld86.kpi;

import org.kld86.kernel.Kernel;
import org.kld86.kernel.linux.Page;

/**
 * linux/vmalloc.h: memory contiguous in kernel virtual addresses but not physically (LDD3 ch. 8; scullv), for
 * large buffers no device needs to reach. Sizes are rounded up to whole pages, and each area is followed by an
 * unmapped guard page; /proc/vmallocinfo lists the areas with the function that asked for them.
 *
 * <p>Traps: vmalloc may sleep, so never in interrupt context; its memory is useless for DMA (use
 * {@link Mm#virt_to_phys} only on kmalloc or page memory); vfree takes exactly the address vmalloc returned.
 */
public final class Vmalloc {

    private Vmalloc() {
    }

    private static org.kld86.kernel.linux.Vmalloc v() {
        return Kernel.current().linux().vmalloc();
    }

    /** vmalloc(): {@code size} bytes, page-rounded, not zeroed; 0 on failure. */
    public static long vmalloc(long size) {
        return v().vmalloc(size);
    }

    /** vzalloc(): vmalloc, zeroed. */
    public static long vzalloc(long size) {
        return v().vzalloc(size);
    }

    /** vfree(): 0 is ignored; any other address must be one vmalloc returned. */
    public static void vfree(long addr) {
        v().vfree(addr);
    }

    /** vmalloc_to_page(): the page mapped at {@code addr}, or null. */
    public static PageRef vmalloc_to_page(long addr) {
        Page p = v().vmalloc_to_page(addr);
        return p == null ? null : new PageRef(p.pfn());
    }

    /** vmalloc_to_pfn(): the frame mapped at {@code addr}, or -1. */
    public static long vmalloc_to_pfn(long addr) {
        return v().vmalloc_to_pfn(addr);
    }

    /** is_vmalloc_addr(). */
    public static boolean is_vmalloc_addr(long addr) {
        return v().is_vmalloc_addr(addr);
    }

    /** VMALLOC_START. */
    public static long VMALLOC_START() {
        return v().vmallocStart();
    }

    /** VMALLOC_END. */
    public static long VMALLOC_END() {
        return v().vmallocEnd();
    }
}
