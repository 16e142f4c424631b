package org.kld86.kernel.linux;

import org.kld86.kernel.uma.UmaKeg;
import org.kld86.kernel.uma.UmaZone;
import org.kld86.kernel.vm.VmLayout;

/**
 * A Linux slab cache ({@code struct kmem_cache}): objects of one size, carved out of slabs of pages, for one
 * kind of kernel structure (LDD3 ch. 8, "Lookaside Caches"), or one size class of kmalloc. Underneath it is a UMA
 * zone with a keg of its own: the slabs, the per-CPU bucket cache in front of them and the reclaim are UMA's, the
 * name, the flags, the sizes and the report are Linux's ({@link Slab}).
 *
 * <p>The numbers /proc/slabinfo prints come from the zone and its keg, in SLUB's sense:
 * <ul>
 *   <li>{@code objsize} is the distance between objects in a slab (SLUB's {@code s->size}): the object size
 *       rounded up to the alignment, and never below 16 bytes, since a UMA slab tracks at most 256 items
 *       (UMA_SMALLEST_UNIT); so kmalloc-8 shows 16 and 253 objects a slab where SLUB shows 8 and 512;</li>
 *   <li>{@code active_objs} counts the objects callers hold. SLUB also counts as active the free objects of
 *       each CPU's current slab; the objects in UMA's bucket cache are counted as free here, so the column is
 *       exactly what was allocated and not yet freed;</li>
 *   <li>{@code pagesperslab} is the size of the page block a slab takes, a power of two as SLUB's
 *       {@code 1 << order}; a keg whose slab is three pages leaves the fourth page of its block unused.</li>
 * </ul>
 *
 * <p>The trap of the constructor: it runs once per object when a new slab is made (UMA's init hook), not at every
 * kmem_cache_alloc. An object handed out again after kmem_cache_free has whatever its last user left in it, so
 * a cache with a constructor must get its objects back in the constructed state.
 */
public final class KmemCache {

    /** A constructor: {@code void (*ctor)(void *)}, called with each object of a new slab. */
    @FunctionalInterface
    public interface Ctor {
        void construct(long objVa);
    }

    final String name;
    /** The name as kmem_cache_create copied it into kernel memory (kstrdup); 0 for the kmalloc caches. */
    final long nameVa;
    final int objectSize;
    final int align;
    final int flags;
    final Ctor ctor;
    final UmaZone zone;
    final UmaKeg keg;
    /** The object stride and the bytes of a slab the objects span, for checking a pointer without dividing. */
    final int stride;
    final int span;
    /** stride - 1 when the stride is a power of two, else -1. */
    final int strideMask;
    boolean destroyed;

    KmemCache(String name, long nameVa, int objectSize, int align, int flags, Ctor ctor, UmaZone zone) {
        this.name = name;
        this.nameVa = nameVa;
        this.objectSize = objectSize;
        this.align = align;
        this.flags = flags;
        this.ctor = ctor;
        this.zone = zone;
        this.keg = zone.keg();
        this.stride = keg.rsize();
        this.span = keg.rsize() * keg.itemsPerSlab();
        this.strideMask = Integer.bitCount(stride) == 1 ? stride - 1 : -1;
    }

    /** Whether {@code off} bytes from the start of a slab's objects is where one of them starts. */
    boolean objectStart(long off) {
        if (off < 0 || off >= span) {
            return false;
        }
        return strideMask >= 0 ? (off & strideMask) == 0 : (int) off % stride == 0;
    }

    /** The name /proc/slabinfo shows. */
    public String name() {
        return name;
    }

    /** The kernel address of the cache's copy of its name; 0 for a kmalloc cache, whose name is static. */
    public long nameVa() {
        return nameVa;
    }

    /** kmem_cache_size(): the size asked for ({@code s->object_size}). */
    public int objectSize() {
        return objectSize;
    }

    /** The alignment of every object, as calculate_alignment() settled it. */
    public int align() {
        return align;
    }

    /** The SLAB_* flags the cache was created with (unknown bits dropped). */
    public int flags() {
        return flags;
    }

    /** The UMA zone underneath. */
    public UmaZone zone() {
        return zone;
    }

    /** Whether kmem_cache_destroy has taken the cache away. */
    public boolean destroyed() {
        return destroyed;
    }

    // ---------------------------------------------------------------------------------------------------------
    // What /proc/slabinfo shows

    /** active_objs: objects allocated and not freed. */
    public long activeObjs() {
        return zone.used();
    }

    /** num_objs: the objects the cache's slabs hold, free or not. */
    public long numObjs() {
        return numSlabs() * keg.itemsPerSlab();
    }

    /** objsize: the distance between two objects of a slab ({@code s->size}). */
    public int size() {
        return keg.rsize();
    }

    /** objperslab. */
    public int objectsPerSlab() {
        return keg.itemsPerSlab();
    }

    /** pagesperslab: the pages of the block a slab takes, {@code 1 << order}. */
    public int pagesPerSlab() {
        return 1 << order();
    }

    /** The buddy order of a slab's page block. */
    public int order() {
        return PageAlloc.get_order((long) keg.pagesPerSlab() << VmLayout.PAGE_SHIFT);
    }

    /** num_slabs (and active_slabs, which SLUB prints equal to it). */
    public long numSlabs() {
        return keg.pages() / keg.pagesPerSlab();
    }

    /** The pages the cache's slabs take, each slab's whole block counted. */
    public long slabPages() {
        return numSlabs() << order();
    }

    @Override
    public String toString() {
        return "kmem_cache " + name;
    }
}
