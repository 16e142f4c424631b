package org.kld86.kernel.uma;

/**
 * The four per-item callbacks a zone may have (sys/vm/uma.h: uma_ctor, uma_dtor, uma_init, uma_fini).
 *
 * <p>The trap is when each runs. A constructor and a destructor run on every {@code uma_zalloc} and
 * {@code uma_zfree}; an initializer and a finalizer run only when an item enters the keg (its slab is
 * allocated) and when it leaves it (its slab is given back, which happens on {@code uma_reclaim} or zone
 * destruction, not on free). So state set up by {@code init} survives any number of alloc/free cycles, and an
 * item handed out from a cache has seen {@code init} once, long ago, but {@code ctor} just now.
 */
public final class ItemHooks {

    private ItemHooks() {
    }

    /** uma_ctor: prepares an item being handed out; a nonzero return makes the allocation fail. */
    @FunctionalInterface
    public interface Ctor {
        int construct(long itemVa, int sizeBytes, Object arg, int flags);
    }

    /** uma_dtor: runs on every free, before the item goes back to a cache or its slab. */
    @FunctionalInterface
    public interface Dtor {
        void destruct(long itemVa, int sizeBytes, Object arg);
    }

    /** uma_init: runs once when the item's slab is created; a nonzero return gives the slab back. */
    @FunctionalInterface
    public interface Init {
        int init(long itemVa, int sizeBytes, int flags);
    }

    /** uma_fini: runs once when the item's slab is given back to the page allocator. */
    @FunctionalInterface
    public interface Fini {
        void fini(long itemVa, int sizeBytes);
    }
}
