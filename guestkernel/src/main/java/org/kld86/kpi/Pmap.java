package org.kld86.kpi;

import org.kld86.kernel.Kernel;

/**
 * vm/pmap.h for drivers: vtophys, the physical address behind a kernel virtual address, found by walking the
 * kernel's page tables in RAM. This is the address a device doing DMA must be given, never the virtual one.
 *
 * <p>Trap: only the page the address lies in is translated; a buffer longer than a page is physically
 * contiguous only if it came from contigmalloc (or fits in one page). An unmapped address gives 0.
 */
public final class Pmap {

    private Pmap() {
    }

    /** vtophys(va): the physical address of kernel address {@code va}, or 0 if nothing is mapped there. */
    public static long vtophys(long va) {
        long pa = Kernel.current().vm().pmap().extract(va);
        return pa < 0 ? 0 : pa;
    }

    /** pmap_kextract(va): the same walk, under the name the pmap layer gives it. */
    public static long pmap_kextract(long va) {
        return vtophys(va);
    }
}
