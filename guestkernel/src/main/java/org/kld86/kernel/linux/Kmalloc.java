package org.kld86.kernel.linux;

import static org.kld86.kernel.linux.Gfp.*;

import java.nio.charset.StandardCharsets;
import org.kld86.kernel.Kernel;
import org.kld86.kernel.malloc.MallocFlags;
import org.kld86.kernel.uma.UmaSlab;
import org.kld86.kernel.uma.UmaZone;
import org.kld86.kernel.vm.KernelMemory;
import org.kld86.kernel.vm.PageDescriptors;
import org.kld86.kernel.vm.VmLayout;
import org.kld86.kernel.vm.Zone;

/**
 * kmalloc and its family ({@code include/linux/slab.h}, {@code mm/slab_common.c}, {@code mm/slub.c},
 * {@code mm/util.c}): general-purpose kernel memory in power-of-two-ish size classes, physically contiguous, not
 * zeroed.
 *
 * <p>The size classes are the kmalloc caches, made at boot in this order and so listed in /proc/slabinfo the
 * other way round:
 * <pre>
 *   size      cache          size        cache        size        cache
 *   1..8      kmalloc-8      97..128     kmalloc-128  1025..2048  kmalloc-2k
 *   9..16     kmalloc-16     129..192    kmalloc-192  2049..4096  kmalloc-4k
 *   17..32    kmalloc-32     193..256    kmalloc-256  4097..8192  kmalloc-8k
 *   33..64    kmalloc-64     257..512    kmalloc-512  8193..4 MiB pages of order get_order(size)
 *   65..96    kmalloc-96     513..1024   kmalloc-1k   above 4 MiB NULL and a WARN_ON_ONCE
 * </pre>
 * (kmalloc_size_index[] for sizes up to 192, fls(size - 1) above), and the same thirteen as dma-kmalloc-N with
 * slabs from ZONE_DMA for GFP_DMA. The names are those of kmalloc_info[] in Linux 5.x: 3.10 wrote out the
 * decimal size ({@code kmalloc-1024}, {@code kmalloc-8192}).
 *
 * <p>Above KMALLOC_MAX_CACHE_SIZE (8 KiB) a request takes a block of pages straight from the page allocator,
 * as kmalloc_large does, with the same GFP rules as alloc_pages; the block's head page records its order in the
 * page descriptor's slab pointer (where Linux keeps a compound page's order, and FreeBSD's malloc_large its
 * size), which is how kfree and ksize know it. Above KMALLOC_MAX_SIZE (4 MiB, the largest block the buddy
 * allocator has) kmalloc returns NULL with a one-time WARN_ON_ONCE, unless __GFP_NOWARN.
 *
 * <p>The traps: kmalloc(0) is not NULL but ZERO_SIZE_PTR (16), which faults when used and which kfree, like
 * NULL, ignores; the memory is not zeroed and holds whatever its last user left (there is no poisoning, as in
 * SLUB without slub_debug); ksize may be more than was asked for, and only that much may be used; kfree of
 * anything kmalloc did not return is a BUG ({@code kernel BUG at}, as Linux's BUG_ON(!PageCompound(page))).
 */
public final class Kmalloc {

    /** ZERO_SIZE_PTR: what kmalloc(0) returns; any access faults. */
    public static final long ZERO_SIZE_PTR = 16;
    public static final int KMALLOC_SHIFT_LOW = 3;
    public static final int KMALLOC_SHIFT_HIGH = VmLayout.PAGE_SHIFT + 1;
    public static final int KMALLOC_SHIFT_MAX = Zone.MAX_PAGE_ORDER + VmLayout.PAGE_SHIFT;
    /** The largest request served from a kmalloc cache: 8 KiB. */
    public static final long KMALLOC_MAX_CACHE_SIZE = 1L << KMALLOC_SHIFT_HIGH;
    /** The largest request kmalloc can serve: 4 MiB. */
    public static final long KMALLOC_MAX_SIZE = 1L << KMALLOC_SHIFT_MAX;
    public static final int KMALLOC_MIN_SIZE = 1 << KMALLOC_SHIFT_LOW;
    /** ARCH_KMALLOC_MINALIGN: every kmalloc object is aligned to 8 bytes. */
    public static final int ARCH_KMALLOC_MINALIGN = 8;
    private static final long SIZE_MAX = 0xFFFF_FFFFL;
    private static final long PAGE_MASK = VmLayout.PAGE_SIZE - 1;

    /** kmalloc_size_index[(size - 1) / 8] for sizes 1..192: the cache index (1 is 96, 2 is 192). */
    private static final byte[] SIZE_INDEX = {3, 4, 5, 5, 6, 6, 6, 6, 1, 1, 1, 1, 7, 7, 7, 7, 2, 2, 2, 2, 2, 2, 2, 2};
    /** kmalloc_info[].name's short size by index. */
    private static final String[] SHORT_NAME = {null, "96", "192", "8", "16", "32", "64", "128", "256", "512", "1k",
        "2k", "4k", "8k"};
    /** The order the caches are made in (create_kmalloc_caches: 96 after 64, 192 after 128). */
    private static final int[] CREATION_ORDER = {3, 4, 5, 6, 1, 7, 2, 8, 9, 10, 11, 12, 13};

    /** The mark on the head page of a page-backed kmalloc block: its order. */
    private record LargeBlock(int order) {
    }

    private static final LargeBlock[] LARGE = new LargeBlock[Zone.NR_PAGE_ORDERS];

    static {
        for (int i = 0; i < LARGE.length; i++) {
            LARGE[i] = new LargeBlock(i);
        }
    }

    private final Kernel kernel;
    private final Slab slab;
    private final PageAlloc pages;
    private final Bug bug;
    private final KernelMemory memory;
    private final PageDescriptors descriptors;
    private final VmLayout layout;
    /** high_memory: the end of the direct map. */
    private final long directMapEnd;
    private final KmemCache[] caches = new KmemCache[KMALLOC_SHIFT_HIGH + 1];
    private final KmemCache[] dmaCaches = new KmemCache[KMALLOC_SHIFT_HIGH + 1];
    /** The zones of {@link #caches}, one pointer fewer to follow on the way to an object. */
    private final UmaZone[] zones = new UmaZone[KMALLOC_SHIFT_HIGH + 1];

    /** create_kmalloc_caches(): kmalloc-8 .. kmalloc-8k, then dma-kmalloc-8 .. dma-kmalloc-8k. */
    Kmalloc(Kernel kernel, Slab slab, PageAlloc pages, Bug bug) {
        this.kernel = kernel;
        this.slab = slab;
        this.pages = pages;
        this.bug = bug;
        this.memory = kernel.memory();
        this.descriptors = kernel.vm().pages();
        this.layout = kernel.vm().layout();
        this.directMapEnd = layout.highMemory();
        for (int i : CREATION_ORDER) {
            caches[i] = slab.createCache("kmalloc-" + SHORT_NAME[i], 0, kmalloc_size(i), ARCH_KMALLOC_MINALIGN, 0,
                    null);
        }
        for (int i : CREATION_ORDER) {
            dmaCaches[i] = slab.createCache("dma-kmalloc-" + SHORT_NAME[i], 0, kmalloc_size(i),
                    ARCH_KMALLOC_MINALIGN, Slab.SLAB_CACHE_DMA, null);
            zones[i] = caches[i].zone;
        }
    }

    // ---------------------------------------------------------------------------------------------------------
    // Size classes

    /**
     * kmalloc_index(): the cache index for a request of 1..8192 bytes (0 for 0): 3..13 for 8..8192 bytes,
     * 1 for kmalloc-96 and 2 for kmalloc-192.
     */
    public static int kmalloc_index(long size) {
        if (size < 0 || size > KMALLOC_MAX_CACHE_SIZE) {
            throw new IllegalArgumentException("kmalloc_index: " + size + " is not a kmalloc cache size");
        }
        if (size == 0) {
            return 0;
        }
        if (size <= 192) {
            return SIZE_INDEX[(int) ((size - 1) >>> 3)];
        }
        return 64 - Long.numberOfLeadingZeros(size - 1); // fls(size - 1)
    }

    /** kmalloc_size(): the object size of cache index {@code i}. */
    public static int kmalloc_size(int i) {
        return switch (i) {
            case 1 -> 96;
            case 2 -> 192;
            default -> {
                if (i < KMALLOC_SHIFT_LOW || i > KMALLOC_SHIFT_HIGH) {
                    throw new IllegalArgumentException("kmalloc_size: no cache index " + i);
                }
                yield 1 << i;
            }
        };
    }

    /** The cache a request of {@code size} (1..8192) bytes with {@code gfp} is served from. */
    public KmemCache cacheFor(long size, int gfp) {
        int i = kmalloc_index(size);
        return (gfp & __GFP_DMA) != 0 ? dmaCaches[i] : caches[i];
    }

    boolean isKmallocCache(KmemCache s) {
        for (int i = 1; i < caches.length; i++) {
            if (caches[i] == s || dmaCaches[i] == s) {
                return true;
            }
        }
        return false;
    }

    // ---------------------------------------------------------------------------------------------------------
    // kmalloc

    /** kmalloc(): {@code size} bytes, not zeroed; ZERO_SIZE_PTR for 0; 0 (NULL) on failure. */
    public long kmalloc(long size, int gfp) {
        checkSize("kmalloc", size);
        if (size > KMALLOC_MAX_CACHE_SIZE) {
            return kmallocLarge(size, gfp);
        }
        if (size == 0) {
            return ZERO_SIZE_PTR;
        }
        int i = size <= 192 ? SIZE_INDEX[(int) ((size - 1) >>> 3)] : 64 - Long.numberOfLeadingZeros(size - 1);
        if ((gfp & (__GFP_DMA | __GFP_WAIT | Slab.GFP_SLAB_BUG_MASK | __GFP_NORETRY | __GFP_HIGH | __GFP_ZERO))
                == __GFP_WAIT && !kernel.inInterrupt()) {
            // The common case, GFP_KERNEL from a process: M_WAITOK, which never fails.
            return zones[i].alloc(MallocFlags.M_WAITOK);
        }
        return slab.slabAlloc((gfp & __GFP_DMA) != 0 ? dmaCaches[i] : caches[i], gfp);
    }

    /** kzalloc(): kmalloc, zeroed. */
    public long kzalloc(long size, int gfp) {
        return kmalloc(size, gfp | __GFP_ZERO);
    }

    /** kmalloc_array(): {@code n * size} bytes, or NULL if the product overflows a size_t. */
    public long kmalloc_array(long n, long size, int gfp) {
        checkSize("kmalloc_array", n);
        checkSize("kmalloc_array", size);
        if (size != 0 && n > SIZE_MAX / size) {
            return 0;
        }
        return kmalloc(n * size, gfp);
    }

    /** kcalloc(): kmalloc_array, zeroed. */
    public long kcalloc(long n, long size, int gfp) {
        return kmalloc_array(n, size, gfp | __GFP_ZERO);
    }

    /**
     * kmalloc_large() / kmalloc_order(): a block of 2^get_order(size) pages, marked so that kfree knows its order.
     */
    private long kmallocLarge(long size, int gfp) {
        if (size > KMALLOC_MAX_SIZE) {
            bug.warnOnOnce((gfp & __GFP_NOWARN) == 0);
            return 0;
        }
        if ((gfp & Slab.GFP_SLAB_BUG_MASK) != 0) {
            kernel.console().printf("gfp: %d%n", gfp & Slab.GFP_SLAB_BUG_MASK);
            throw bug.bug("kmalloc: memory for kmalloc cannot honour gfp 0x%x (__GFP_HIGHMEM or __GFP_DMA32)", gfp);
        }
        int order = PageAlloc.get_order(size);
        Page page = pages.alloc_pages(gfp | __GFP_COMP, order);
        if (page == null) {
            return 0;
        }
        descriptors.setSlab(page.pfn(), LARGE[order]);
        return pages.page_address(page);
    }

    /** kstrdup(): a kmalloc'ed copy of {@code s} with its NUL, or 0. */
    public long kstrdup(String s, int gfp) {
        if (s == null) {
            return 0;
        }
        byte[] b = s.getBytes(StandardCharsets.ISO_8859_1);
        long va = kmalloc(b.length + 1, gfp);
        if (va != 0) {
            memory.write(va, b, 0, b.length);
            memory.write8(va + b.length, 0);
        }
        return va;
    }

    // ---------------------------------------------------------------------------------------------------------
    // kfree, ksize, krealloc

    /** kfree(): gives back what kmalloc returned; NULL and ZERO_SIZE_PTR do nothing; anything else is a BUG. */
    public void kfree(long x) {
        // virt_to_head_page(): kmalloc memory is always in the direct map, so its frame is one subtraction away.
        if (x >= VmLayout.PAGE_OFFSET && x < directMapEnd) {
            int pfn = (int) ((x - VmLayout.PAGE_OFFSET) >>> VmLayout.PAGE_SHIFT);
            Object owner = descriptors.slab(pfn);
            // page->slab_cache: the cache's zone, read from the page itself rather than through the slab and its
            // keg; null for any page but a slab cache's (a large block, or a slab whose keg lost its zone).
            if (descriptors.slabCache(pfn) instanceof UmaZone z && z.owner() instanceof KmemCache s
                    && owner instanceof UmaSlab us) {
                slab.slabFree(s, z, us, x, "kfree");
                return;
            }
            if (owner instanceof LargeBlock b && (x & PAGE_MASK) == 0) {
                pages.__free_pages(new Page(pfn), b.order);
                return;
            }
        } else if (x >= 0 && x <= ZERO_SIZE_PTR) {
            return;
        }
        throw bug.bug("kfree: 0x%08x was not allocated by kmalloc", x);
    }

    /**
     * ksize(): the bytes the caller may use at {@code x}: the cache's object size, or the whole page block of a
     * large kmalloc; 0 for ZERO_SIZE_PTR. NULL is a BUG (mm/slab.c's BUG_ON(!objp)); a direct-map address that
     * is neither is 3.10's WARN_ON(!PageCompound(page)), and the answer is one page.
     */
    public long ksize(long x) {
        if (x == ZERO_SIZE_PTR) {
            return 0;
        }
        if (x == 0) {
            throw bug.bug("ksize: NULL pointer");
        }
        KmemCache s = slab.cacheOf(x);
        if (s != null) {
            return s.objectSize;
        }
        LargeBlock b = largeBlock(x);
        if (b != null) {
            return (long) VmLayout.PAGE_SIZE << b.order;
        }
        if (!layout.isDirectMapped(x)) {
            throw bug.bug("ksize: 0x%08x is not a kernel direct-map address", x);
        }
        bug.warnOn(true);
        return VmLayout.PAGE_SIZE;
    }

    /**
     * krealloc() (mm/util.c): the block at {@code p} grown to {@code newSize}. The block is kept while
     * ksize(p) covers the new size; otherwise a new one is kmalloc'ed, ksize(p) bytes copied and {@code p}
     * freed. On failure NULL is returned and {@code p} is left alone. krealloc(NULL, n) is kmalloc(n);
     * krealloc(p, 0) frees {@code p} and returns ZERO_SIZE_PTR. __GFP_ZERO zeroes only a new block.
     */
    public long krealloc(long p, long newSize, int gfp) {
        checkSize("krealloc", newSize);
        if (newSize == 0) {
            kfree(p);
            return ZERO_SIZE_PTR;
        }
        long ks = p == 0 ? 0 : ksize(p);
        if (ks >= newSize) {
            return p;
        }
        long ret = kmalloc(newSize, gfp);
        if (ret != 0 && p != 0) {
            memory.copy(ret, p, ks);
            kfree(p);
        }
        return ret;
    }

    /** The mark of the page-backed kmalloc block that starts at {@code x}, or null. */
    private LargeBlock largeBlock(long x) {
        if ((x & PAGE_MASK) != 0 || !layout.isDirectMapped(x)) {
            return null;
        }
        int pfn = (int) ((x - VmLayout.PAGE_OFFSET) >>> VmLayout.PAGE_SHIFT);
        return descriptors.slab(pfn) instanceof LargeBlock b ? b : null;
    }

    private static void checkSize(String fn, long size) {
        if (size < 0 || size > SIZE_MAX) {
            throw new IllegalArgumentException(fn + ": size " + size + " is not a size_t");
        }
    }

    // ---------------------------------------------------------------------------------------------------------
    // Accessors

    /** kmalloc_caches[i]: the cache of index {@code i} (see {@link #kmalloc_index}). */
    public KmemCache kmallocCache(int i) {
        kmalloc_size(i);
        return caches[i];
    }

    /** kmalloc_dma_caches[i]. */
    public KmemCache dmaCache(int i) {
        kmalloc_size(i);
        return dmaCaches[i];
    }
}
