package org.kld86.kernel.vm;

import java.util.Arrays;

/**
 * One descriptor per physical page frame, the role of Linux's {@code struct page} and FreeBSD's
 * {@code vm_page}: what the frame is used for, its buddy order, who owns it, and for slab pages the slab that
 * lives there. Kept as parallel arrays indexed by page frame number, since a 3 GiB machine has 786432 frames.
 *
 * <p>The buddy allocator threads its free lists through {@link #next}/{@link #prev}, the way Linux threads them
 * through {@code page->lru}. {@link #slab} is what lets {@code free(addr)} find the zone of an item from its
 * address alone (FreeBSD's {@code vtoslab}, which reads it from the vm_page).
 */
public final class PageDescriptors {

    /** Not RAM, or RAM the firmware or the kernel image holds: never handed out. */
    public static final byte RESERVED = 0;
    /** Part of a free buddy block. */
    public static final byte FREE = 1;
    /** Handed out by the page allocator. */
    public static final byte ALLOCATED = 2;

    /** Head of a free buddy block of order {@link #order}. */
    public static final int PG_BUDDY = 1;
    /** First page of an allocated block of order {@link #order} (Linux's compound head). */
    public static final int PG_HEAD = 1 << 1;
    /** A page backing a UMA slab or a kmem_cache slab. */
    public static final int PG_SLAB = 1 << 2;
    /** A page of a vmalloc area. */
    public static final int PG_VMALLOC = 1 << 3;
    /** A page of a page table or page directory. */
    public static final int PG_PGTABLE = 1 << 4;
    /** A page of a large malloc(9) (kmem arena). */
    public static final int PG_LARGE = 1 << 5;
    /** A page of a contigmalloc(9) block. */
    public static final int PG_CONTIG = 1 << 6;

    public static final int NO_PFN = -1;

    final byte[] state;
    final byte[] order;
    final int[] flags;
    final int[] next;
    final int[] prev;
    private final Object[] slab;
    private final Object[] slabCache;

    PageDescriptors(int frames) {
        state = new byte[frames];
        order = new byte[frames];
        flags = new int[frames];
        next = new int[frames];
        prev = new int[frames];
        slab = new Object[frames];
        slabCache = new Object[frames];
        Arrays.fill(next, NO_PFN);
        Arrays.fill(prev, NO_PFN);
    }

    public int frames() {
        return state.length;
    }

    public byte state(int pfn) {
        return state[pfn];
    }

    public int order(int pfn) {
        return order[pfn];
    }

    public int flags(int pfn) {
        return flags[pfn];
    }

    public boolean hasFlag(int pfn, int flag) {
        return (flags[pfn] & flag) != 0;
    }

    public void setFlag(int pfn, int flag) {
        flags[pfn] |= flag;
    }

    public void clearFlag(int pfn, int flag) {
        flags[pfn] &= ~flag;
    }

    /** The slab (UMA or kmem_cache) that occupies {@code pfn}, or null. */
    public Object slab(int pfn) {
        return slab[pfn];
    }

    /** Records that {@code pfn} belongs to {@code owner} (null to clear): the vm_page's slab pointer. */
    public void setSlab(int pfn, Object owner) {
        slab[pfn] = owner;
    }

    /**
     * The cache the objects in {@code pfn} are freed to (Linux's {@code page->slab_cache}; for a UMA slab page the
     * keg's zone), or null: one load from an object's frame to its cache, where {@link #slab} needs two more.
     * Cleared with the slab pointer when the frame is freed.
     */
    public Object slabCache(int pfn) {
        return slabCache[pfn];
    }

    /** Sets {@link #slabCache}. */
    public void setSlabCache(int pfn, Object cache) {
        slabCache[pfn] = cache;
    }

    /** Whether {@code pfn} is a frame this machine has at all. */
    public boolean valid(int pfn) {
        return pfn >= 0 && pfn < state.length;
    }
}
