package org.kld86.kernel.vm;

import static org.kld86.kernel.vm.PageDescriptors.*;

import java.util.ArrayList;
import java.util.List;

/**
 * The physical page allocator: a binary buddy allocator with orders 0-10 per zone, as Linux's mm/page_alloc.c.
 *
 * <p>A free block of order n is 2^n frames aligned to 2^n; its head carries PG_BUDDY and the order, and sits on
 * its zone's free list for that order. Allocating splits the smallest sufficient block, putting the upper halves
 * back ({@code expand()}); freeing merges a block with its buddy (frame number XOR 2^n) for as long as the buddy
 * is a free block of the same order in the same zone ({@code __free_one_page()}). Free lists are LIFO, so the
 * most recently freed block is reused first and a run is deterministic.
 *
 * <p>Unlike Linux, a free with the wrong order, of a page that is not allocated, or of a tail page is caught
 * from the page descriptors and reported with the frame number instead of silently corrupting the free lists
 * ("If you try to free a different number of pages from what you allocated, the memory map becomes corrupted",
 * LDD3 ch. 8). The report uses Linux's words: {@code BUG: Bad page state in process %s  pfn:%05lx}.
 *
 * <p>Watermarks: a request must leave more than the zone's watermark (plus the lowmem reserve that protects the
 * lower zones from requests that could have used a higher one) free; see {@link #watermarkOk}.
 */
public final class PageAllocator {

    /** Take pages only above the low watermark: the fast path of an ordinary request. */
    public static final int ALLOC_WMARK_LOW = 0;
    /** Take pages down to the min watermark. */
    public static final int ALLOC_WMARK_MIN = 1;
    /** Ignore watermarks (boot-time and page-table allocations the kernel cannot do without). */
    public static final int ALLOC_NO_WATERMARKS = 2;
    /** __GFP_HIGH: may go halfway into the min reserve. */
    public static final int ALLOC_HIGH = 1 << 4;
    /** An atomic (non-sleeping) request: may go a further quarter into the reserve. */
    public static final int ALLOC_HARDER = 1 << 5;

    private static final int WMARK_MASK = 3;

    /** Reports misuse (a bad free) and returns; the kernel's console. */
    public interface BadPageReporter {
        void badPage(int pfn, String reason);
    }

    private final PageDescriptors pages;
    private final Zone[] zones;
    private final List<Runnable> freeListeners = new ArrayList<>();
    private BadPageReporter reporter = (pfn, reason) -> {
        throw new IllegalStateException(String.format("BUG: Bad page state pfn:%05x: %s", pfn, reason));
    };
    private long totalFreePages;

    PageAllocator(PageDescriptors pages, Zone[] zones) {
        this.pages = pages;
        this.zones = zones;
    }

    public void setBadPageReporter(BadPageReporter reporter) {
        this.reporter = reporter;
    }

    /** Runs {@code listener} after every free: how sleeping allocations learn that memory came back. */
    public void addFreeListener(Runnable listener) {
        freeListeners.add(listener);
    }

    public PageDescriptors pages() {
        return pages;
    }

    /** The zones, DMA first; a zone with no RAM is present but not populated. */
    public Zone[] zones() {
        return zones;
    }

    public Zone zoneOf(int pfn) {
        for (Zone z : zones) {
            if (z.contains(pfn)) {
                return z;
            }
        }
        throw new IllegalArgumentException(String.format("pfn %#x is in no zone", pfn));
    }

    public long totalFreePages() {
        return totalFreePages;
    }

    // ---------------------------------------------------------------------------------------------------------
    // Free lists

    private void listAdd(Zone z, int pfn, int order) {
        int head = z.freeHead[order];
        pages.next[pfn] = head;
        pages.prev[pfn] = NO_PFN;
        if (head != NO_PFN) {
            pages.prev[head] = pfn;
        }
        z.freeHead[order] = pfn;
        z.freeBlocks[order]++;
        pages.flags[pfn] |= PG_BUDDY;
        pages.order[pfn] = (byte) order;
        long n = 1L << order;
        z.freePages += n;
        totalFreePages += n;
    }

    private void listDel(Zone z, int pfn, int order) {
        int nx = pages.next[pfn];
        int pv = pages.prev[pfn];
        if (pv != NO_PFN) {
            pages.next[pv] = nx;
        } else {
            z.freeHead[order] = nx;
        }
        if (nx != NO_PFN) {
            pages.prev[nx] = pv;
        }
        pages.next[pfn] = pages.prev[pfn] = NO_PFN;
        pages.flags[pfn] &= ~PG_BUDDY;
        z.freeBlocks[order]--;
        long n = 1L << order;
        z.freePages -= n;
        totalFreePages -= n;
    }

    private boolean isFreeHead(int pfn, int order) {
        return pages.valid(pfn) && (pages.flags[pfn] & PG_BUDDY) != 0 && pages.order[pfn] == order;
    }

    /**
     * Gives the frames {@code [startPfn, endPfn)} to the allocator at boot, in the largest aligned blocks that
     * fit (memblock_free_all), so a zone's buddy lists start out as full as they can be.
     */
    void freeBootRange(int startPfn, int endPfn) {
        int pfn = startPfn;
        while (pfn < endPfn) {
            Zone z = zoneOf(pfn);
            int limit = Math.min(endPfn, z.endPfn);
            int order = Zone.MAX_PAGE_ORDER;
            while (order > 0 && ((pfn & ((1 << order) - 1)) != 0 || pfn + (1 << order) > limit)) {
                order--;
            }
            for (int i = 0; i < (1 << order); i++) {
                pages.state[pfn + i] = FREE;
            }
            z.managedPages += 1L << order;
            mergeAndAdd(z, pfn, order);
            pfn += 1 << order;
        }
    }

    private void mergeAndAdd(Zone z, int pfn, int order) {
        while (order < Zone.MAX_PAGE_ORDER) {
            int buddy = pfn ^ (1 << order);
            if (!z.contains(buddy) || !isFreeHead(buddy, order)) {
                break;
            }
            listDel(z, buddy, order);
            pfn = Math.min(pfn, buddy);
            order++;
        }
        listAdd(z, pfn, order);
    }

    // ---------------------------------------------------------------------------------------------------------
    // Allocation

    /**
     * zone_watermark_ok(): whether taking 2^order pages from {@code z} leaves more than the watermark free,
     * counting the lowmem reserve held for requests whose preferred zone is {@code classZone}.
     */
    public boolean watermarkOk(Zone z, int order, int allocFlags, int classZone) {
        long mark = switch (allocFlags & WMARK_MASK) {
            case ALLOC_WMARK_LOW -> z.lowPages;
            case ALLOC_WMARK_MIN -> z.minPages;
            default -> 0;
        };
        if ((allocFlags & WMARK_MASK) == ALLOC_NO_WATERMARKS) {
            return hasBlock(z, order);
        }
        long min = mark;
        if ((allocFlags & ALLOC_HIGH) != 0) {
            min -= min / 2;
        }
        if ((allocFlags & ALLOC_HARDER) != 0) {
            min -= min / 4;
        }
        long freeAfter = z.freePages - (1L << order) + 1;
        if (freeAfter <= min + z.lowmemReserve[classZone]) {
            return false;
        }
        return hasBlock(z, order);
    }

    private static boolean hasBlock(Zone z, int order) {
        for (int o = order; o <= Zone.MAX_PAGE_ORDER; o++) {
            if (z.freeBlocks[o] > 0) {
                return true;
            }
        }
        return false;
    }

    /**
     * Allocates 2^order contiguous frames from the highest allowed zone down (the zonelist: HighMem, Normal,
     * DMA), subject to the watermark in {@code allocFlags}.
     *
     * @param highestZone the highest zone the request may use ({@link Zone#DMA} for GFP_DMA)
     * @return the first frame, or {@link PageDescriptors#NO_PFN}
     */
    public int alloc(int order, int highestZone, int allocFlags) {
        if (order < 0 || order > Zone.MAX_PAGE_ORDER) {
            return NO_PFN;
        }
        for (int zi = highestZone; zi >= 0; zi--) {
            Zone z = zones[zi];
            if (!z.populated() || !watermarkOk(z, order, allocFlags, highestZone)) {
                continue;
            }
            int pfn = takeFromZone(z, order);
            if (pfn != NO_PFN) {
                return pfn;
            }
        }
        return NO_PFN;
    }

    private int takeFromZone(Zone z, int order) {
        for (int o = order; o <= Zone.MAX_PAGE_ORDER; o++) {
            int pfn = z.freeHead[o];
            if (pfn == NO_PFN) {
                continue;
            }
            listDel(z, pfn, o);
            // expand(): keep the lower half, put the upper halves back on the smaller lists.
            for (int cur = o; cur > order; cur--) {
                listAdd(z, pfn + (1 << (cur - 1)), cur - 1);
            }
            markAllocated(pfn, order);
            return pfn;
        }
        return NO_PFN;
    }

    private void markAllocated(int pfn, int order) {
        for (int i = 0; i < (1 << order); i++) {
            pages.state[pfn + i] = ALLOCATED;
            pages.flags[pfn + i] = 0;
            pages.order[pfn + i] = 0;
        }
        pages.flags[pfn] = PG_HEAD;
        pages.order[pfn] = (byte) order;
    }

    /**
     * Frees the block at {@code pfn} of 2^order frames. A free that does not match an allocation (not allocated,
     * a tail page, another order) is reported through the {@link BadPageReporter} and changes nothing.
     *
     * @return whether the block was freed
     */
    public boolean free(int pfn, int order) {
        if (!pages.valid(pfn)) {
            reporter.badPage(pfn, "free of a frame the machine does not have");
            return false;
        }
        if (pages.state[pfn] != ALLOCATED) {
            reporter.badPage(pfn, pages.state[pfn] == FREE ? "page is already free (double free)"
                    : "page is reserved, never allocated");
            return false;
        }
        if ((pages.flags[pfn] & PG_HEAD) == 0) {
            reporter.badPage(pfn, "page is not the first page of an allocation");
            return false;
        }
        if (pages.order[pfn] != order) {
            reporter.badPage(pfn, String.format("freed with order %d, allocated with order %d", order, pages.order[pfn]));
            return false;
        }
        Zone z = zoneOf(pfn);
        for (int i = 0; i < (1 << order); i++) {
            pages.state[pfn + i] = FREE;
            pages.flags[pfn + i] = 0;
            pages.setSlab(pfn + i, null);
            pages.setSlabCache(pfn + i, null);
        }
        mergeAndAdd(z, pfn, order);
        for (Runnable l : freeListeners) {
            l.run();
        }
        return true;
    }

    // ---------------------------------------------------------------------------------------------------------
    // Physically contiguous runs (contigmalloc, dma_alloc_coherent)

    /**
     * Finds {@code npages} free frames, physically contiguous, with the first at or above {@code lowPfn}, the
     * last below {@code highPfnExclusive}, the first aligned to {@code alignPages}, and the run not crossing a
     * multiple of {@code boundaryPages} (0 = no boundary), then takes them out of the buddy lists. The lowest
     * such run is chosen, so results are deterministic. Each frame is marked allocated as its own order-0 page,
     * so a contiguous run may later be freed a page at a time.
     *
     * @return the first frame, or {@link PageDescriptors#NO_PFN} when no run fits
     */
    public int allocContig(int npages, int lowPfn, int highPfnExclusive, int alignPages, int boundaryPages,
            int allocFlags) {
        if (npages <= 0) {
            return NO_PFN;
        }
        int start = roundUp(Math.max(lowPfn, 0), alignPages);
        int limit = Math.min(highPfnExclusive, pages.frames());
        while (start + npages <= limit) {
            if (boundaryPages != 0 && (start / boundaryPages) != ((start + npages - 1) / boundaryPages)) {
                start = roundUp((start / boundaryPages + 1) * boundaryPages, alignPages);
                continue;
            }
            int bad = firstNotFree(start, npages);
            if (bad < 0) {
                if (!contigWatermarkOk(start, npages, allocFlags)) {
                    return NO_PFN;
                }
                claimRange(start, npages);
                return start;
            }
            start = roundUp(bad + 1, alignPages);
        }
        return NO_PFN;
    }

    private boolean contigWatermarkOk(int start, int npages, int allocFlags) {
        if ((allocFlags & WMARK_MASK) == ALLOC_NO_WATERMARKS) {
            return true;
        }
        Zone z = zoneOf(start);
        long min = (allocFlags & WMARK_MASK) == ALLOC_WMARK_LOW ? z.lowPages : z.minPages;
        if ((allocFlags & ALLOC_HIGH) != 0) {
            min -= min / 2;
        }
        if ((allocFlags & ALLOC_HARDER) != 0) {
            min -= min / 4;
        }
        return totalFreePages - npages > min;
    }

    private static int roundUp(int v, int align) {
        return align <= 1 ? v : ((v + align - 1) / align) * align;
    }

    private int firstNotFree(int start, int npages) {
        for (int i = npages - 1; i >= 0; i--) {
            if (pages.state[start + i] != FREE) {
                return start + i;
            }
        }
        return -1;
    }

    /** Takes the free frames {@code [start, start + n)} out of whatever buddy blocks hold them. */
    private void claimRange(int start, int n) {
        int end = start + n;
        int pfn = start;
        while (pfn < end) {
            int head = NO_PFN;
            int order = 0;
            for (int o = 0; o <= Zone.MAX_PAGE_ORDER; o++) {
                int h = pfn & ~((1 << o) - 1);
                if (isFreeHead(h, o)) {
                    head = h;
                    order = o;
                    break;
                }
            }
            if (head == NO_PFN) {
                throw new IllegalStateException(String.format("claimRange: pfn %#x is free but in no block", pfn));
            }
            Zone z = zoneOf(head);
            listDel(z, head, order);
            carve(z, head, order, start, end);
            pfn = Math.min(end, head + (1 << order));
        }
    }

    /** Splits the block {@code [head, head + 2^order)}: frames inside {@code [start, end)} are taken, others freed. */
    private void carve(Zone z, int head, int order, int start, int end) {
        int blockEnd = head + (1 << order);
        if (blockEnd <= start || head >= end) {
            listAdd(z, head, order);
            return;
        }
        if (head >= start && blockEnd <= end) {
            for (int p = head; p < blockEnd; p++) {
                markAllocated(p, 0);
                pages.flags[p] |= PG_CONTIG;
            }
            return;
        }
        carve(z, head, order - 1, start, end);
        carve(z, head + (1 << (order - 1)), order - 1, start, end);
    }
}
