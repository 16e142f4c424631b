package org.kld86.kernel.linux;

import static org.kld86.kernel.linux.Gfp.*;
import static org.kld86.kernel.malloc.MallocFlags.M_NOWAIT;
import static org.kld86.kernel.malloc.MallocFlags.M_USE_RESERVE;
import static org.kld86.kernel.malloc.MallocFlags.M_WAITOK;
import static org.kld86.kernel.malloc.MallocFlags.M_ZERO;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import org.kld86.kernel.Kernel;
import org.kld86.kernel.uma.ItemHooks;
import org.kld86.kernel.uma.Uma;
import org.kld86.kernel.uma.UmaKeg;
import org.kld86.kernel.uma.UmaSlab;
import org.kld86.kernel.uma.UmaZone;
import org.kld86.kernel.vm.VmLayout;
import org.kld86.kpi.Errno;

/**
 * Linux's slab caches as 3.10 offers them ({@code mm/slab_common.c}, {@code mm/slub.c}): kmem_cache_create,
 * kmem_cache_alloc, kmem_cache_free and kmem_cache_destroy, on the kernel's one slab allocator, UMA. Each cache
 * is a UMA zone with a keg of its own ({@link KmemCache}); the kmalloc caches are caches like any other
 * ({@link Kmalloc}).
 *
 * <p>What comes from Linux:
 * <ul>
 *   <li>the alignment (calculate_alignment): SLAB_HWCACHE_ALIGN aligns to the cache line, 32 bytes on the
 *       i486/Pentium-class i386 this kernel describes ({@code L1_CACHE_BYTES}, CONFIG_X86_L1_CACHE_SHIFT 5),
 *       halved while the object fits in half of it, so a 12-byte object is aligned to 16; never below
 *       ARCH_SLAB_MINALIGN, 8 on i386 ({@code __alignof__(unsigned long long)}), and always a multiple of the
 *       pointer size;</li>
 *   <li>SLAB_CACHE_DMA: the slabs come from ZONE_DMA, below 16 MiB;</li>
 *   <li>the constructor runs once per object when a slab is made, not at every allocation (UMA's init hook);</li>
 *   <li>the name is copied (kstrdup, so a kmalloc object of the cache's name length), and /proc/slabinfo lists the
 *       caches newest first, as 3.10's {@code list_add(&s->list, &slab_caches)} leaves them;</li>
 *   <li>the sanity check of CONFIG_DEBUG_VM, always on here: no name, interrupt context, a size below the
 *       pointer size or above KMALLOC_MAX_SIZE fail with {@code kmem_cache_create(%s) integrity check failed},
 *       then {@code kmem_cache_create(%s) failed with error %d} and a stack dump, and NULL is returned (a panic
 *       with SLAB_PANIC). An alignment that is not a power of two fails the same way (Linux's ALIGN() would
 *       silently compute nonsense). A name with a blank is accepted, with DEBUG_VM's {@code WARN_ON(strchr(name,
 *       ' '))} ("It confuses parsers") on an INVARIANTS kernel: LDD3's rule is that the name "cannot contain
 *       blanks", since /proc/slabinfo separates its columns with them;</li>
 *   <li>destroying a cache that still has objects fails as 3.10's kmem_cache_destroy fails: {@code printk(KERN_ERR
 *       "kmem_cache_destroy %s: Slab cache still has objects\n")} and dump_stack(); the cache stays on the list
 *       with all its memory (Linux 4.x printed the same line; only 5.x made it a WARN).</li>
 * </ul>
 * What does not: SLUB merges a new cache into an existing one of a compatible size; this kernel never does (as
 * Linux booted with {@code slub_nomerge}), so every cache is its own row of /proc/slabinfo. The debug flags
 * (SLAB_RED_ZONE, SLAB_POISON, SLAB_STORE_USER, SLAB_TRACE) are accepted and do nothing; the INVARIANTS kernel's
 * UMA checks catch double and misaligned frees instead, in FreeBSD's words.
 *
 * <p>GFP flags reach UMA as malloc flags: a request that may sleep (__GFP_WAIT without __GFP_NORETRY) is
 * M_WAITOK and never fails; any other is M_NOWAIT, and __GFP_HIGH (GFP_ATOMIC) adds M_USE_RESERVE, the emergency
 * reserve. __GFP_WAIT in interrupt context is the might_sleep BUG; __GFP_HIGHMEM or __GFP_DMA32 is 3.10's
 * GFP_SLAB_BUG_MASK BUG (slab memory must have a kernel address). A failed allocation reports, unless
 * __GFP_NOWARN, the page allocation failure and then slab_out_of_memory's three lines (at most ten every five
 * seconds).
 *
 * <p>kmem_cache_free of an address that is not an object of any cache, or not the start of one, is a BUG;
 * freeing an object to the wrong cache prints 3.10's {@code cache_from_obj: Wrong slab cache.} error with a
 * WARN_ON_ONCE and, as 4.x does, frees the object to the cache it came from.
 */
public final class Slab {

    // SLAB flags (include/linux/slab.h, 3.10).
    public static final int SLAB_DEBUG_FREE = 0x0000_0100;
    public static final int SLAB_RED_ZONE = 0x0000_0400;
    public static final int SLAB_POISON = 0x0000_0800;
    /** Align objects to the cache line (when the object is large enough to care). */
    public static final int SLAB_HWCACHE_ALIGN = 0x0000_2000;
    /** Take slabs from ZONE_DMA (below 16 MiB), for ISA DMA. */
    public static final int SLAB_CACHE_DMA = 0x0000_4000;
    public static final int SLAB_STORE_USER = 0x0001_0000;
    /** The objects can be reclaimed: the cache's pages count as SReclaimable in /proc/meminfo. */
    public static final int SLAB_RECLAIM_ACCOUNT = 0x0002_0000;
    /** Panic if kmem_cache_create fails. */
    public static final int SLAB_PANIC = 0x0004_0000;
    public static final int SLAB_DESTROY_BY_RCU = 0x0008_0000;
    public static final int SLAB_MEM_SPREAD = 0x0010_0000;
    public static final int SLAB_TRACE = 0x0020_0000;
    public static final int SLAB_NOLEAKTRACE = 0x0080_0000;
    public static final int SLAB_NOTRACK = 0x0100_0000;
    public static final int SLAB_TEMPORARY = SLAB_RECLAIM_ACCOUNT;
    /** CACHE_CREATE_MASK: the flags kmem_cache_create keeps; any other bit is dropped. */
    static final int CACHE_CREATE_MASK = SLAB_HWCACHE_ALIGN | SLAB_CACHE_DMA | SLAB_PANIC | SLAB_DESTROY_BY_RCU
            | SLAB_RED_ZONE | SLAB_POISON | SLAB_STORE_USER | SLAB_TRACE | SLAB_DEBUG_FREE | SLAB_NOLEAKTRACE
            | SLAB_RECLAIM_ACCOUNT | SLAB_NOTRACK | SLAB_MEM_SPREAD;

    /** cache_line_size() on this i386: L1_CACHE_BYTES with CONFIG_X86_L1_CACHE_SHIFT 5. */
    public static final int L1_CACHE_BYTES = 32;
    /** ARCH_SLAB_MINALIGN: __alignof__(unsigned long long), 8 with GCC on i386. */
    public static final int ARCH_SLAB_MINALIGN = 8;
    /** GFP_SLAB_BUG_MASK: flags slab memory cannot honour (it must have a permanent kernel address). */
    static final int GFP_SLAB_BUG_MASK = __GFP_DMA32 | __GFP_HIGHMEM;
    private static final int POINTER_BYTES = 4;

    private final Kernel kernel;
    private final Uma uma;
    private final PageAlloc pages;
    private final Bug bug;
    private final Ratelimit slubOomRs;
    /** slab_caches, newest first. */
    private final List<KmemCache> caches = new ArrayList<>();
    private final Kmalloc kmalloc;

    Slab(Kernel kernel, PageAlloc pages, Bug bug) {
        this.kernel = kernel;
        this.uma = kernel.malloc().uma();
        this.pages = pages;
        this.bug = bug;
        this.slubOomRs = new Ratelimit("slab_out_of_memory", Ratelimit.DEFAULT_INTERVAL_NANOS,
                Ratelimit.DEFAULT_BURST, () -> kernel.machine().clock().nanos(), kernel.console());
        this.kmalloc = new Kmalloc(kernel, this, pages, bug);
    }

    /** The kmalloc family, whose caches this layer made at boot. */
    Kmalloc kmalloc() {
        return kmalloc;
    }

    // ---------------------------------------------------------------------------------------------------------
    // kmem_cache_create / kmem_cache_destroy

    /**
     * kmem_cache_create(): a cache of objects of {@code size} bytes.
     *
     * @param align at least this alignment (0 for the default); a power of two
     * @param flags SLAB_* flags
     * @param ctor  run on each object of each new slab, or null
     * @return the cache, or null (see the class comment for the checks)
     */
    public KmemCache kmem_cache_create(String name, long size, long align, long flags, KmemCache.Ctor ctor) {
        int err = sanityCheck(name, size, align);
        if (err == 0) {
            int f = (int) (flags & CACHE_CREATE_MASK);
            int a = calculateAlignment(f, (int) align, (int) size);
            long nameVa = kmalloc.kstrdup(name, GFP_KERNEL);
            return createCache(name, nameVa, (int) size, a, f, ctor);
        }
        if ((flags & SLAB_PANIC) != 0) {
            throw kernel.panic("kmem_cache_create: Failed to create slab '%s'. Error %d", name, err);
        }
        kernel.console().printf("kmem_cache_create(%s) failed with error %d%n", name == null ? "(null)" : name, err);
        bug.dumpStack();
        return null;
    }

    /** kmem_cache_sanity_check() (CONFIG_DEBUG_VM): 0 or -EINVAL. */
    private int sanityCheck(String name, long size, long align) {
        if (name == null || kernel.inInterrupt() || size < POINTER_BYTES || size > Kmalloc.KMALLOC_MAX_SIZE
                || align < 0 || align > VmLayout.PAGE_SIZE || (align & (align - 1)) != 0) {
            kernel.console().printf("kmem_cache_create(%s) integrity check failed%n", name == null ? "(null)" : name);
            return -Errno.EINVAL;
        }
        if (kernel.options().invariants()) {
            bug.warnOn(name.indexOf(' ') >= 0); // It confuses parsers
        }
        return 0;
    }

    /**
     * calculate_alignment() (mm/slab_common.c): the cache line for SLAB_HWCACHE_ALIGN, halved while the object
     * fits in half of it, never less than the caller's alignment or ARCH_SLAB_MINALIGN, rounded up to a multiple
     * of the pointer size.
     */
    static int calculateAlignment(int flags, int align, int size) {
        if ((flags & SLAB_HWCACHE_ALIGN) != 0) {
            int ralign = L1_CACHE_BYTES;
            while (size <= ralign / 2) {
                ralign /= 2;
            }
            align = Math.max(align, ralign);
        }
        if (align < ARCH_SLAB_MINALIGN) {
            align = ARCH_SLAB_MINALIGN;
        }
        return (align + POINTER_BYTES - 1) & -POINTER_BYTES;
    }

    /**
     * create_cache(): the UMA zone (no trash hooks; DMA pages for SLAB_CACHE_DMA; the constructor as the init
     * hook) and its place at the head of slab_caches.
     */
    KmemCache createCache(String name, long nameVa, int size, int align, int flags, KmemCache.Ctor ctor) {
        int umaFlags = Uma.UMA_ZONE_NOTRASH | ((flags & SLAB_CACHE_DMA) != 0 ? Uma.UMA_ZONE_ISADMA : 0);
        ItemHooks.Init init = ctor == null ? null : (item, sizeBytes, f) -> {
            ctor.construct(item);
            return 0;
        };
        UmaZone zone = uma.zcreate(name, size, null, null, init, null, align - 1, umaFlags);
        KmemCache s = new KmemCache(name, nameVa, size, align, flags, ctor, zone);
        zone.setOwner(s);
        caches.add(0, s);
        return s;
    }

    /**
     * kmem_cache_destroy(): takes the cache away and gives its memory back; NULL does nothing. A cache whose
     * objects are not all freed stays, with its memory, and the failure is printed as 3.10 prints it.
     */
    public void kmem_cache_destroy(KmemCache s) {
        if (s == null) {
            return;
        }
        checkAlive(s, "kmem_cache_destroy");
        if (kmalloc.isKmallocCache(s)) {
            throw bug.bug("kmem_cache_destroy: %s is a kmalloc cache", s.name);
        }
        if (s.zone.used() > 0) {
            kernel.console().printf("kmem_cache_destroy %s: Slab cache still has objects%n", s.name);
            bug.dumpStack();
            return;
        }
        caches.remove(s);
        s.zone.setOwner(null);
        s.destroyed = true;
        uma.zdestroy(s.zone);
        kmalloc.kfree(s.nameVa);
    }

    private void checkAlive(KmemCache s, String fn) {
        if (s.destroyed) {
            throw bug.bug("%s: cache %s has been destroyed", fn, s.name);
        }
    }

    // ---------------------------------------------------------------------------------------------------------
    // kmem_cache_alloc / kmem_cache_free

    /** kmem_cache_alloc(): an object, not zeroed; 0 if a request that may not sleep found no memory. */
    public long kmem_cache_alloc(KmemCache s, int gfp) {
        checkAlive(s, "kmem_cache_alloc");
        return slabAlloc(s, gfp);
    }

    /** kmem_cache_zalloc(): an object with its {@code object_size} bytes zeroed. */
    public long kmem_cache_zalloc(KmemCache s, int gfp) {
        return kmem_cache_alloc(s, gfp | __GFP_ZERO);
    }

    /** slab_alloc(): the GFP checks, then an item of the cache's zone. */
    long slabAlloc(KmemCache s, int gfp) {
        if ((gfp & __GFP_WAIT) != 0) {
            bug.mightSleep();
        }
        if ((gfp & GFP_SLAB_BUG_MASK) != 0) {
            kernel.console().printf("gfp: %d%n", gfp & GFP_SLAB_BUG_MASK);
            throw bug.bug("%s: slab memory cannot honour gfp 0x%x (__GFP_HIGHMEM or __GFP_DMA32)", s.name, gfp);
        }
        long obj = s.zone.alloc(umaFlags(gfp));
        if (obj == 0 && (gfp & __GFP_NOWARN) == 0) {
            slabOutOfMemory(s, gfp);
        }
        return obj;
    }

    /** The malloc(9) flags a GFP mask asks UMA for. */
    static int umaFlags(int gfp) {
        int f = (gfp & (__GFP_WAIT | __GFP_NORETRY)) == __GFP_WAIT ? M_WAITOK : M_NOWAIT;
        if ((gfp & __GFP_HIGH) != 0) {
            f |= M_USE_RESERVE;
        }
        if ((gfp & __GFP_ZERO) != 0) {
            f |= M_ZERO;
        }
        return f;
    }

    /**
     * kmem_cache_free(): gives an object back; 0 (NULL) does nothing. The object's own cache is found from its
     * page; a different cache than {@code s} is reported and the object goes home anyway.
     */
    public void kmem_cache_free(KmemCache s, long x) {
        if (x == 0) {
            return;
        }
        checkAlive(s, "kmem_cache_free");
        UmaSlab us = uma.slabOf(x);
        KmemCache real = us == null ? null : cacheOf(us.zone());
        if (real == null) {
            throw bug.bug("kmem_cache_free: 0x%08x is not an object of any slab cache (freed to %s)", x, s.name);
        }
        if (real != s) {
            kernel.console().printf("cache_from_obj: Wrong slab cache. %s but object is from %s%n", s.name, real.name);
            bug.warnOnOnce(true);
        }
        slabFree(real, real.zone, us, x, "kmem_cache_free");
    }

    /**
     * slab_free(): checks that {@code x} is where an object of {@code us} starts, then frees it to {@code zone},
     * the cache's zone.
     */
    void slabFree(KmemCache s, UmaZone zone, UmaSlab us, long x, String fn) {
        if (!s.objectStart(x - us.dataVa())) {
            throw bug.bug("%s: 0x%08x is not the start of an object of %s", fn, x, s.name);
        }
        zone.free(x);
    }

    /** The cache whose slab holds {@code va}, or null (not a slab object, or another slab allocator's). */
    public KmemCache cacheOf(long va) {
        UmaSlab us = uma.slabOf(va);
        return us == null ? null : cacheOf(us.zone());
    }

    /** The cache of a UMA zone, or null (another allocator's zone, or none). */
    static KmemCache cacheOf(UmaZone zone) {
        return zone != null && zone.owner() instanceof KmemCache s ? s : null;
    }

    /**
     * slab_out_of_memory() (CONFIG_SLUB_DEBUG, 3.10): after the page allocator's failure report, the cache and
     * its one node, rate-limited like any printk_ratelimit user.
     */
    private void slabOutOfMemory(KmemCache s, int gfp) {
        pages.warnAllocFailed(gfp, s.order(), null);
        if (!slubOomRs.allow()) {
            return;
        }
        var console = kernel.console();
        console.printf("SLUB: Unable to allocate memory on node %d (gfp=0x%x)%n", -1, gfp);
        console.printf("  cache: %s, object size: %d, buffer size: %d, default order: %d, min order: %d%n",
                s.name, s.objectSize, s.size(), s.order(), s.order());
        console.printf("  node %d: slabs: %d, objs: %d, free: %d%n", 0, s.numSlabs(), s.numObjs(),
                s.keg.freeItems());
    }

    // ---------------------------------------------------------------------------------------------------------
    // What /proc shows

    /** slab_caches: every cache, newest first (the order of /proc/slabinfo). */
    public List<KmemCache> caches() {
        return Collections.unmodifiableList(caches);
    }

    /**
     * The pages every UMA keg holds in slabs (each slab's whole block counted): the Linux caches and the
     * FreeBSD zones alike, since they are one slab allocator. Large allocations (malloc_large, page-backed
     * kmalloc) are not slab memory, as in 3.10.
     */
    public long slabPages() {
        Set<UmaKeg> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        long n = 0;
        for (UmaZone z : uma.zones()) {
            UmaKeg k = z.keg();
            if (seen.add(k)) {
                n += (long) (k.pages() / k.pagesPerSlab())
                        << PageAlloc.get_order((long) k.pagesPerSlab() << VmLayout.PAGE_SHIFT);
            }
        }
        return n;
    }

    /** NR_SLAB_RECLAIMABLE: the slab pages of caches made with SLAB_RECLAIM_ACCOUNT. */
    public long reclaimablePages() {
        long n = 0;
        for (KmemCache s : caches) {
            if ((s.flags & SLAB_RECLAIM_ACCOUNT) != 0) {
                n += s.slabPages();
            }
        }
        return n;
    }

    /** NR_SLAB_UNRECLAIMABLE: every other slab page. */
    public long unreclaimablePages() {
        return slabPages() - reclaimablePages();
    }
}
