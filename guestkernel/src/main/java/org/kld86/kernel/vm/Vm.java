package org.kld86.kernel.vm;

import java.util.List;
import org.kld86.emulator.memory.E820Entry;
import org.kld86.emulator.memory.PhysicalMemory;
import org.kld86.emulator.mmu.Mmu;

/**
 * The virtual memory system as boot leaves it: the layout, the page descriptors, the zones and the buddy
 * allocator, the kernel page tables with paging on, and the kernel virtual address arenas.
 *
 * <p>Boot follows Linux's order (setup_arch, mem_init): read the firmware's E820 map; describe every frame up
 * to the top of RAM; reserve what is not free RAM (holes, firmware areas, page 0 with the real-mode IVT and
 * BIOS data, the kernel image at 4 MiB and, right after it, the memory the page descriptors stand for: 32
 * bytes a frame, as {@code mem_map}); hand every other frame to the buddy allocator; compute the watermarks;
 * build the page directory and the direct map; load CR3 and turn paging on.
 */
public final class Vm {

    /** The size of a page descriptor in guest memory, as {@code sizeof(struct page)} on i386. */
    public static final int PAGE_DESCRIPTOR_BYTES = 32;
    /** sysctl_lowmem_reserve_ratio for DMA, Normal (mm/page_alloc.c). */
    private static final int[] LOWMEM_RESERVE_RATIO = {256, 32, 0};

    private final VmLayout layout;
    private org.kld86.emulator.memory.PhysicalMemory phys;
    private final PageDescriptors pages;
    private final PageAllocator allocator;
    private final Pmap pmap;
    private final KvaArena vmallocArena;
    private final KvaArena kmemArena;
    private final long reservedPages;
    private final long minFreeKbytes;

    private Vm(VmLayout layout, PageDescriptors pages, PageAllocator allocator, Pmap pmap, long reservedPages,
            long minFreeKbytes) {
        this.layout = layout;
        this.pages = pages;
        this.allocator = allocator;
        this.pmap = pmap;
        this.vmallocArena = new KvaArena("vmalloc", layout.vmallocStart(), layout.vmallocEnd());
        this.kmemArena = new KvaArena("kmem", layout.kmemStart(), layout.kmemEnd());
        this.reservedPages = reservedPages;
        this.minFreeKbytes = minFreeKbytes;
    }

    /**
     * Boots the VM system on a machine's memory and MMU.
     *
     * @throws IllegalStateException if the machine has less RAM than the kernel needs
     */
    public static Vm boot(PhysicalMemory phys, Mmu mmu) {
        List<E820Entry> e820 = phys.e820();
        long ramTop = 0;
        for (E820Entry e : e820) {
            if (e.type() == E820Entry.USABLE) {
                ramTop = Math.max(ramTop, e.end());
            }
        }
        if (ramTop < VmLayout.MIN_RAM_BYTES) {
            throw new IllegalStateException(String.format(
                    "vm: %d KiB of RAM is too little: the kernel needs %d MiB", ramTop >> 10, VmLayout.MIN_RAM_BYTES >> 20));
        }
        VmLayout layout = VmLayout.forRamTop(ramTop);
        int frames = (int) (ramTop >>> VmLayout.PAGE_SHIFT);
        PageDescriptors pages = new PageDescriptors(frames);
        int dmaEnd = (int) Math.min(frames, VmLayout.DMA_LIMIT >>> VmLayout.PAGE_SHIFT);
        int lowEnd = (int) layout.lowmemPages();
        Zone[] zones = {
            new Zone(Zone.DMA, "DMA", 0, dmaEnd),
            new Zone(Zone.NORMAL, "Normal", dmaEnd, Math.max(dmaEnd, lowEnd)),
            new Zone(Zone.HIGHMEM, "HighMem", Math.max(dmaEnd, lowEnd), Math.max(Math.max(dmaEnd, lowEnd), frames)),
        };
        PageAllocator allocator = new PageAllocator(pages, zones);

        // What boot keeps: page 0, the kernel image, and mem_map after it.
        boolean[] reserved = new boolean[frames];
        reserved[0] = true;
        long imageStart = VmLayout.KERNEL_LOAD_PA >>> VmLayout.PAGE_SHIFT;
        long memMapBytes = (long) frames * PAGE_DESCRIPTOR_BYTES;
        long imageEnd = (VmLayout.KERNEL_LOAD_PA + VmLayout.KERNEL_IMAGE_BYTES + memMapBytes + VmLayout.PAGE_SIZE - 1)
                >>> VmLayout.PAGE_SHIFT;
        for (long p = imageStart; p < Math.min(imageEnd, frames); p++) {
            reserved[(int) p] = true;
        }
        long usable = 0;
        for (E820Entry e : e820) {
            if (e.type() != E820Entry.USABLE) {
                continue;
            }
            int first = (int) ((e.base() + VmLayout.PAGE_SIZE - 1) >>> VmLayout.PAGE_SHIFT);
            int last = (int) Math.min(frames, e.end() >>> VmLayout.PAGE_SHIFT);
            int run = -1;
            for (int p = first; p <= last; p++) {
                boolean free = p < last && !reserved[p];
                if (free) {
                    usable++;
                    if (run < 0) {
                        run = p;
                    }
                } else if (run >= 0) {
                    allocator.freeBootRange(run, p);
                    run = -1;
                }
            }
        }
        long minFreeKbytes = setupWatermarks(zones);
        Pmap pmap = new Pmap(phys, mmu, allocator, layout);
        pmap.mapLowMemory();
        pmap.activate();
        Vm vm = new Vm(layout, pages, allocator, pmap, frames - usable, minFreeKbytes);
        vm.phys = phys;
        return vm;
    }

    /**
     * Linux's {@code __setup_per_zone_wmarks} and {@code setup_per_zone_lowmem_reserve}: min_free_kbytes is
     * sqrt(16 x lowmem KiB), shared among the low zones by size; HighMem gets a small fixed min; low and high sit
     * max(min/4, 0.1% of the zone) and twice that above min.
     *
     * @return min_free_kbytes
     */
    private static long setupWatermarks(Zone[] zones) {
        long lowmemPages = 0;
        for (Zone z : zones) {
            if (z.index() != Zone.HIGHMEM) {
                lowmemPages += z.managedPages;
            }
        }
        long lowmemKbytes = lowmemPages * (VmLayout.PAGE_SIZE / 1024);
        long minFreeKbytes = Math.max(128, Math.min(262144, (long) Math.sqrt((double) lowmemKbytes * 16)));
        long pagesMin = minFreeKbytes >> (VmLayout.PAGE_SHIFT - 10);
        for (Zone z : zones) {
            long min;
            if (z.index() == Zone.HIGHMEM) {
                min = Math.max(32, Math.min(128, z.managedPages / 1024));
                if (z.managedPages == 0) {
                    min = 0;
                }
            } else {
                min = lowmemPages == 0 ? 0 : pagesMin * z.managedPages / lowmemPages;
            }
            long step = Math.max(min / 4, z.managedPages * 10 / 10000);
            z.minPages = min;
            z.lowPages = min + step;
            z.highPages = min + 2 * step;
        }
        for (int i = 0; i < Zone.ZONES; i++) {
            long above = 0;
            for (int j = i + 1; j < Zone.ZONES; j++) {
                above += zones[j].managedPages;
                zones[i].lowmemReserve[j] = LOWMEM_RESERVE_RATIO[i] == 0 ? 0 : above / LOWMEM_RESERVE_RATIO[i];
            }
        }
        return minFreeKbytes;
    }

    /** The machine's physical memory, for page-level copies that need no mapping. */
    public org.kld86.emulator.memory.PhysicalMemory physicalMemory() {
        return phys;
    }

    public VmLayout layout() {
        return layout;
    }

    public PageDescriptors pages() {
        return pages;
    }

    public PageAllocator allocator() {
        return allocator;
    }

    public Pmap pmap() {
        return pmap;
    }

    /** The arena of vmalloc and ioremap areas. */
    public KvaArena vmallocArena() {
        return vmallocArena;
    }

    /** The kmem arena of FreeBSD's large allocations. */
    public KvaArena kmemArena() {
        return kmemArena;
    }

    /** Frames below the top of RAM that are not free RAM: holes, firmware, kernel image, mem_map. */
    public long reservedPages() {
        return reservedPages;
    }

    public long minFreeKbytes() {
        return minFreeKbytes;
    }

    /** Frames the allocator manages (MemTotal). */
    public long managedPages() {
        long n = 0;
        for (Zone z : allocator.zones()) {
            n += z.managedPages;
        }
        return n;
    }

    /** The direct-map address of frame {@code pfn} (page_address of a low page). */
    public long pfnToVirt(int pfn) {
        return layout.phystoVirt((long) pfn << VmLayout.PAGE_SHIFT);
    }

    /** The frame of a direct-map address. */
    public int virtToPfn(long va) {
        return (int) (layout.virtToPhys(va) >>> VmLayout.PAGE_SHIFT);
    }
}
