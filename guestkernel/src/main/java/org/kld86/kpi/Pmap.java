package org.kld86.kpi;

import org.kld86.kernel.Kernel;

/**
 * machine/pmap.h: what physical address a kernel virtual address maps to, found by walking the kernel's page
 * tables, as a driver needs it to program a DMA engine with a contigmalloc'ed buffer.
 *
 * <p>Trap: only memory that is physically contiguous (contigmalloc, or one page) can be handed to a device as
 * one range; vtophys of the first byte says nothing about the pages after it in a malloc or vmalloc buffer.
 */
public final class Pmap {

    private Pmap() {
    }

    /** vtophys(): the physical address {@code va} maps to, or 0 if it maps nothing. */
    public static long vtophys(long va) {
        long pa = Kernel.current().vm().pmap().extract(va);
        return pa < 0 ? 0 : pa;
    }

    /** pmap_kextract(): the same. */
    public static long pmap_kextract(long va) {
        return vtophys(va);
    }
}
