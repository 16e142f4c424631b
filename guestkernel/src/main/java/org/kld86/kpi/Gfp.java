package org.kld86.kpi;

/**
 * linux/gfp.h: the GFP ("get free pages") flags of kmalloc, kmem_cache_alloc and the page allocator, with Linux
 * 3.10's values. A request combines one of the usual masks with modifiers:
 * {@code kmalloc(n, GFP_KERNEL)}, {@code kmalloc(n, GFP_ATOMIC | __GFP_NOWARN)}, {@code __get_free_pages(GFP_KERNEL
 * | GFP_DMA, 2)}.
 *
 * <ul>
 *   <li>{@link #GFP_KERNEL}: process context; may sleep until memory is there, and then never fails.</li>
 *   <li>{@link #GFP_ATOMIC}: interrupt handlers and code that must not sleep; may use the emergency reserve; can
 *       fail, so check for NULL.</li>
 *   <li>{@link #GFP_DMA}: memory an ISA DMA engine can reach, below 16 MiB.</li>
 *   <li>{@link #__GFP_ZERO}: zeroed memory; {@link #__GFP_NOWARN}: no failure report on the console.</li>
 * </ul>
 *
 * <p>The trap: GFP_KERNEL in interrupt context is a bug ("BUG: sleeping function called from invalid context"),
 * and the kernel stops there. __GFP_HIGHMEM is only for page allocations (alloc_pages): slab memory must have a
 * kernel address, and kmalloc with it is a BUG.
 */
public final class Gfp {

    private Gfp() {
    }

    /** Zone modifier: ZONE_DMA only (below 16 MiB). */
    public static final int __GFP_DMA = org.kld86.kernel.linux.Gfp.__GFP_DMA;
    /** Zone modifier: HighMem allowed (pages without a permanent address; alloc_pages only). */
    public static final int __GFP_HIGHMEM = org.kld86.kernel.linux.Gfp.__GFP_HIGHMEM;
    /** Zone modifier: no ZONE_DMA32 on i386, so the same as none. */
    public static final int __GFP_DMA32 = org.kld86.kernel.linux.Gfp.__GFP_DMA32;
    /** Zone modifier: the page may be migrated (no effect here). */
    public static final int __GFP_MOVABLE = org.kld86.kernel.linux.Gfp.__GFP_MOVABLE;
    /** May sleep (3.10's name; 4.4+ calls it __GFP_DIRECT_RECLAIM). */
    public static final int __GFP_WAIT = org.kld86.kernel.linux.Gfp.__GFP_WAIT;
    /** May use the emergency reserve. */
    public static final int __GFP_HIGH = org.kld86.kernel.linux.Gfp.__GFP_HIGH;
    /** May start physical I/O to free memory. */
    public static final int __GFP_IO = org.kld86.kernel.linux.Gfp.__GFP_IO;
    /** May call into a file system to free memory. */
    public static final int __GFP_FS = org.kld86.kernel.linux.Gfp.__GFP_FS;
    /** Cache-cold page wanted (no effect here). */
    public static final int __GFP_COLD = org.kld86.kernel.linux.Gfp.__GFP_COLD;
    /** No "page allocation failure" report when the request fails. */
    public static final int __GFP_NOWARN = org.kld86.kernel.linux.Gfp.__GFP_NOWARN;
    /** Try hard (no effect here: a request that may sleep never fails). */
    public static final int __GFP_REPEAT = org.kld86.kernel.linux.Gfp.__GFP_REPEAT;
    /** Must not fail; warned about above order 1. */
    public static final int __GFP_NOFAIL = org.kld86.kernel.linux.Gfp.__GFP_NOFAIL;
    /** Give up instead of waiting for memory. */
    public static final int __GFP_NORETRY = org.kld86.kernel.linux.Gfp.__GFP_NORETRY;
    /** May use all emergency reserves (no effect here). */
    public static final int __GFP_MEMALLOC = org.kld86.kernel.linux.Gfp.__GFP_MEMALLOC;
    /** A compound page (kmalloc sets it for its page blocks). */
    public static final int __GFP_COMP = org.kld86.kernel.linux.Gfp.__GFP_COMP;
    /** Zero the memory. */
    public static final int __GFP_ZERO = org.kld86.kernel.linux.Gfp.__GFP_ZERO;
    /** Never the emergency reserves (no effect here). */
    public static final int __GFP_NOMEMALLOC = org.kld86.kernel.linux.Gfp.__GFP_NOMEMALLOC;
    /** Keep to the cpuset (no effect here). */
    public static final int __GFP_HARDWALL = org.kld86.kernel.linux.Gfp.__GFP_HARDWALL;
    /** This NUMA node only (one node here). */
    public static final int __GFP_THISNODE = org.kld86.kernel.linux.Gfp.__GFP_THISNODE;
    /** The page can be reclaimed (no effect here). */
    public static final int __GFP_RECLAIMABLE = org.kld86.kernel.linux.Gfp.__GFP_RECLAIMABLE;

    /** Never sleeps, may use the reserve: interrupt handlers. */
    public static final int GFP_ATOMIC = org.kld86.kernel.linux.Gfp.GFP_ATOMIC;
    /** Never sleeps, no reserve. */
    public static final int GFP_NOWAIT = org.kld86.kernel.linux.Gfp.GFP_NOWAIT;
    /** May sleep, but start no I/O. */
    public static final int GFP_NOIO = org.kld86.kernel.linux.Gfp.GFP_NOIO;
    /** May sleep, but call no file system. */
    public static final int GFP_NOFS = org.kld86.kernel.linux.Gfp.GFP_NOFS;
    /** Process context: may sleep. */
    public static final int GFP_KERNEL = org.kld86.kernel.linux.Gfp.GFP_KERNEL;
    /** Memory for user space: may sleep. */
    public static final int GFP_USER = org.kld86.kernel.linux.Gfp.GFP_USER;
    /** User pages, HighMem allowed: for alloc_pages only. */
    public static final int GFP_HIGHUSER = org.kld86.kernel.linux.Gfp.GFP_HIGHUSER;
    /** ZONE_DMA: below 16 MiB. */
    public static final int GFP_DMA = org.kld86.kernel.linux.Gfp.GFP_DMA;
}
