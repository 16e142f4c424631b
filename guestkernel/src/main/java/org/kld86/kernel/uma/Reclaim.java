package org.kld86.kernel.uma;

import java.util.ArrayList;

/**
 * Giving memory back (sys/vm/uma_core.c uma_reclaim, zone_drain, cache_drain, cache_drain_safe,
 * bucket_cache_drain, bucket_drain; keg_drain is {@link UmaKeg#drain}).
 *
 * <p>uma_reclaim here drains more than FreeBSD's periodic one: every per-CPU cache, every zone's list of full
 * buckets and every free slab, as FreeBSD does only when memory is low (cache_drain_safe). Bucket caching is
 * held off while it runs, so the buckets it frees go straight back to their slabs instead of into another
 * zone's cache; the slab headers go last, once the kegs that used them are drained. Afterwards only items
 * someone holds keep pages, so reclaiming before and after any sequence of allocations that were all freed
 * leaves the page allocator exactly as it was. A reclaim frees and never allocates, so it may run from inside
 * an allocation that is short of pages (it is the page allocator's shrinker).
 */
final class Reclaim {

    private final Uma uma;
    private boolean running;

    Reclaim(Uma uma) {
        this.uma = uma;
    }

    boolean running() {
        return running;
    }

    /** uma_reclaim(): returns whether any page was freed. */
    boolean reclaim() {
        if (running) {
            return false;
        }
        long before = uma.kernel().vm().allocator().totalFreePages();
        running = true;
        try {
            boolean changed = true;
            while (changed) {
                changed = false;
                for (UmaZone z : uma.zones()) {
                    changed |= cacheDrainSafe(z);
                }
                for (UmaZone z : uma.zones()) {
                    changed |= bucketCacheDrain(z);
                }
                UmaKeg slabKeg = uma.slabZone().keg;
                for (UmaKeg k : new ArrayList<>(uma.kegs())) {
                    if (k != slabKeg) {
                        changed |= k.drain();
                    }
                }
                changed |= slabKeg.drain();
            }
        } finally {
            running = false;
        }
        return uma.kernel().vm().allocator().totalFreePages() > before;
    }

    /** bucket_drain(): every item of a bucket back to its slab. */
    private static void bucketDrain(UmaZone zone, UmaBucket b) {
        if (b == null) {
            return;
        }
        while (b.cnt > 0) {
            zone.release(b.pop());
        }
    }

    /** cache_drain(): empties the per-CPU cache and the bucket list, for zone teardown. */
    static void cacheDrain(UmaZone zone) {
        UmaBucket a = zone.takeAllocBucket();
        UmaBucket f = zone.freeBucket;
        zone.freeBucket = null;
        bucketDrain(zone, a);
        bucketDrain(zone, f);
        if (a != null) {
            zone.uma.buckets().free(zone, a, 0);
        }
        if (f != null) {
            zone.uma.buckets().free(zone, f, 0);
        }
        bucketCacheDrain(zone);
    }

    /**
     * cache_shrink() and cache_drain_safe_cpu(): the per-CPU buckets that hold items move to the zone's list,
     * empty ones are freed. Returns whether the cache held anything.
     */
    static boolean cacheDrainSafe(UmaZone zone) {
        if ((zone.flags & Uma.UMA_ZFLAG_INTERNAL) != 0) {
            return false;
        }
        zone.count = (zone.countMin + zone.count) / 2;
        boolean any = false;
        UmaBucket a = zone.takeAllocBucket();
        UmaBucket f = zone.freeBucket;
        zone.freeBucket = null;
        for (UmaBucket b : new UmaBucket[] {a, f}) {
            if (b == null) {
                continue;
            }
            any = true;
            if (b.cnt != 0) {
                zone.buckets.addFirst(b);
            } else {
                zone.uma.buckets().free(zone, b, 0);
            }
        }
        return any;
    }

    /** bucket_cache_drain(): the items of every full bucket back to their slabs, the buckets freed. */
    static boolean bucketCacheDrain(UmaZone zone) {
        boolean any = false;
        UmaBucket b;
        while ((b = zone.buckets.pollFirst()) != null) {
            any = true;
            bucketDrain(zone, b);
            zone.uma.buckets().free(zone, b, 0);
        }
        if (zone.count > zone.countMin) {
            zone.count--;
        }
        return any;
    }
}
