package org.kld86.kernel.uma;

import static org.kld86.kernel.malloc.MallocFlags.M_NOVM;
import static org.kld86.kernel.malloc.MallocFlags.M_NOWAIT;
import static org.kld86.kernel.malloc.MallocFlags.M_WAITOK;
import static org.kld86.kernel.malloc.MallocFlags.M_ZERO;

import java.util.ArrayDeque;

/**
 * A zone (zone(9), sys/vm/uma_core.c uma_zalloc_arg / uma_zfree_arg): a typed source of fixed-size items with
 * a per-CPU cache of buckets in front of its keg.
 *
 * <pre>
 *   uma_zalloc --> per-CPU cache: alloc bucket, free bucket   (this machine has one CPU)
 *                     | both empty
 *                     v
 *                  zone: list of full buckets
 *                     | empty
 *                     v
 *                  keg: a new bucket filled from the slabs, or one item straight from a slab
 * </pre>
 * Frees go the other way: into the alloc bucket if it has room (last freed is first reused), else the free
 * bucket; a full free bucket moves to the zone's list and a new empty one is allocated; when no bucket can be
 * had, the item goes straight back to its slab. Once the keg has hit its limit, frees bypass the caches, so a
 * request sleeping on the limit is woken by the very next free.
 *
 * <p>Counters are FreeBSD's: allocations and frees (the cache's own counts are folded into the zone's whenever
 * the zone is visited), failures and sleeps on the limit. One difference: FreeBSD also counts a failure when a
 * new bucket could not be filled and the request then falls back to a single item, so one failed M_NOWAIT
 * request can count twice; here every failed request counts once.
 *
 * <p>Under INVARIANTS every item handed out is tracked, so a double free or a free to the wrong zone panics
 * with FreeBSD's words ({@link UmaDbg}).
 */
public final class UmaZone {

    /** zone_free_item() skip levels (enum zfreeskip). */
    static final int SKIP_NONE = 0;
    static final int SKIP_DTOR = 1;
    static final int SKIP_FINI = 2;

    final Uma uma;
    /** The kernel's INVARIANTS option, at hand on every allocation and free. */
    private final boolean invariants;
    /** The zone's own address: an item of "UMA Zones", or a static structure for the two boot zones. */
    final long va;
    final String name;
    final int size;
    final ItemHooks.Ctor ctor;
    final ItemHooks.Dtor dtor;
    final UmaKeg keg;
    int flags;
    /** uz_count: how many items a bucket of this zone is filled with; 0 means no caching. */
    int count;
    int countMin;
    // The per-CPU cache of the one CPU (struct uma_cache). The alloc bucket's slot keeps the bucket's item array
    // and count beside it, as FreeBSD 13's struct uma_cache_bucket does, so that every allocation and most frees
    // reach an item in one load from the zone; while the bucket sits there, the slot's count is the true one
    // (see takeAllocBucket). The free bucket, touched only when the alloc bucket is full or empty, is plain.
    private static final long[] NO_ITEMS = {};
    UmaBucket allocBucket;
    private long[] allocItems = NO_ITEMS;
    private int allocCnt;
    UmaBucket freeBucket;
    long cacheAllocs;
    long cacheFrees;
    /** Full buckets (uz_buckets), most recently added first. */
    final ArrayDeque<UmaBucket> buckets = new ArrayDeque<>();
    long allocs;
    long frees;
    long fails;
    long sleeps;
    boolean destroyed;
    /** The structure of the layer above that made this zone (a Linux slab cache), or null. */
    private Object owner;

    UmaZone(Uma uma, long va, String name, ItemHooks.Ctor ctor, ItemHooks.Dtor dtor, UmaKeg keg, int count) {
        this.uma = uma;
        this.invariants = uma.invariants();
        this.va = va;
        this.name = name;
        this.size = keg.size;
        this.ctor = ctor;
        this.dtor = dtor;
        this.keg = keg;
        this.flags = keg.flags & (Uma.UMA_ZONE_INHERIT | Uma.UMA_ZFLAG_INHERIT);
        if (ctor != null || dtor != null || invariants) {
            this.flags |= Uma.UMA_ZFLAG_CTORDTOR;
        }
        this.count = count;
        this.countMin = count;
        keg.addZone(this);
    }

    // ---------------------------------------------------------------------------------------------------------
    // zone(9)

    /** uma_zalloc(9): an item, or 0 if {@code flags} has M_NOWAIT and none could be had at once. */
    public long alloc(int flags) {
        return allocArg(null, flags);
    }

    /** uma_zalloc_arg(9): as {@link #alloc}, passing {@code arg} to the constructor. */
    public long allocArg(Object arg, int flags) {
        return allocInternal(arg, 0, flags);
    }

    /** uma_zfree(9): gives an item back; 0 (NULL) is ignored. */
    public void free(long item) {
        freeArg(item, null);
    }

    /** uma_zfree_arg(9): as {@link #free}, passing {@code arg} to the destructor. */
    public void freeArg(long item, Object arg) {
        freeInternal(item, arg, 0);
    }

    /**
     * uma_zone_set_max(9): limits the keg to enough whole slabs for {@code nitems} items and returns the limit
     * in items that this really is (rounded up to whole slabs).
     */
    public long setMax(int nitems) {
        if (nitems < 0) {
            throw new IllegalArgumentException("uma_zone_set_max: negative limit " + nitems);
        }
        keg.maxpages = (nitems / keg.ipers) * keg.ppera;
        if (keg.maxpages * keg.ipers < nitems) {
            keg.maxpages += keg.ppera;
        }
        return limit();
    }

    /** uma_zone_get_max(9): the limit in items, 0 for none. */
    public long max() {
        return limit();
    }

    /** uma_zone_get_cur(9): items handed out to users (allocations minus frees, caches included). */
    public int cur() {
        long n = allocs - frees + cacheAllocs - cacheFrees;
        return (int) Math.max(0, n);
    }

    /** uma_prealloc(9): allocates enough slabs for {@code items} items now, sleeping if need be. */
    public void prealloc(int items) {
        checkAlive("uma_prealloc");
        int slabs = (items + keg.ipers - 1) / keg.ipers;
        while (slabs-- > 0) {
            UmaSlab slab = keg.allocSlab(M_WAITOK);
            if (slab == null) {
                break;
            }
            keg.freeSlabs.insertHead(slab);
        }
    }

    // ---------------------------------------------------------------------------------------------------------
    // Allocation

    /**
     * The body of uma_zalloc_arg. {@code cookie} carries the original zone's flags down into bucket
     * allocations, so that a bucket zone allocating a bucket for itself gives up instead of recursing.
     */
    long allocInternal(Object arg, int cookie, int flags) {
        // The fast path: an item from the alloc bucket when there is nothing to construct. A destroyed zone has
        // no buckets, so it always takes the full path, which refuses it.
        if ((this.flags & Uma.UMA_ZFLAG_CTORDTOR) == 0 && allocCnt > 0) {
            long item = allocItems[--allocCnt];
            cacheAllocs++;
            if ((flags & M_ZERO) != 0) {
                uma.kernel().memory().fill(item, size, 0);
            }
            return item;
        }
        return allocCached(arg, cookie, flags);
    }

    /** uma_zalloc_arg past its fast path: the buckets, then the keg. */
    private long allocCached(Object arg, int cookie, int flags) {
        checkAlive("uma_zalloc_arg");
        for (;;) {
            if (allocCnt > 0) {
                long item = allocItems[--allocCnt];
                if (invariants) {
                    allocItems[allocCnt] = 0; // as uma_zalloc_arg clears the slot under INVARIANTS
                }
                cacheAllocs++;
                return construct(item, arg, flags);
            }
            UmaBucket b = freeBucket;
            if (b != null && b.cnt > 0) {
                freeBucket = takeAllocBucket();
                putAllocBucket(b);
                continue;
            }
            b = takeAllocBucket();
            if (b != null) {
                uma.buckets().free(this, b, cookie);
            }
            if (count == 0 || uma.buckets().disabled()) {
                return allocItem(arg, flags);
            }
            foldCacheStats();
            if (allocBucket != null) {
                continue; // a nested bucket free refilled the cache
            }
            b = buckets.pollFirst();
            if (b != null) {
                putAllocBucket(b);
                continue;
            }
            b = fillBucket(cookie, flags);
            if (b != null) {
                if (allocBucket == null) {
                    putAllocBucket(b);
                } else {
                    buckets.addFirst(b);
                }
                continue;
            }
            return allocItem(arg, flags);
        }
    }

    /** The constructor, the INVARIANTS mark and M_ZERO, for an item taken from a cache. */
    private long construct(long item, Object arg, int flags) {
        if (ctor != null && ctor.construct(item, size, arg, flags) != 0) {
            fails++;
            freeItem(item, arg, SKIP_DTOR);
            return 0;
        }
        if (invariants) {
            UmaDbg.alloc(this, item);
        }
        if ((flags & M_ZERO) != 0) {
            uma.kernel().memory().fill(item, size, 0);
        }
        return item;
    }

    /** zone_alloc_bucket(): a new bucket filled from the keg, or null. */
    private UmaBucket fillBucket(int cookie, int flags) {
        UmaBucket b = uma.buckets().alloc(this, cookie, M_NOWAIT | (flags & M_NOVM));
        if (b == null) {
            return null;
        }
        b.cnt = importItems(b.items, Math.min(b.entries(), count), flags);
        if (b.cnt == 0) {
            uma.buckets().free(this, b, cookie);
            return null;
        }
        return b;
    }

    /**
     * zone_import(): takes up to {@code max} items from the keg's slabs. Only the first slab may be waited
     * for; after it the request no longer sleeps ("don't grab more than one slab at a time").
     */
    private int importItems(long[] out, int max, int flags) {
        int i = 0;
        while (i < max) {
            UmaSlab slab = keg.fetchSlab(this, flags);
            if (slab == null) {
                break;
            }
            while (slab.freeCount > 0 && i < max) {
                out[i++] = keg.allocItem(slab);
                if (keg.free <= keg.reserve) {
                    break;
                }
            }
            flags = (flags & ~M_WAITOK) | M_NOWAIT;
        }
        return i;
    }

    /** zone_alloc_item(): one item straight from the keg, bypassing the caches. */
    long allocItem(Object arg, int flags) {
        long[] one = new long[1];
        if (importItems(one, 1, flags) != 1) {
            fails++;
            return 0;
        }
        allocs++;
        return construct(one[0], arg, flags);
    }

    // ---------------------------------------------------------------------------------------------------------
    // Free

    /** The body of uma_zfree_arg. */
    void freeInternal(long item, Object arg, int cookie) {
        // The fast path: into a bucket with room when there is nothing to destroy or check and no limit to
        // wake sleepers on. A destroyed zone has no buckets, so it always takes the full path.
        if ((flags & (Uma.UMA_ZFLAG_CTORDTOR | Uma.UMA_ZFLAG_FULL)) != 0 || item == 0 || !cachePush(item)) {
            freeCached(item, arg, cookie);
        }
    }

    /** The item into the alloc bucket if it has room, else the free bucket if that has; whether it went. */
    private boolean cachePush(long item) {
        if (allocCnt < allocItems.length) {
            allocItems[allocCnt++] = item;
        } else if (freeBucket != null && !freeBucket.full()) {
            freeBucket.push(item);
        } else {
            return false;
        }
        cacheFrees++;
        return true;
    }

    /** Takes the alloc bucket out of its slot, with its count written back into it; null if there is none. */
    UmaBucket takeAllocBucket() {
        UmaBucket b = allocBucket;
        if (b != null) {
            b.cnt = allocCnt;
        }
        allocBucket = null;
        allocItems = NO_ITEMS;
        allocCnt = 0;
        return b;
    }

    /** Puts {@code b} in the empty alloc bucket slot. */
    private void putAllocBucket(UmaBucket b) {
        allocBucket = b;
        allocItems = b.items;
        allocCnt = b.cnt;
    }

    /** uma_zfree_arg past its fast path: the checks, the destructor, the buckets, else the slab. */
    private void freeCached(long item, Object arg, int cookie) {
        if (item == 0) {
            return;
        }
        checkAlive("uma_zfree_arg");
        if (invariants) {
            UmaDbg.free(this, item);
        }
        if (dtor != null) {
            dtor.destruct(item, size, arg);
        }
        if ((flags & Uma.UMA_ZFLAG_FULL) == 0) {
            for (;;) {
                if (cachePush(item)) {
                    return;
                }
                if (count == 0 || uma.buckets().disabled()) {
                    break;
                }
                foldCacheStats();
                UmaBucket b = freeBucket;
                if (b != null && !b.full()) {
                    continue;
                }
                freeBucket = null;
                if (b != null) {
                    buckets.addFirst(b);
                }
                UmaBucket fresh = uma.buckets().alloc(this, cookie, M_NOWAIT);
                if (fresh == null) {
                    break;
                }
                if (freeBucket == null) {
                    freeBucket = fresh;
                } else {
                    uma.buckets().free(this, fresh, cookie);
                }
            }
        }
        freeItem(item, arg, SKIP_DTOR);
    }

    /** zone_free_item(): one item straight back to its slab, bypassing the caches. */
    void freeItem(long item, Object arg, int skip) {
        if (invariants && skip == SKIP_NONE) {
            UmaDbg.free(this, item);
        }
        if (skip < SKIP_DTOR && dtor != null) {
            dtor.destruct(item, size, arg);
        }
        frees++;
        release(item);
    }

    /** zone_release() of one item: back into its slab; wakes requests sleeping on the limit. */
    void release(long item) {
        UmaSlab slab = uma.slabOf(item);
        if (slab == null || slab.keg != keg) {
            throw uma.kernel().panic("uma: Freed item 0x%x did not belong to zone %s", item, name);
        }
        keg.freeItem(slab, item);
        if ((keg.flags & Uma.UMA_ZFLAG_FULL) != 0) {
            if (keg.pages < keg.maxpages) {
                keg.flags &= ~Uma.UMA_ZFLAG_FULL;
                flags &= ~Uma.UMA_ZFLAG_FULL;
            }
            uma.kernel().scheduler().wakeup(keg);
        }
    }

    /**
     * uma_dbg_free()'s checks without their effect: panics unless {@code item} is an item of this zone that is
     * handed out. free(9) runs them before it stores the freeing type in the item, so that a bad pointer is
     * refused before anything is written through it.
     */
    public UmaSlab checkFree(long item) {
        return UmaDbg.checkFree(this, item);
    }

    private void foldCacheStats() {
        allocs += cacheAllocs;
        frees += cacheFrees;
        cacheAllocs = 0;
        cacheFrees = 0;
    }

    void checkAlive(String fn) {
        if (destroyed) {
            throw uma.kernel().panic("%s: zone %s(0x%x) has been destroyed", fn, name, va);
        }
    }

    boolean isBucketZone() {
        return (flags & Uma.UMA_ZFLAG_BUCKET) != 0;
    }

    /**
     * The structure of the allocator layered on this zone (the Linux slab layer's kmem_cache), so that an item's
     * address leads through its page's slab to it; null for zones made through zone(9). FreeBSD has no such
     * field: no other allocator sits on UMA there.
     */
    public Object owner() {
        return owner;
    }

    /** Sets {@link #owner()}. */
    public void setOwner(Object owner) {
        this.owner = owner;
    }

    // ---------------------------------------------------------------------------------------------------------
    // Statistics (what sysctl vm.zone_stats exports and libmemstat sums)

    public String name() {
        return name;
    }

    /** The zone's address as a kernel pointer, as FreeBSD prints a zone's %p. */
    public long va() {
        return va;
    }

    public UmaKeg keg() {
        return keg;
    }

    /**
     * Whether free(9) finds this zone's items (a malloc zone: UMA_ZONE_VTOSLAB, as {@link Uma#vtoslab} asks) and
     * may hand them back with nothing to pass on or check: no destructor and no INVARIANTS (UMA_ZFLAG_CTORDTOR
     * clear, which it never is on an INVARIANTS kernel).
     */
    public boolean plainMallocZone() {
        return (flags & (Uma.UMA_ZONE_VTOSLAB | Uma.UMA_ZFLAG_CTORDTOR)) == Uma.UMA_ZONE_VTOSLAB;
    }

    /** The item size (uz_size): what a caller may use of each item. */
    public int size() {
        return size;
    }

    /** The limit in items (LIMIT): the keg's page limit in whole slabs; 0 for none. */
    public long limit() {
        return keg.maxpages == 0 ? 0 : (long) keg.maxpages / keg.ppera * keg.ipers;
    }

    /** Allocations (REQ), the cache's included; never fewer than the frees, as libmemstat clamps them. */
    public long requests() {
        return Math.max(allocs + cacheAllocs, frees + cacheFrees);
    }

    /** Items in use (USED): allocations minus frees. */
    public long used() {
        return requests() - (frees + cacheFrees);
    }

    /**
     * Free items (FREE): those in the per-CPU buckets, in the zone's full buckets and, for the keg's first zone,
     * free in the slabs.
     */
    public long freeItems() {
        long n = allocCnt + (freeBucket == null ? 0 : freeBucket.cnt);
        for (UmaBucket b : buckets) {
            n += b.cnt;
        }
        if (keg.primaryZone() == this) {
            n += keg.free;
        }
        return n;
    }

    /** Failed allocations (FAIL). */
    public long fails() {
        return fails;
    }

    /** Times a request slept on the zone's limit (SLEEP). */
    public long sleeps() {
        return sleeps;
    }

    /** Items per bucket this zone caches (uz_count). */
    public int bucketItems() {
        return count;
    }

    @Override
    public String toString() {
        return String.format("zone %s(0x%x) size %d", name, va, size);
    }
}
