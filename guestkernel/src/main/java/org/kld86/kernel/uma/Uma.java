package org.kld86.kernel.uma;

import static org.kld86.kernel.malloc.MallocFlags.M_NOWAIT;
import static org.kld86.kernel.malloc.MallocFlags.M_USE_RESERVE;
import static org.kld86.kernel.malloc.MallocFlags.M_WAITOK;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.kld86.kernel.Kernel;
import org.kld86.kernel.vm.PageDescriptors;
import org.kld86.kernel.vm.PageRequests;
import org.kld86.kernel.vm.Vm;
import org.kld86.kernel.vm.VmLayout;
import org.kld86.kernel.vm.Zone;

/**
 * The Universal Memory Allocator (zone(9), sys/vm/uma_core.c): zones of fixed-size items, their kegs and slabs,
 * the bucket zones, and the link to the page allocator. Modelled on FreeBSD 11, the era whose vmstat shows the
 * HighUse column.
 *
 * <p>Boot (uma_startup) builds the allocator out of itself: "UMA Kegs" (a static zone and keg, since nothing
 * exists to allocate them from) hands out every keg structure, "UMA Zones" every zone structure, "UMA Slabs" the
 * off-page slab headers, "UMA Hash" the initial slab hash tables, and nine bucket zones "4 Bucket" .. "256 Bucket"
 * the buckets of the per-CPU caches ({@link BucketZones}). Creating a zone really allocates a zone and a keg
 * item, and a bucket really is an item, so vmstat -z shows live numbers for all of them. Their item sizes are
 * FreeBSD 11's structures on i386 (4-byte pointers and longs, 64-byte cache lines), for a kernel built for one
 * CPU:
 * <pre>
 *   UMA Kegs    192  struct uma_keg: a cache-aligned mutex, the hash, four lists, counters, hooks, name
 *   UMA Zones   280  struct uma_zone (256, cache-aligned counters) + one struct uma_cache (24)
 *   UMA Slabs    88  struct uma_slab: keg, links, data, two 256-bit sets (one is INVARIANTS'), 56 without
 *   UMA Hash    128  UMA_HASH_SIZE_INIT (32) list heads
 *   N Bucket    4N   a 12-byte header and N - 3 item pointers (BUCKET_SIZE)
 * </pre>
 *
 * <p>Slabs are pages of low memory from {@link PageRequests}, addressed through the direct map; every page of a
 * slab is marked PG_SLAB and points back to the slab in its page descriptor, which is how an item's address
 * finds its slab, keg and zone ({@link #slabOf}). A request that may sleep (no M_NOWAIT) waits for pages in
 * vm_wait and so never fails; before it sleeps the page allocator runs {@link #reclaim}, registered as a
 * shrinker.
 *
 * <p>{@link #reclaim} drains every cache and every free slab ({@link Reclaim}): afterwards only items someone
 * holds keep pages.
 */
public final class Uma {

    // Zone flags (sys/vm/uma.h).
    public static final int UMA_ZONE_ZINIT = 0x0002;
    public static final int UMA_ZONE_OFFPAGE = 0x0008;
    public static final int UMA_ZONE_MALLOC = 0x0010;
    public static final int UMA_ZONE_NOFREE = 0x0020;
    public static final int UMA_ZONE_MTXCLASS = 0x0040;
    public static final int UMA_ZONE_VM = 0x0080;
    public static final int UMA_ZONE_HASH = 0x0100;
    public static final int UMA_ZONE_MAXBUCKET = 0x0800;
    public static final int UMA_ZONE_VTOSLAB = 0x2000;
    public static final int UMA_ZONE_NODUMP = 0x4000;
    public static final int UMA_ZONE_PCPU = 0x8000;
    /**
     * This kernel's own flag (FreeBSD has none like it): never give the zone INVARIANTS' trash hooks, because its
     * users count on freed memory keeping what they left in it. The Linux slab caches use it: SLUB without
     * slub_debug does not poison objects, and kmalloc memory holds whatever was there before.
     */
    public static final int UMA_ZONE_NOTRASH = 0x0100_0000;
    /**
     * This kernel's own flag: slabs come from pages below 16 MiB (the DMA zone). FreeBSD would give such a zone
     * its own page allocator with uma_zone_set_allocf; the Linux caches with SLAB_CACHE_DMA (dma-kmalloc-N)
     * need it.
     */
    public static final int UMA_ZONE_ISADMA = 0x0200_0000;
    static final int UMA_ZONE_INHERIT = UMA_ZONE_OFFPAGE | UMA_ZONE_MALLOC | UMA_ZONE_NOFREE | UMA_ZONE_VM
            | UMA_ZONE_HASH | UMA_ZONE_VTOSLAB | UMA_ZONE_PCPU;
    // Internal zone flags (sys/vm/uma_int.h).
    static final int UMA_ZFLAG_BUCKET = 0x1000_0000;
    public static final int UMA_ZFLAG_INTERNAL = 0x2000_0000;
    static final int UMA_ZFLAG_FULL = 0x4000_0000;
    /**
     * FreeBSD 13's UMA_ZFLAG_CTORDTOR: the zone's items go through a constructor or destructor, or (this kernel
     * under INVARIANTS, as UMA_ALWAYS_CTORDTOR) through the debugging checks; without it the per-CPU cache hands
     * items out and takes them back with nothing else to do.
     */
    static final int UMA_ZFLAG_CTORDTOR = 0x0800_0000;
    static final int UMA_ZFLAG_INHERIT = UMA_ZFLAG_INTERNAL | UMA_ZFLAG_BUCKET;

    // Alignment masks: an item is aligned to mask + 1.
    public static final int UMA_ALIGN_PTR = 4 - 1;
    public static final int UMA_ALIGN_LONG = 4 - 1;
    public static final int UMA_ALIGN_INT = 4 - 1;
    public static final int UMA_ALIGN_SHORT = 2 - 1;
    public static final int UMA_ALIGN_CHAR = 0;
    /** Align to the cache line (uma_align_cache, 64 bytes). */
    public static final int UMA_ALIGN_CACHE = -1;
    private static final int UMA_ALIGN_CACHE_MASK = 64 - 1;

    // FreeBSD 11 structure sizes on i386 (see the class comment).
    static final int UMA_KEG_BYTES = 192;
    static final int UMA_ZONE_BYTES = 256 + 24;
    private static final int UMA_SLAB_BYTES = 56;
    private static final int SLAB_DEBUG_BITS_BYTES = 32;
    static final int UMA_HASH_SIZE_INIT = 32;

    /** The static boot structures sit in the kernel image's bss, in its last page. */
    private static final long BOOT_STRUCTS_VA = VmLayout.PAGE_OFFSET + VmLayout.KERNEL_LOAD_PA
            + VmLayout.KERNEL_IMAGE_BYTES - VmLayout.PAGE_SIZE;
    private static final long MASTERKEG_VA = BOOT_STRUCTS_VA;
    private static final long MASTERZONE_K_VA = BOOT_STRUCTS_VA + 0x100;
    private static final long MASTERZONE_Z_VA = BOOT_STRUCTS_VA + 0x200;

    private final Kernel kernel;
    private final Vm vm;
    /** The page descriptors and the end of the direct map, at hand for {@link #slabOf}, which every free asks. */
    private final PageDescriptors descriptors;
    private final long directMapEnd;
    private final Trash trash;
    private final boolean invariants;
    private final List<UmaKeg> kegs = new ArrayList<>();
    private final Map<Long, UmaKeg> kegAt = new HashMap<>();
    private final Map<Long, UmaZone> zoneAt = new HashMap<>();
    private final UmaZone kegsZone;
    private final UmaZone zonesZone;
    private final UmaZone slabZone;
    private final UmaZone hashZone;
    private final BucketZones buckets;
    private final LargeMalloc large;
    private final Reclaim reclaim;
    private final ItemHooks.Init zeroInit;

    /** uma_startup: the boot zones, then uma_reclaim registered as a shrinker of the page allocator. */
    public Uma(Kernel kernel) {
        this.kernel = kernel;
        this.vm = kernel.vm();
        this.descriptors = vm.pages();
        this.directMapEnd = vm.layout().highMemory();
        this.invariants = kernel.options().invariants();
        this.trash = new Trash(kernel);
        this.zeroInit = (item, size, flags) -> {
            kernel.memory().fill(item, size, 0);
            return 0;
        };
        UmaKeg masterkeg = new UmaKeg(this, MASTERKEG_VA, "UMA Kegs", UMA_KEG_BYTES, zeroInit, null, 32 - 1,
                UMA_ZFLAG_INTERNAL);
        kegs.add(masterkeg);
        kegsZone = new UmaZone(this, MASTERZONE_K_VA, "UMA Kegs", this::kegCtor, this::kegDtor, masterkeg, 0);
        UmaKeg zonesKeg = createKeg("UMA Zones", UMA_ZONE_BYTES, zeroInit, null, 32 - 1, UMA_ZFLAG_INTERNAL);
        zonesZone = new UmaZone(this, MASTERZONE_Z_VA, "UMA Zones", this::zoneCtor, this::zoneDtor, zonesKeg, 0);
        slabZone = zcreate("UMA Slabs", slabHeaderBytes(), null, null, null, null, UMA_ALIGN_PTR, UMA_ZFLAG_INTERNAL);
        hashZone = zcreate("UMA Hash", 4 * UMA_HASH_SIZE_INIT, null, null, null, null, UMA_ALIGN_PTR,
                UMA_ZFLAG_INTERNAL);
        this.reclaim = new Reclaim(this);
        this.buckets = new BucketZones(this);
        this.large = new LargeMalloc(this);
        kernel.pageRequests().addShrinker(this::reclaim);
        kernel.sysctl().addLong("vm.zone_count", "Number of UMA zones", () -> zones().size(), null);
    }

    // ---------------------------------------------------------------------------------------------------------
    // Zones and kegs

    /** What uma_zcreate passes to the "UMA Zones" constructor. */
    private record ZoneArgs(String name, int size, ItemHooks.Ctor ctor, ItemHooks.Dtor dtor, ItemHooks.Init init,
            ItemHooks.Fini fini, int align, int flags, UmaZone[] out) {
    }

    /** What uma_kcreate passes to the "UMA Kegs" constructor. */
    private record KegArgs(String name, int size, ItemHooks.Init init, ItemHooks.Fini fini, int align, int flags,
            UmaKeg[] out) {
    }

    /**
     * uma_zcreate(9). {@code align} is a mask ({@link #UMA_ALIGN_PTR} etc., or {@link #UMA_ALIGN_CACHE}).
     * Under INVARIANTS a zone given no hooks at all gets the trash hooks, which junk free items and catch writes
     * after free, unless it is UMA_ZONE_ZINIT, UMA_ZONE_NOFREE or {@link #UMA_ZONE_NOTRASH}.
     */
    public UmaZone zcreate(String name, int size, ItemHooks.Ctor ctor, ItemHooks.Dtor dtor, ItemHooks.Init init,
            ItemHooks.Fini fini, int align, int flags) {
        if (name == null || size < 0) {
            throw new IllegalArgumentException("uma_zcreate: bad name or size: " + name + ", " + size);
        }
        if (align != UMA_ALIGN_CACHE && (align < 0 || ((align + 1) & align) != 0)) {
            throw kernel.panic("invalid zone alignment %d for \"%s\"", align, name);
        }
        if (invariants && (flags & (UMA_ZONE_ZINIT | UMA_ZONE_NOFREE | UMA_ZONE_NOTRASH)) == 0 && ctor == null
                && dtor == null
                && init == null && fini == null) {
            ctor = trash.trashCtor;
            dtor = trash.trashDtor;
            init = trash.trashInit;
            fini = trash.trashFini;
        }
        UmaZone[] out = new UmaZone[1];
        zonesZone.allocItem(new ZoneArgs(name, size, ctor, dtor, init, fini, align, flags, out), M_WAITOK);
        return out[0];
    }

    /**
     * uma_zdestroy(9): drains the zone and frees it and its keg. If users still hold items, FreeBSD's keg_dtor
     * complains ({@code Freed UMA keg (%s) was not empty (%u items).  Lost %u pages of memory.}) and the pages
     * holding them are lost for good: they stay allocated and marked, so nothing else is handed them, and any
     * later use of the zone panics.
     */
    public void zdestroy(UmaZone zone) {
        if (zone.destroyed) {
            throw kernel.panic("uma_zdestroy: zone %s(0x%x) has been destroyed", zone.name, zone.va);
        }
        zonesZone.freeItem(zone.va, null, UmaZone.SKIP_NONE);
    }

    private UmaKeg createKeg(String name, int size, ItemHooks.Init init, ItemHooks.Fini fini, int align, int flags) {
        UmaKeg[] out = new UmaKeg[1];
        int mask = align == UMA_ALIGN_CACHE ? UMA_ALIGN_CACHE_MASK : align;
        kegsZone.allocItem(new KegArgs(name, size, init, fini, mask, flags, out), M_WAITOK);
        return out[0];
    }

    /** keg_ctor, the constructor of "UMA Kegs" items. */
    private int kegCtor(long item, int size, Object arg, int flags) {
        KegArgs a = (KegArgs) arg;
        UmaKeg keg = new UmaKeg(this, item, a.name, a.size, a.init, a.fini, a.align, a.flags);
        if ((keg.flags & UMA_ZONE_HASH) != 0) {
            keg.hashVa = hashZone.allocItem(null, M_WAITOK);
        }
        kegs.add(keg);
        kegAt.put(item, keg);
        a.out[0] = keg;
        return 0;
    }

    /** keg_dtor: the complaint about items still held, and the hash table. */
    private void kegDtor(long item, int size, Object arg) {
        UmaKeg keg = kegAt.remove(item);
        kegs.remove(keg);
        if (keg.pages != 0) {
            kernel.console().printf("Freed UMA keg (%s) was not empty (%d items).  Lost %d pages of memory.\n",
                    keg.name, keg.itemsInUse(), keg.pages);
        }
        if (keg.hashVa != 0) {
            hashZone.freeItem(keg.hashVa, null, UmaZone.SKIP_NONE);
        }
    }

    /** zone_ctor, the constructor of "UMA Zones" items: a keg of its own, and the bucket size. */
    private int zoneCtor(long item, int size, Object arg, int flags) {
        ZoneArgs a = (ZoneArgs) arg;
        UmaKeg keg = createKeg(a.name, a.size, a.init, a.fini, a.align, a.flags);
        int count = 0;
        if ((keg.flags & UMA_ZFLAG_INTERNAL) == 0) {
            count = (a.flags & UMA_ZONE_MAXBUCKET) != 0 ? BucketZones.MAX : BucketZones.select(keg.size);
        }
        UmaZone zone = new UmaZone(this, item, a.name, a.ctor, a.dtor, keg, count);
        zoneAt.put(item, zone);
        a.out[0] = zone;
        return 0;
    }

    /** zone_dtor: drain, then free the keg. */
    private void zoneDtor(long item, int size, Object arg) {
        UmaZone zone = zoneAt.remove(item);
        if ((zone.flags & UMA_ZFLAG_INTERNAL) == 0) {
            Reclaim.cacheDrain(zone);
        }
        Reclaim.bucketCacheDrain(zone);
        zone.keg.drain();
        zone.keg.removeZone(zone);
        zone.destroyed = true;
        kegsZone.freeItem(zone.keg.va, null, UmaZone.SKIP_NONE);
    }

    // ---------------------------------------------------------------------------------------------------------
    // Reclaim

    /**
     * uma_reclaim(): every cached item back to its slab, every empty bucket back to its zone, every free slab
     * back to the page allocator. Returns whether any page was freed, as a shrinker must.
     */
    public boolean reclaim() {
        return reclaim.reclaim();
    }

    /** Whether a reclaim is running (bucket caching is held off meanwhile). */
    boolean reclaiming() {
        return reclaim.running();
    }

    /** Every keg, oldest first. */
    List<UmaKeg> kegs() {
        return kegs;
    }

    // ---------------------------------------------------------------------------------------------------------
    // Pages

    /** The buddy order of the smallest block of at least {@code pages} pages. */
    static int orderOf(int pages) {
        int order = 0;
        while ((1 << order) < pages) {
            order++;
        }
        return order;
    }

    /**
     * page_alloc for a slab: 2^order pages of low memory (of the DMA zone only, for {@code highestZone}
     * {@link Zone#DMA}), waited for unless M_NOWAIT; a slab whose page count is not a power of two leaves the
     * tail of its block unused. Returns the first frame, or -1.
     */
    int pageAlloc(int order, int highestZone, int flags, boolean zero) {
        int mode = PageRequests.NOWARN;
        if ((flags & M_NOWAIT) == 0) {
            mode |= PageRequests.WAIT;
        }
        if ((flags & M_USE_RESERVE) != 0) {
            mode |= PageRequests.RESERVE;
        }
        int pfn = kernel.pageRequests().allocPages(order, highestZone, mode);
        if (pfn == PageDescriptors.NO_PFN) {
            return -1;
        }
        if (zero) {
            kernel.memory().fill(vm.pfnToVirt(pfn), (long) VmLayout.PAGE_SIZE << order, 0);
        }
        return pfn;
    }

    void pageFree(int pfn, int order) {
        kernel.pageRequests().freePages(pfn, order);
    }

    /** vsetslab() for every page of a slab, and the page's slab cache: the zone its items are freed to. */
    void setSlab(UmaSlab slab, int pages) {
        PageDescriptors pd = vm.pages();
        for (int i = 0; i < pages; i++) {
            pd.setFlag(slab.pfn + i, PageDescriptors.PG_SLAB);
            pd.setSlab(slab.pfn + i, slab);
        }
        setSlabCache(slab, pages, slab.keg.primaryZone());
    }

    /** Points every page of a slab at {@code zone}, its keg's first zone ({@link #itemZone}). */
    void setSlabCache(UmaSlab slab, int pages, UmaZone zone) {
        for (int i = 0; i < pages; i++) {
            descriptors.setSlabCache(slab.pfn + i, zone);
        }
    }

    /**
     * The zone an item at {@code va} is freed to, read in one load from its page's descriptor: what
     * {@code slabOf(va).zone()} answers for an item of a UMA slab, which is always in the direct map. Null for
     * any other address, and for the pages of a keg that has lost its zone.
     */
    public UmaZone itemZone(long va) {
        if (va >= VmLayout.PAGE_OFFSET && va < directMapEnd) {
            return (UmaZone) descriptors.slabCache((int) ((va - VmLayout.PAGE_OFFSET) >>> VmLayout.PAGE_SHIFT));
        }
        return null;
    }

    /**
     * The slab that holds {@code va}, found through the page descriptor of its frame: any page of a UMA slab, or
     * the first page of a large malloc. Null for any other address.
     */
    public UmaSlab slabOf(long va) {
        int pfn;
        if (va >= VmLayout.PAGE_OFFSET && va < directMapEnd) {
            pfn = (int) ((va - VmLayout.PAGE_OFFSET) >>> VmLayout.PAGE_SHIFT);
        } else if (vm.kmemArena().contains(va)) {
            long pa = vm.pmap().extract(va);
            if (pa < 0) {
                return null;
            }
            pfn = (int) (pa >>> VmLayout.PAGE_SHIFT);
        } else {
            return null;
        }
        PageDescriptors pd = descriptors;
        if (!pd.valid(pfn) || !(pd.slab(pfn) instanceof UmaSlab s)) {
            return null;
        }
        return pd.hasFlag(pfn, PageDescriptors.PG_SLAB) || pd.hasFlag(pfn, PageDescriptors.PG_LARGE) ? s : null;
    }

    /**
     * vtoslab() as malloc(9) sees it: the slab of a malloc zone item or of a large malloc. FreeBSD marks only
     * those pages (the VTOSLAB kegs), so the item of an ordinary zone is not found here.
     */
    public UmaSlab vtoslab(long va) {
        UmaSlab s = slabOf(va);
        return s != null && (s.isLarge() || (s.keg.flags & UMA_ZONE_VTOSLAB) != 0) ? s : null;
    }

    /** uma_large_malloc(): {@code sizeBytes} (page-rounded) in the kmem arena; 0 on failure. */
    public long largeMalloc(long sizeBytes, int flags) {
        return large.malloc(sizeBytes, flags);
    }

    /** uma_large_free(). */
    public void largeFree(UmaSlab slab) {
        large.free(slab);
    }

    // ---------------------------------------------------------------------------------------------------------
    // Accessors

    Kernel kernel() {
        return kernel;
    }

    boolean invariants() {
        return invariants;
    }

    ItemHooks.Init zeroInit() {
        return zeroInit;
    }

    /** sizeof(struct uma_slab): the INVARIANTS kernel has a second bit set in it. */
    int slabHeaderBytes() {
        return UMA_SLAB_BYTES + (invariants ? SLAB_DEBUG_BITS_BYTES : 0);
    }

    public Trash trash() {
        return trash;
    }

    public UmaZone kegsZone() {
        return kegsZone;
    }

    public UmaZone zonesZone() {
        return zonesZone;
    }

    public UmaZone slabZone() {
        return slabZone;
    }

    public UmaZone hashZone() {
        return hashZone;
    }

    /** The bucket zones, smallest first. */
    public List<UmaZone> bucketZones() {
        return buckets.zones();
    }

    BucketZones buckets() {
        return buckets;
    }

    /** Every zone, in the order their kegs were created (the order vmstat -z lists them). */
    public List<UmaZone> zones() {
        List<UmaZone> out = new ArrayList<>();
        for (UmaKeg k : kegs) {
            out.addAll(k.zones);
        }
        return Collections.unmodifiableList(out);
    }

    /** The zone called {@code name}, or null (the first one, if several share it). */
    public UmaZone zone(String name) {
        for (UmaZone z : zones()) {
            if (z.name.equals(name)) {
                return z;
            }
        }
        return null;
    }
}
