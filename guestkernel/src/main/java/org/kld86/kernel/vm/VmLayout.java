package org.kld86.kernel.vm;

/**
 * The kernel's virtual and physical layout, computed at boot from the top of RAM, as on i386 Linux with the
 * 3G/1G split (arch/x86/include/asm/pgtable_32_areas.h, arch/x86/mm/pgtable_32.c).
 *
 * <pre>
 *   virtual                                         physical
 *   0x00000000 +---------------------------+
 *              | user space (per process)  |
 *   0xC0000000 +---------------------------+ PAGE_OFFSET       0x00000000
 *              | direct map of low memory  | 4 MiB pages, G    (the first 896 MiB at most)
 *              |   0xC0400000 kernel image |                   0x00400000
 *   high_memory+---------------------------+
 *              | 8 MiB hole (VMALLOC_OFFSET)
 *   VMALLOC_START+-------------------------+
 *              | vmalloc and ioremap areas |  each followed by a guard page
 *   VMALLOC_END+---------------------------+
 *              | 2 guard pages             |
 *   KMEM_START +---------------------------+
 *              | kmem arena                |  FreeBSD's large malloc(9) and kmem_malloc
 *   PKMAP_BASE +---------------------------+ 0xFF800000
 *              | kmap area (highmem)       |  1024 pages
 *   FIXADDR    +---------------------------+ 0xFFC00000 .. 0xFFFFF000 fixmap, unused
 * </pre>
 *
 * <p>Linux keeps {@code MAXMEM = VMALLOC_END - PAGE_OFFSET - __VMALLOC_RESERVE} with a 128 MiB reserve, which is
 * where the classic 896 MiB of low memory comes from; RAM above it is HighMem and has no permanent mapping. The
 * kmem arena is ours: FreeBSD on i386 maps large allocations into kernel_arena, and here that arena sits between
 * the vmalloc area and the kmap area, sized like FreeBSD's vm_kmem_size (a third of RAM, 8 MiB at least,
 * half of what lies above high_memory at most).
 *
 * @param ramTopBytes    one past the highest RAM address
 * @param lowmemTopBytes one past the highest directly mapped physical address (min(RAM top, 896 MiB))
 */
public record VmLayout(long ramTopBytes, long lowmemTopBytes, long vmallocStart, long vmallocEnd, long kmemStart,
        long kmemEnd) {

    public static final int PAGE_SHIFT = 12;
    public static final int PAGE_SIZE = 1 << PAGE_SHIFT;
    public static final long PAGE_OFFSET = 0xC000_0000L;
    /** The most RAM that can be direct-mapped: 896 MiB. */
    public static final long MAXMEM = 896L << 20;
    public static final long VMALLOC_OFFSET = 8L << 20;
    public static final long PKMAP_BASE = 0xFF80_0000L;
    public static final int LAST_PKMAP = 1024;
    public static final long FIXADDR_START = PKMAP_BASE + (long) LAST_PKMAP * PAGE_SIZE;
    /** Physical address of the kernel image, as FreeBSD/i386 loads it (KERNLOAD): 4 MiB. */
    public static final long KERNEL_LOAD_PA = 0x40_0000L;
    /** Size of the kernel image (text, data, bss) reserved at {@link #KERNEL_LOAD_PA}. */
    public static final long KERNEL_IMAGE_BYTES = 0x1E_0000L;
    /** ZONE_DMA ends at 16 MiB: the ISA DMA limit (MAX_DMA_PFN, arch/x86/include/asm/dma.h). */
    public static final long DMA_LIMIT = 16L << 20;
    /** The least RAM the kernel boots on. */
    public static final long MIN_RAM_BYTES = 8L << 20;

    /** The layout for a machine whose RAM ends at {@code ramTopBytes}. */
    public static VmLayout forRamTop(long ramTopBytes) {
        long lowTop = Math.min(ramTopBytes, MAXMEM);
        long highMemory = PAGE_OFFSET + lowTop;
        long vmallocStart = highMemory + VMALLOC_OFFSET;
        long above = PKMAP_BASE - vmallocStart;
        long kmem = Math.min(Math.max(roundUp4M(ramTopBytes / 3), 8L << 20), (above / 2) & ~((4L << 20) - 1));
        long kmemStart = PKMAP_BASE - kmem;
        long vmallocEnd = kmemStart - 2L * PAGE_SIZE;
        return new VmLayout(ramTopBytes, lowTop, vmallocStart, vmallocEnd, kmemStart, PKMAP_BASE);
    }

    private static long roundUp4M(long v) {
        long m = (4L << 20) - 1;
        return (v + m) & ~m;
    }

    /** {@code high_memory}: one past the last directly mapped virtual address. */
    public long highMemory() {
        return PAGE_OFFSET + lowmemTopBytes;
    }

    /** Whether {@code va} lies in the direct map. */
    public boolean isDirectMapped(long va) {
        return va >= PAGE_OFFSET && va < highMemory();
    }

    /** __va(): the direct-map address of low physical memory. */
    public long phystoVirt(long pa) {
        if (pa < 0 || pa >= lowmemTopBytes) {
            throw new IllegalArgumentException(String.format("phys_to_virt: 0x%x is not low memory", pa));
        }
        return PAGE_OFFSET + pa;
    }

    /** __pa() of a direct-map address. */
    public long virtToPhys(long va) {
        if (!isDirectMapped(va)) {
            throw new IllegalArgumentException(String.format("virt_to_phys: 0x%x is not in the direct map", va));
        }
        return va - PAGE_OFFSET;
    }

    public long lowmemPages() {
        return lowmemTopBytes >>> PAGE_SHIFT;
    }

    public long maxPfn() {
        return ramTopBytes >>> PAGE_SHIFT;
    }
}
