package org.kld86.kernel.uma;

import java.util.List;

/**
 * The bucket zones (sys/vm/uma_core.c bucket_zones[], bucket_init, bucket_select, bucket_zone_lookup,
 * bucket_alloc, bucket_free): nine zones of buckets, "4 Bucket" to "256 Bucket". A bucket of "N Bucket" is 4N
 * bytes on i386, a 12-byte header and N - 3 item pointers, so the sizes are powers of two or close to them.
 *
 * <p>How many items a zone caches a bucket depends on its item size: each bucket zone serves items up to a size
 * (4096 bytes for "4 Bucket" down to 64 for "256 Bucket"), and a zone takes the last bucket zone whose limit
 * covers its items. So a 16-byte malloc zone caches 253 items a bucket and a 4096-byte one a single item.
 *
 * <p>A bucket zone needs buckets for its own cache too, and takes them from the next bucket zone; a cookie
 * passed down the allocation stops the recursion after one level, where the bucket zone falls back to taking
 * an item straight from its keg. No bucket is ever waited for, and none is handed out while memory is short
 * (vm_page_count_min) or while a reclaim runs.
 */
final class BucketZones {

    private static final String[] NAMES = {"4 Bucket", "6 Bucket", "8 Bucket", "12 Bucket", "16 Bucket",
        "32 Bucket", "64 Bucket", "128 Bucket", "256 Bucket"};
    private static final int[] N = {4, 6, 8, 12, 16, 32, 64, 128, 256};
    private static final int[] MAXSIZE = {4096, 3072, 2048, 1536, 1024, 512, 256, 128, 64};
    private static final int HEADER_BYTES = 12;
    /** BUCKET_MAX: the entries of the largest bucket. */
    static final int MAX = 256 - HEADER_BYTES / 4;

    private final Uma uma;
    private final UmaZone[] zones = new UmaZone[N.length];

    /** bucket_init(). */
    BucketZones(Uma uma) {
        this.uma = uma;
        for (int i = 0; i < N.length; i++) {
            zones[i] = uma.zcreate(NAMES[i], 4 * N[i], null, null, null, null, Uma.UMA_ALIGN_PTR,
                    Uma.UMA_ZONE_MTXCLASS | Uma.UMA_ZFLAG_BUCKET);
        }
    }

    /** BUCKET_SIZE(n): the entries of bucket zone {@code i}. */
    static int entries(int i) {
        return (4 * N[i] - HEADER_BYTES) / 4;
    }

    /** bucket_select(): how many items a zone of this item size caches per bucket. */
    static int select(int size) {
        if (size > MAXSIZE[0]) {
            return Math.max(MAXSIZE[0] * entries(0) / size, 1);
        }
        int i = 0;
        while (i < N.length && MAXSIZE[i] >= size) {
            i++;
        }
        return entries(i - 1);
    }

    /** bucket_zone_lookup(): the first bucket zone whose buckets hold {@code entries}, else the largest. */
    static int lookup(int entries) {
        for (int i = 0; i < N.length; i++) {
            if (entries(i) >= entries) {
                return i;
            }
        }
        return N.length - 1;
    }

    /**
     * bucket_alloc(): an empty bucket for {@code zone}'s cache, or null. The cookie remembers that a bucket zone
     * is already allocating a bucket, so that it takes an item straight from its keg instead of recursing.
     */
    UmaBucket alloc(UmaZone zone, int cookie, int flags) {
        if (disabled()) {
            return null;
        }
        if (!zone.isBucketZone()) {
            cookie = zone.flags;
        } else {
            if ((cookie & Uma.UMA_ZFLAG_BUCKET) != 0) {
                return null;
            }
            cookie |= Uma.UMA_ZFLAG_BUCKET;
        }
        int i = lookup(zone.count);
        if (zones[i] == zone && i + 1 < zones.length) {
            i++;
        }
        long va = zones[i].allocInternal(null, cookie, flags);
        return va == 0 ? null : new UmaBucket(va, zones[i], entries(i));
    }

    /** bucket_free(): an empty bucket back to its bucket zone. */
    void free(UmaZone zone, UmaBucket bucket, int cookie) {
        if (bucket.cnt != 0) {
            throw uma.kernel().panic("bucket_free: Freeing a non free bucket.");
        }
        if (!zone.isBucketZone()) {
            cookie = zone.flags;
        }
        bucket.home.freeInternal(bucket.va, null, cookie);
    }

    /** bucketdisable: no caching while memory is short (vm_page_count_min) or while reclaiming. */
    boolean disabled() {
        return uma.reclaiming() || uma.kernel().pageRequests().memoryShort();
    }

    List<UmaZone> zones() {
        return List.of(zones);
    }
}
