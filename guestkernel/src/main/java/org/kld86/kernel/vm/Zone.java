package org.kld86.kernel.vm;

/**
 * A memory zone in Linux's sense: a range of page frames with the same addressing constraint, its buddy free
 * lists, and its watermarks.
 *
 * <p>i386 has three (arch/x86/include/asm/dma.h, include/linux/mmzone.h): DMA below 16 MiB for ISA devices,
 * Normal up to the end of low memory (896 MiB at most), and HighMem above it, which has no permanent kernel
 * mapping. The watermarks are Linux's: {@code min} is the reserve only atomic and emergency requests may dip
 * into, {@code low} is where ordinary requests stop taking pages on the fast path, {@code high} is where
 * reclaim would stop (mm/page_alloc.c {@code __setup_per_zone_wmarks}).
 */
public final class Zone {

    public static final int MAX_PAGE_ORDER = 10;
    public static final int NR_PAGE_ORDERS = MAX_PAGE_ORDER + 1;

    /** Zone indices, lowest first, as {@code enum zone_type}. */
    public static final int DMA = 0;
    public static final int NORMAL = 1;
    public static final int HIGHMEM = 2;
    public static final int ZONES = 3;

    private final int index;
    private final String name;
    final int startPfn;
    final int endPfn;
    /** Heads of the free lists, one per order. */
    final int[] freeHead = new int[NR_PAGE_ORDERS];
    /** Number of free blocks per order (what /proc/buddyinfo shows). */
    final long[] freeBlocks = new long[NR_PAGE_ORDERS];
    long freePages;
    long managedPages;
    long minPages;
    long lowPages;
    long highPages;
    /** lowmem_reserve[j]: pages kept back from requests that could have used the higher zone j. */
    final long[] lowmemReserve = new long[ZONES];

    Zone(int index, String name, int startPfn, int endPfn) {
        this.index = index;
        this.name = name;
        this.startPfn = startPfn;
        this.endPfn = endPfn;
        java.util.Arrays.fill(freeHead, PageDescriptors.NO_PFN);
    }

    public int index() {
        return index;
    }

    /** "DMA", "Normal" or "HighMem". */
    public String name() {
        return name;
    }

    public int startPfn() {
        return startPfn;
    }

    public int endPfn() {
        return endPfn;
    }

    public boolean contains(int pfn) {
        return pfn >= startPfn && pfn < endPfn;
    }

    /** Pages the allocator manages here (present RAM minus what boot reserved). */
    public long managedPages() {
        return managedPages;
    }

    public long freePages() {
        return freePages;
    }

    public long freeBlocks(int order) {
        return freeBlocks[order];
    }

    public long minWatermark() {
        return minPages;
    }

    public long lowWatermark() {
        return lowPages;
    }

    public long highWatermark() {
        return highPages;
    }

    public long lowmemReserve(int classZone) {
        return lowmemReserve[classZone];
    }

    /** Whether this zone has any RAM (only populated zones appear in /proc/buddyinfo). */
    public boolean populated() {
        return managedPages > 0;
    }

    @Override
    public String toString() {
        return String.format("zone %s pfn %#x-%#x free %d/%d min %d low %d high %d", name, startPfn, endPfn,
                freePages, managedPages, minPages, lowPages, highPages);
    }
}
