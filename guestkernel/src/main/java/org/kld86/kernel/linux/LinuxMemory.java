package org.kld86.kernel.linux;

import java.util.Collection;
import org.kld86.kernel.Kernel;
import org.kld86.kernel.vm.Pmap;
import org.kld86.kernel.vm.VmLayout;

/**
 * The Linux memory API of the kernel, built at boot: pages and GFP flags ({@link PageAlloc}), HighMem mappings
 * ({@link Highmem}), vmalloc ({@link Vmalloc}), ioremap and the MMIO accessors ({@link Ioremap}), the slab caches
 * ({@link Slab}) and kmalloc ({@link Kmalloc}) on the kernel's UMA, and the /proc texts that show them
 * ({@link ProcMm}).
 *
 * <p>Boot ({@code vmalloc_init}, {@code permanent_kmaps_init}): the page tables of the whole vmalloc area, the
 * pkmap area and the fixmap are created now, once. i386 Linux creates the pkmap and fixmap tables at boot too,
 * but vmalloc's on demand, and never frees them. There is a tradeoff here: building them up front costs one
 * page per 4 MiB of vmalloc space (about 230 pages on a 64 MiB machine, 14 above 896 MiB), and in exchange a
 * vmalloc or ioremap never needs a page it did not ask for, so the free page count after vfree/iounmap is
 * exactly what it was before, and no mapping can fail for want of a page table.
 *
 * <p>Boot ends, as malloc(9)'s does, with a uma_reclaim: what building the kmalloc caches left in UMA's caches
 * goes back, so the state after boot is the one every later reclaim returns to.
 */
public final class LinuxMemory {

    private final Bug bug;
    private final Highmem highmem;
    private final PageAlloc pages;
    private final VmAreas areas;
    private final Vmalloc vmalloc;
    private final Ioremap io;
    private final Slab slab;
    private final Kmalloc kmalloc;
    private final ProcMm proc;

    /** Builds the API on a booting kernel, after its VM system and page request policy exist. */
    public LinuxMemory(Kernel kernel) {
        this.bug = new Bug(kernel);
        this.highmem = new Highmem(kernel, bug);
        this.pages = new PageAlloc(kernel, highmem, bug);
        this.areas = new VmAreas(kernel, bug);
        this.vmalloc = new Vmalloc(kernel, areas, pages, bug);
        this.io = new Ioremap(kernel, areas, bug);
        this.slab = new Slab(kernel, pages, bug);
        this.kmalloc = slab.kmalloc();
        this.proc = new ProcMm(kernel, areas, slab);
        proc.setSlabPages(slab::reclaimablePages, slab::unreclaimablePages);
        Pmap pmap = kernel.vm().pmap();
        VmLayout layout = kernel.vm().layout();
        createPageTables(pmap, layout.vmallocStart(), layout.vmallocEnd());
        createPageTables(pmap, Highmem.PKMAP_BASE, 1L << 32);
        kernel.malloc().uma().reclaim();
    }

    /**
     * Makes sure every 4 MiB of {@code [startVa, endVa)} has a page table, by entering and removing one mapping
     * in each (the pmap's way of growing kernel page tables); the PTEs are left empty.
     */
    private static void createPageTables(Pmap pmap, long startVa, long endVa) {
        for (long va = startVa & ~((4L << 20) - 1); va < endVa; va += 4L << 20) {
            long probe = Math.max(va, startVa);
            pmap.enterKernel(probe, 0, 0);
            pmap.removeKernel(probe);
        }
    }

    /** alloc_pages, __get_free_pages, free_pages and the rest of the page API. */
    public PageAlloc pages() {
        return pages;
    }

    /** kmap, kunmap, kmap_atomic, kunmap_atomic, page_address. */
    public Highmem highmem() {
        return highmem;
    }

    /** vmalloc, vzalloc, vfree, vmalloc_to_page. */
    public Vmalloc vmalloc() {
        return vmalloc;
    }

    /** ioremap, iounmap, readb/w/l, writeb/w/l. */
    public Ioremap io() {
        return io;
    }

    /** kmem_cache_create, kmem_cache_alloc, kmem_cache_free, kmem_cache_destroy. */
    public Slab slab() {
        return slab;
    }

    /** kmalloc, kzalloc, kcalloc, krealloc, kfree, ksize. */
    public Kmalloc kmalloc() {
        return kmalloc;
    }

    /** /proc/buddyinfo, /proc/vmallocinfo, /proc/meminfo, /proc/slabinfo. */
    public ProcMm proc() {
        return proc;
    }

    /** The live vm areas (vmalloc and ioremap) in address order. */
    public Collection<VmArea> vmAreas() {
        return areas.areas();
    }

    /** Pages of freed vm areas whose addresses wait for the next lazy purge. */
    public long lazilyFreedPages() {
        return areas.lazyPages();
    }
}
