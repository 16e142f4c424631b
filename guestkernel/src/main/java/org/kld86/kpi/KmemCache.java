package org.kld86.kpi;

/**
 * {@code struct kmem_cache *}: a lookaside cache of same-sized objects, made by
 * {@link Slab#kmem_cache_create} and named in /proc/slabinfo. Opaque: pass it back to
 * {@link Slab#kmem_cache_alloc}, {@link Slab#kmem_cache_free} and {@link Slab#kmem_cache_destroy}.
 *
 * <p>The trap: the kernel keeps the cache, and its constructor, until kmem_cache_destroy; a module that forgets
 * to destroy its caches at unload leaves them behind with code the kernel can no longer call.
 */
public final class KmemCache {

    /** A constructor, {@code void (*ctor)(void *obj)}: called once for each object of each new slab. */
    @FunctionalInterface
    public interface Ctor {
        void ctor(long obj);
    }

    final org.kld86.kernel.linux.KmemCache cache;

    KmemCache(org.kld86.kernel.linux.KmemCache cache) {
        this.cache = cache;
    }

    @Override
    public String toString() {
        return "kmem_cache " + cache.name();
    }
}
