package org.kld86.kpi;

import org.kld86.kernel.Kernel;
import org.kld86.kernel.linux.Kmalloc;

/**
 * linux/slab.h: kmalloc and the lookaside caches (LDD3 ch. 8).
 *
 * <pre>
 * long buf = kmalloc(qset * 4, GFP_KERNEL);            // not zeroed
 * if (buf == 0) return -Errno.ENOMEM;
 * ...
 * kfree(buf);
 *
 * KmemCache c = kmem_cache_create("scullc", 4000, 0, SLAB_HWCACHE_ALIGN, null);
 * long q = kmem_cache_alloc(c, GFP_KERNEL);
 * kmem_cache_free(c, q);
 * kmem_cache_destroy(c);                                // every object freed first
 * </pre>
 *
 * <p>kmalloc rounds a request up to its size class (8, 16, 32, 64, 96, 128, 192, 256, 512, 1k, 2k, 4k, 8k; whole
 * page blocks above 8 KiB, nothing above {@link #KMALLOC_MAX_SIZE}); {@link #ksize} tells how much may be used.
 *
 * <p>Traps: kmalloc memory is not zeroed (use {@link #kzalloc}); kmalloc(0) returns {@link #ZERO_SIZE_PTR}, not
 * NULL, and it faults when touched; kfree of anything kmalloc did not return, or of the same pointer twice, stops
 * the kernel; GFP_KERNEL in interrupt context is a bug. A cache's constructor runs when a slab is made, not at
 * every kmem_cache_alloc: give objects back in their constructed state. Cache names appear in /proc/slabinfo,
 * whose columns are separated by blanks, so a name should have none (LDD3: it "cannot contain blanks").
 */
public final class Slab {

    private Slab() {
    }

    /** What kmalloc(0) returns: not NULL, but no memory either. kfree accepts it. */
    public static final long ZERO_SIZE_PTR = Kmalloc.ZERO_SIZE_PTR;
    /** The largest kmalloc: 4 MiB. */
    public static final long KMALLOC_MAX_SIZE = Kmalloc.KMALLOC_MAX_SIZE;
    /** The largest kmalloc served from a slab cache: 8 KiB. */
    public static final long KMALLOC_MAX_CACHE_SIZE = Kmalloc.KMALLOC_MAX_CACHE_SIZE;

    /** Align objects to the hardware cache line (32 bytes here, less for small objects). */
    public static final int SLAB_HWCACHE_ALIGN = org.kld86.kernel.linux.Slab.SLAB_HWCACHE_ALIGN;
    /** Objects in ZONE_DMA, below 16 MiB. */
    public static final int SLAB_CACHE_DMA = org.kld86.kernel.linux.Slab.SLAB_CACHE_DMA;
    /** Panic if the cache cannot be made. */
    public static final int SLAB_PANIC = org.kld86.kernel.linux.Slab.SLAB_PANIC;
    /** The objects are reclaimable (SReclaimable in /proc/meminfo). */
    public static final int SLAB_RECLAIM_ACCOUNT = org.kld86.kernel.linux.Slab.SLAB_RECLAIM_ACCOUNT;
    /** Debugging flags: accepted, no effect here. */
    public static final int SLAB_RED_ZONE = org.kld86.kernel.linux.Slab.SLAB_RED_ZONE;
    /** Debugging flag: accepted, no effect here. */
    public static final int SLAB_POISON = org.kld86.kernel.linux.Slab.SLAB_POISON;

    private static org.kld86.kernel.linux.Kmalloc k() {
        return Kernel.current().linux().kmalloc();
    }

    private static org.kld86.kernel.linux.Slab s() {
        return Kernel.current().linux().slab();
    }

    /** ZERO_OR_NULL_PTR(x): NULL or ZERO_SIZE_PTR. */
    public static boolean ZERO_OR_NULL_PTR(long x) {
        return x >= 0 && x <= ZERO_SIZE_PTR;
    }

    /** kmalloc(): {@code size} bytes, physically contiguous, not zeroed; 0 on failure. */
    public static long kmalloc(long size, int flags) {
        return k().kmalloc(size, flags);
    }

    /** kzalloc(): kmalloc, zeroed. */
    public static long kzalloc(long size, int flags) {
        return k().kzalloc(size, flags);
    }

    /** kmalloc_array(): {@code n * size} bytes, or 0 if the product overflows. */
    public static long kmalloc_array(long n, long size, int flags) {
        return k().kmalloc_array(n, size, flags);
    }

    /** kcalloc(): kmalloc_array, zeroed. */
    public static long kcalloc(long n, long size, int flags) {
        return k().kcalloc(n, size, flags);
    }

    /**
     * krealloc(): the block resized; the contents are kept up to the lesser size; on failure 0, and {@code p} is
     * untouched (and still yours to free). krealloc(p, 0) frees p and returns ZERO_SIZE_PTR.
     */
    public static long krealloc(long p, long newSize, int flags) {
        return k().krealloc(p, newSize, flags);
    }

    /** kfree(): NULL and ZERO_SIZE_PTR are ignored. */
    public static void kfree(long p) {
        k().kfree(p);
    }

    /** ksize(): how many bytes at {@code p} may be used (at least what was asked for). */
    public static long ksize(long p) {
        return k().ksize(p);
    }

    /** kstrdup(): a kmalloc'ed NUL-terminated copy of {@code s} (ISO-8859-1). */
    public static long kstrdup(String s, int flags) {
        return k().kstrdup(s, flags);
    }

    /**
     * kmem_cache_create(): a cache of {@code size}-byte objects.
     *
     * @param align at least this alignment, a power of two (0: the default, 8)
     * @param flags {@link #SLAB_HWCACHE_ALIGN}, {@link #SLAB_CACHE_DMA}, ...
     * @param ctor  run on each object when a new slab is made; may be null
     * @return the cache, or null if the arguments were refused (the console says why)
     */
    public static KmemCache kmem_cache_create(String name, long size, long align, long flags, KmemCache.Ctor ctor) {
        org.kld86.kernel.linux.KmemCache c = s().kmem_cache_create(name, size, align, flags,
                ctor == null ? null : ctor::ctor);
        return c == null ? null : new KmemCache(c);
    }

    /** kmem_cache_alloc(): an object, not zeroed (but constructed once, if the cache has a constructor). */
    public static long kmem_cache_alloc(KmemCache cache, int flags) {
        return s().kmem_cache_alloc(cache.cache, flags);
    }

    /** kmem_cache_zalloc(): an object, zeroed. */
    public static long kmem_cache_zalloc(KmemCache cache, int flags) {
        return s().kmem_cache_zalloc(cache.cache, flags);
    }

    /** kmem_cache_free(): an object back to its cache. */
    public static void kmem_cache_free(KmemCache cache, long obj) {
        s().kmem_cache_free(cache.cache, obj);
    }

    /**
     * kmem_cache_destroy(): the cache and its memory go away. With objects still allocated it fails (the console
     * says "Slab cache still has objects") and the cache stays.
     */
    public static void kmem_cache_destroy(KmemCache cache) {
        s().kmem_cache_destroy(cache == null ? null : cache.cache);
    }

    /** kmem_cache_size(): the object size the cache was made for. */
    public static int kmem_cache_size(KmemCache cache) {
        return cache.cache.objectSize();
    }
}
