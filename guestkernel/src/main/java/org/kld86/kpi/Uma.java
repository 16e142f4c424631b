package org.kld86.kpi;

import org.kld86.kernel.Kernel;
import org.kld86.kernel.uma.ItemHooks;

/**
 * vm/uma.h: zone(9), the allocator under malloc(9), for a driver that allocates many objects of one size.
 *
 * <pre>
 * UmaZone z = uma_zcreate("foo", 120, null, null, null, null, UMA_ALIGN_PTR, 0);
 * long item = uma_zalloc(z, M_WAITOK);
 * uma_zfree(z, item);
 * uma_zdestroy(z);                                    // every item freed first
 * </pre>
 *
 * <p>The four hooks differ in when they run: a {@link Ctor} and a {@link Dtor} on every uma_zalloc and
 * uma_zfree; an {@link Init} and a {@link Fini} only when an item enters the zone's cache (its slab is made) and
 * leaves it (its slab is given back, under memory pressure or at uma_zdestroy). State set up by init survives any
 * number of alloc/free cycles. A ctor or init returning nonzero makes the allocation fail.
 *
 * <p>Traps: flags are malloc(9)'s, exactly one of M_WAITOK and M_NOWAIT; uma_zfree(NULL) does nothing but an item
 * of another zone panics; on the INVARIANTS kernel a zone without hooks has its free items filled with
 * 0xdeadc0de and checked, so a write after free is caught; destroying a zone with items still allocated loses
 * their pages for good ("Freed UMA keg ... was not empty").
 */
public final class Uma {

    private Uma() {
    }

    /** uma_ctor: {@code int ctor(void *mem, int size, void *arg, int flags)}; nonzero fails the allocation. */
    @FunctionalInterface
    public interface Ctor {
        int ctor(long mem, int size, Object arg, int flags);
    }

    /** uma_dtor: {@code void dtor(void *mem, int size, void *arg)}. */
    @FunctionalInterface
    public interface Dtor {
        void dtor(long mem, int size, Object arg);
    }

    /** uma_init: {@code int init(void *mem, int size, int flags)}; nonzero gives the new slab back. */
    @FunctionalInterface
    public interface Init {
        int init(long mem, int size, int flags);
    }

    /** uma_fini: {@code void fini(void *mem, int size)}. */
    @FunctionalInterface
    public interface Fini {
        void fini(long mem, int size);
    }

    /** Align to a pointer (4 bytes). The alignments are masks: an item is aligned to mask + 1. */
    public static final int UMA_ALIGN_PTR = org.kld86.kernel.uma.Uma.UMA_ALIGN_PTR;
    /** Align to a long (4 bytes on i386). */
    public static final int UMA_ALIGN_LONG = org.kld86.kernel.uma.Uma.UMA_ALIGN_LONG;
    /** Align to an int. */
    public static final int UMA_ALIGN_INT = org.kld86.kernel.uma.Uma.UMA_ALIGN_INT;
    /** Align to a short. */
    public static final int UMA_ALIGN_SHORT = org.kld86.kernel.uma.Uma.UMA_ALIGN_SHORT;
    /** No alignment. */
    public static final int UMA_ALIGN_CHAR = org.kld86.kernel.uma.Uma.UMA_ALIGN_CHAR;
    /** The cache line (64 bytes). */
    public static final int UMA_ALIGN_CACHE = org.kld86.kernel.uma.Uma.UMA_ALIGN_CACHE;

    /** Zero each item when its slab is made (not at each allocation). */
    public static final int UMA_ZONE_ZINIT = org.kld86.kernel.uma.Uma.UMA_ZONE_ZINIT;
    /** Keep the slab header outside the slab's pages. */
    public static final int UMA_ZONE_OFFPAGE = org.kld86.kernel.uma.Uma.UMA_ZONE_OFFPAGE;
    /** Never give slabs back to the page allocator. */
    public static final int UMA_ZONE_NOFREE = org.kld86.kernel.uma.Uma.UMA_ZONE_NOFREE;
    /** Accepted (a lock class of its own), no effect here. */
    public static final int UMA_ZONE_MTXCLASS = org.kld86.kernel.uma.Uma.UMA_ZONE_MTXCLASS;
    /** Cache items in the largest buckets. */
    public static final int UMA_ZONE_MAXBUCKET = org.kld86.kernel.uma.Uma.UMA_ZONE_MAXBUCKET;
    /** Accepted, no effect here. */
    public static final int UMA_ZONE_NODUMP = org.kld86.kernel.uma.Uma.UMA_ZONE_NODUMP;

    private static final int ALLOWED_FLAGS = UMA_ZONE_ZINIT | UMA_ZONE_OFFPAGE | UMA_ZONE_NOFREE | UMA_ZONE_MTXCLASS
            | UMA_ZONE_MAXBUCKET | UMA_ZONE_NODUMP;

    private static org.kld86.kernel.uma.Uma u() {
        return Kernel.current().malloc().uma();
    }

    /**
     * uma_zcreate(): a zone of {@code size}-byte items; any hook may be null.
     *
     * @param align an alignment mask ({@link #UMA_ALIGN_PTR}, ...)
     * @param flags UMA_ZONE_* flags of this class; any other bit is refused
     */
    public static UmaZone uma_zcreate(String name, int size, Ctor ctor, Dtor dtor, Init init, Fini fini, int align,
            int flags) {
        if ((flags & ~ALLOWED_FLAGS) != 0) {
            throw new IllegalArgumentException(String.format("uma_zcreate: unknown flags 0x%x for zone \"%s\"",
                    flags & ~ALLOWED_FLAGS, name));
        }
        ItemHooks.Ctor c = ctor == null ? null : ctor::ctor;
        ItemHooks.Dtor d = dtor == null ? null : dtor::dtor;
        ItemHooks.Init i = init == null ? null : init::init;
        ItemHooks.Fini f = fini == null ? null : fini::fini;
        return new UmaZone(u().zcreate(name, size, c, d, i, f, align, flags));
    }

    /** uma_zdestroy(): the zone and its memory go away. */
    public static void uma_zdestroy(UmaZone zone) {
        u().zdestroy(zone.zone);
    }

    /** uma_zalloc(): an item; 0 only with M_NOWAIT. */
    public static long uma_zalloc(UmaZone zone, int flags) {
        return zone.zone.alloc(flags);
    }

    /** uma_zalloc_arg(): passing {@code arg} to the ctor. */
    public static long uma_zalloc_arg(UmaZone zone, Object arg, int flags) {
        return zone.zone.allocArg(arg, flags);
    }

    /** uma_zfree(): NULL does nothing. */
    public static void uma_zfree(UmaZone zone, long item) {
        zone.zone.free(item);
    }

    /** uma_zfree_arg(): passing {@code arg} to the dtor. */
    public static void uma_zfree_arg(UmaZone zone, long item, Object arg) {
        zone.zone.freeArg(item, arg);
    }

    /** uma_prealloc(): slabs for {@code items} items now. */
    public static void uma_prealloc(UmaZone zone, int items) {
        zone.zone.prealloc(items);
    }

    /** uma_zone_set_max(): limits the zone; returns the limit it really is, rounded up to whole slabs. */
    public static int uma_zone_set_max(UmaZone zone, int nitems) {
        return (int) zone.zone.setMax(nitems);
    }

    /** uma_zone_get_max(): the limit, 0 for none. */
    public static int uma_zone_get_max(UmaZone zone) {
        return (int) zone.zone.max();
    }

    /** uma_zone_get_cur(): items allocated and not freed. */
    public static int uma_zone_get_cur(UmaZone zone) {
        return zone.zone.cur();
    }
}
