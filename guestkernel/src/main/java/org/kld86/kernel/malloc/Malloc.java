package org.kld86.kernel.malloc;

import static org.kld86.kernel.malloc.MallocFlags.M_NOWAIT;
import static org.kld86.kernel.malloc.MallocFlags.M_WAITOK;
import static org.kld86.kernel.malloc.MallocFlags.M_ZERO;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.kld86.kernel.Kernel;
import org.kld86.kernel.uma.Trash;
import org.kld86.kernel.uma.Uma;
import org.kld86.kernel.uma.UmaSlab;
import org.kld86.kernel.uma.UmaZone;
import org.kld86.kernel.vm.KernelMemory;
import org.kld86.kernel.vm.VmLayout;

/**
 * The kernel's malloc(9) (sys/kern/kern_malloc.c, FreeBSD 11 with the malloc_usable_size and zfree of later
 * releases): small requests from a ladder of UMA zones, large ones as whole pages from the kmem arena, every
 * allocation counted against its {@link MallocType}.
 *
 * <p>Routing. A request of at most {@code kmem_zmax} bytes is rounded up to a multiple of 16, then served by the
 * smallest zone of the ladder "16", "32", ... "65536" that holds it: malloc(0) is a 16-byte item, malloc(260) a
 * 512-byte one. {@code kmem_zmax} (sysctl vm.kmem_zmax) is 65536, or the page size on a machine of at most 32768
 * pages (128 MiB), as kmeminit sets it. Anything larger is rounded up to whole pages
 * ({@code uma_large_malloc}). The statistics count what was handed out, the rounded size.
 *
 * <p>INVARIANTS (on by default): the malloc zones junk their free items and check the junk when handing an item
 * out again (see {@link Trash}); free(9) stores the freeing type in the item's last word so the report can name
 * it. The word holds the type's ks_handle, the address of its malloc_type_internal in mt_zone, which is as good
 * a kernel pointer as FreeBSD's struct malloc_type address and names the type for as long as the kernel runs.
 * A call with neither or both of M_WAITOK and M_NOWAIT prints {@code Bad malloc flags: %x} the first time and
 * is treated as M_WAITOK every time (FreeBSD fixes up only the first call; the later ones then sleep
 * anyway unless M_NOWAIT is set, except that a call with both would not). M_WAITOK in interrupt context panics
 * {@code malloc(M_WAITOK) in interrupt context}. Without INVARIANTS none of this is checked, and a call that
 * does not say M_NOWAIT may sleep.
 *
 * <p>MALLOC_MAKE_FAILURES: with {@code debug.malloc.failure_rate} at n, every n-th M_NOWAIT malloc fails before
 * it is tried ({@code debug.malloc.failure_count} counts them). DIAGNOSTIC: a malloc without M_ZERO fills the
 * requested bytes with 0x70, as the kernels of that era did.
 *
 * <p>Boot ends by draining the caches that the boot-time allocations filled (uma_reclaim), so the state after
 * boot is the one every later uma_reclaim returns to once everything allocated since has been freed.
 */
public final class Malloc {

    static final int KMEM_ZSHIFT = 4;
    static final int KMEM_ZBASE = 16;
    static final int KMEM_ZMASK = KMEM_ZBASE - 1;
    /** The largest zone of the ladder. */
    public static final int KMEM_ZMAX = 65536;
    /** realloc keeps a block that would be more than half used (REALLOC_FRACTION 1). */
    static final int REALLOC_FRACTION = 1;
    /** MINALLOCSIZE: the smallest item, UMA_SMALLEST_UNIT. */
    public static final int MINALLOCSIZE = 16;
    /** kmeminit: machines of at most this many pages get kmem_zmax = PAGE_SIZE ("delphij XXX 128MB"). */
    static final long SMALL_MACHINE_PAGES = 32768;
    /** sizeof(struct malloc_type_internal) on i386 for one CPU: probe ids (8), zone index (4), one stats (64). */
    static final int MALLOC_TYPE_INTERNAL_BYTES = 76;
    private static final long PAGE_MASK = VmLayout.PAGE_SIZE - 1;
    private static final long SIZE_MAX = 0xFFFF_FFFFL;

    private final Kernel kernel;
    private final KernelMemory mem;
    private final Uma uma;
    private final boolean invariants;
    /** The MALLOC_MAKE_FAILURES and DIAGNOSTIC options, read once: every malloc asks. */
    private final boolean makeFailures;
    private final boolean diagnostic;
    private final long kmemZmax;
    private final UmaZone mtZone;
    private final UmaZone[] kmemzones = new UmaZone[13];
    private final byte[] kmemsize = new byte[(KMEM_ZMAX >> KMEM_ZSHIFT) + 1];
    /** kmemzones[kmemsize[i]]: the zone of a request of at most 16 * i bytes, one load from the size. */
    private final UmaZone[] kmemzoneFor = new UmaZone[kmemsize.length];
    /** No INVARIANTS, MALLOC_MAKE_FAILURES or DIAGNOSTIC: malloc(9) has nothing to check or fill. */
    private final boolean plain;
    /** kmemstatistics: the registered types, newest first. */
    private final List<MallocType> kmemstatistics = new ArrayList<>();
    /** Every type ever registered, by its handle, to name the freeing type in a trash report. */
    private final Map<Long, MallocType> byHandle = new HashMap<>();
    private final Contigmalloc contig;
    private boolean badFlagsReported;
    private long failureRate;
    private long nowaitCount;
    private long failureCount;

    /** M_CACHE "cache": defined by kern_malloc.c itself. */
    public final MallocType M_CACHE;
    /** M_DEVBUF "devbuf": device driver memory. */
    public final MallocType M_DEVBUF;
    /** M_TEMP "temp": misc temporary data buffers. */
    public final MallocType M_TEMP;

    /** kmeminit and mallocinit: UMA, mt_zone, the zone ladder, the kernel's own types, the sysctls. */
    public Malloc(Kernel kernel) {
        this.kernel = kernel;
        this.mem = kernel.memory();
        this.invariants = kernel.options().invariants();
        this.makeFailures = kernel.options().mallocMakeFailures();
        this.diagnostic = kernel.options().diagnostic();
        this.plain = !invariants && !makeFailures && !diagnostic;
        this.uma = new Uma(kernel);
        this.kmemZmax = kernel.vm().managedPages() <= SMALL_MACHINE_PAGES ? VmLayout.PAGE_SIZE : KMEM_ZMAX;
        Trash.Hooks h = invariants ? uma.trash().mtrash(this::shortdescAt) : new Trash.Hooks(null, null, null, null);
        mtZone = uma.zcreate("mt_zone", MALLOC_TYPE_INTERNAL_BYTES, h.ctor(), h.dtor(), h.init(), h.fini(),
                Uma.UMA_ALIGN_PTR, Uma.UMA_ZONE_MALLOC);
        int i = 0;
        for (int indx = 0; indx < kmemzones.length; indx++) {
            int size = KMEM_ZBASE << indx;
            kmemzones[indx] = uma.zcreate(Integer.toString(size), size, h.ctor(), h.dtor(), h.init(), h.fini(),
                    Uma.UMA_ALIGN_PTR, Uma.UMA_ZONE_MALLOC);
            for (; i <= size; i += KMEM_ZBASE) {
                kmemsize[i >> KMEM_ZSHIFT] = (byte) indx;
                kmemzoneFor[i >> KMEM_ZSHIFT] = kmemzones[indx];
            }
        }
        this.contig = new Contigmalloc(kernel, this);
        declareSysctls();
        M_CACHE = define("cache", "Various Dead Stuff");
        M_DEVBUF = define("devbuf", "device driver memory");
        M_TEMP = define("temp", "misc temporary data buffers");
        uma.reclaim();
    }

    private void declareSysctls() {
        kernel.sysctl().addLong("kern.malloc_count", "Count of kernel malloc types", kmemstatistics::size, null);
        kernel.sysctl().addLong("vm.kmem_zmax", "Maximum allocation size that malloc(9) would use UMA as backend",
                () -> kmemZmax, null);
        // kern_malloc.c: the kmem arena that large allocations (and here module images) are carved from.
        var kmem = kernel.vm().kmemArena();
        kernel.sysctl().addLong("vm.kmem_size", "Size of kernel memory", () -> kmem.end() - kmem.start(), null);
        kernel.sysctl().addLong("vm.kmem_size_max", "Maximum size of kernel memory",
                () -> kmem.end() - kmem.start(), null);
        kernel.sysctl().addLong("vm.kmem_map_size", "Current kmem allocation size", kmem::allocatedBytes, null);
        kernel.sysctl().addLong("vm.kmem_map_free", "Free space in kmem",
                () -> kmem.end() - kmem.start() - kmem.allocatedBytes(), null);
        if (kernel.options().mallocMakeFailures()) {
            kernel.sysctl().addLong("debug.malloc.failure_rate", "Every (n) mallocs with M_NOWAIT will fail",
                    () -> failureRate, v -> {
                        if (v < 0 || v > Integer.MAX_VALUE) {
                            throw new IllegalArgumentException("debug.malloc.failure_rate: bad value " + v);
                        }
                        failureRate = v;
                    });
            kernel.sysctl().addLong("debug.malloc.failure_count", "Number of imposed M_NOWAIT malloc failures",
                    () -> failureCount, null);
        }
    }

    // ---------------------------------------------------------------------------------------------------------
    // Types

    /** MALLOC_DEFINE plus its SYSINIT: a new type, registered. */
    public MallocType define(String shortdesc, String longdesc) {
        MallocType t = new MallocType(shortdesc, longdesc);
        init(t);
        return t;
    }

    /** malloc_init(): registers a type at the head of kmemstatistics (kern.malloc_count counts them). */
    public void init(MallocType type) {
        if (type.magic != MallocType.M_MAGIC) {
            throw kernel.panic("malloc_init: bad malloc type magic");
        }
        if (type.handle != 0) {
            throw kernel.panic("malloc_init: type %s is already registered", type.shortdesc());
        }
        long mtip = mtZone.alloc(M_WAITOK | M_ZERO);
        type.handle = mtip;
        byHandle.put(mtip, type);
        kmemstatistics.add(0, type);
    }

    /**
     * malloc_uninit(): takes a type away (at kldunload) and looks for memory leaks: if the type's allocations
     * outnumber its frees, or its bytes allocated exceed its bytes freed, it prints
     * {@code Warning: memory type %s leaked memory on destroy (%ld allocations, %ld bytes leaked).}
     */
    public void uninit(MallocType type) {
        if (type.handle == 0) {
            throw kernel.panic("malloc_deregister: cookie NULL");
        }
        kmemstatistics.remove(type);
        long mtip = type.handle;
        type.handle = 0;
        // Look for memory leaks.
        long tempAllocs = type.numallocs() - type.numfrees();
        long tempBytes = type.memalloced() - type.memfreed();
        if (tempAllocs > 0 || tempBytes > 0) {
            kernel.console().printf(
                    "Warning: memory type %s leaked memory on destroy (%d allocations, %d bytes leaked).\n",
                    type.shortdesc(), tempAllocs, tempBytes);
        }
        mtZone.free(mtip);
    }

    /** The registered types, oldest first (the order vmstat -m prints them). */
    public List<MallocType> types() {
        List<MallocType> out = new ArrayList<>(kmemstatistics);
        Collections.reverse(out);
        return out;
    }

    /** The short description of the type whose handle is {@code handle}, or null: for the trash report. */
    private String shortdescAt(long handle) {
        MallocType t = byHandle.get(handle);
        return t == null ? null : t.shortdesc();
    }

    // ---------------------------------------------------------------------------------------------------------
    // malloc(9)

    /**
     * malloc(9): {@code size} bytes (an unsigned long: 0 to 2^32 - 1) labelled {@code type}. Returns the kernel
     * virtual address, or 0 (NULL) if M_NOWAIT was given and the memory was not at hand.
     */
    public long malloc(long size, MallocType type, int flags) {
        // The common case first: a small request of a registered type on a kernel with none of the options
        // that check or fill, served from its zone of the ladder.
        if (plain && size >= 0 && size <= kmemZmax && type != null && type.handle != 0) {
            UmaZone zone = kmemzoneFor[(int) ((size + KMEM_ZMASK) >> KMEM_ZSHIFT)];
            long va = zone.alloc(flags);
            if (va != 0) {
                type.ladderAllocated(zone.size());
            } else {
                // The zone of 16 << indx bytes: its index is in its size.
                type.zoneAllocated(0, Integer.numberOfTrailingZeros(zone.size()) - KMEM_ZSHIFT);
            }
            return va;
        }
        return mallocChecked(size, type, flags);
    }

    /** malloc(9) with every check and option, out of line. */
    private long mallocChecked(long size, MallocType type, int flags) {
        checkSize("malloc", size);
        flags = checkFlags("malloc", type, flags);
        if (makeFailures && (flags & M_NOWAIT) != 0 && failureRate != 0) {
            nowaitCount++;
            if (nowaitCount % failureRate == 0) {
                failureCount++;
                return 0;
            }
        }
        if (invariants && (flags & M_WAITOK) != 0 && kernel.inInterrupt()) {
            throw kernel.panic("malloc(M_WAITOK) in interrupt context");
        }
        long va;
        if (size <= kmemZmax) {
            long rounded = (size & KMEM_ZMASK) != 0 ? (size & ~KMEM_ZMASK) + KMEM_ZBASE : size;
            int indx = kmemsize[(int) (rounded >> KMEM_ZSHIFT)];
            UmaZone zone = kmemzones[indx];
            va = zone.alloc(flags);
            type.zoneAllocated(va == 0 ? 0 : zone.size(), indx);
        } else {
            long rounded = roundPage(size);
            va = uma.largeMalloc(rounded, flags);
            type.allocated(va == 0 ? 0 : rounded);
        }
        if (invariants && (flags & M_WAITOK) != 0 && va == 0) {
            throw kernel.panic("malloc(M_WAITOK) returned NULL");
        }
        if (diagnostic && va != 0 && (flags & M_ZERO) == 0) {
            mem.fill(va, size, 0x70);
        }
        return va;
    }

    /** mallocarray(9): malloc of {@code nmemb * size} bytes; panics if the product does not fit a size_t. */
    public long mallocarray(long nmemb, long size, MallocType type, int flags) {
        checkSize("mallocarray", nmemb);
        checkSize("mallocarray", size);
        if (nmemb > 0 && size > SIZE_MAX / nmemb) {
            throw kernel.panic("mallocarray: %d * %d overflowed", nmemb, size);
        }
        return malloc(nmemb * size, type, flags);
    }

    /**
     * free(9): gives back memory from malloc; 0 (NULL) does nothing. An address malloc did not hand out panics
     * {@code free: address %p(%p) has not been allocated.}, the second address being the first one's page.
     */
    public void free(long addr, MallocType type) {
        // The common case first: an item of a malloc zone, found from its page in one load, a registered type,
        // and no INVARIANTS (the zone says so), so no destructor to hand the slab to and nothing to check or
        // record in the item.
        UmaZone zone = uma.itemZone(addr);
        if (zone != null && zone.plainMallocZone() && type != null && type.handle != 0) {
            zone.freeArg(addr, null);
            type.freed(zone.size());
            return;
        }
        freeChecked(addr, type);
    }

    /** free(9) with every check, out of line: NULL, the type, the address, INVARIANTS, large allocations. */
    private void freeChecked(long addr, MallocType type) {
        if (addr == 0) {
            return;
        }
        checkType("free", type);
        UmaSlab slab = slabOrPanic(addr);
        long size;
        if (!slab.isLarge()) {
            UmaZone zone = slab.zone();
            size = zone.size();
            if (invariants) {
                // free_save_type: remember who freed it, for a later "Most recently used by".
                freeSaveType(zone, addr, type);
            }
            zone.freeArg(addr, slab);
        } else {
            size = slab.sizeBytes();
            uma.largeFree(slab);
        }
        type.freed(size);
    }

    private void freeSaveType(UmaZone zone, long addr, MallocType type) {
        zone.checkFree(addr);
        mem.write32(addr + zone.size() - 4, (int) type.handle);
    }

    /** zfree(9): free(9) after zeroing the whole block. */
    public void zfree(long addr, MallocType type) {
        if (addr == 0) {
            return;
        }
        checkType("free", type);
        UmaSlab slab = slabOrPanic(addr);
        if (slab.isLarge()) {
            mem.fill(slab.dataVa(), slab.sizeBytes(), 0);
        } else {
            if (invariants) {
                slab.zone().checkFree(addr);
            }
            mem.fill(addr, slab.zone().size(), 0);
        }
        free(addr, type);
    }

    private UmaSlab slabOrPanic(long addr) {
        UmaSlab slab = uma.vtoslab(addr & ~PAGE_MASK);
        if (slab == null || (!slab.isLarge() && slab.zone() == null)) {
            throw kernel.panic("free: address 0x%x(0x%x) has not been allocated.", addr, addr & ~PAGE_MASK);
        }
        return slab;
    }

    /**
     * realloc(9): the block at {@code addr} resized to {@code size}. The block is kept when the new size fits
     * and still fills more than half of it (or it is a 16-byte block); otherwise a new block is allocated, the
     * lesser of the two sizes copied and the old block freed. On failure it returns 0 and the old block is left
     * as it was. realloc(0, ...) is malloc; realloc(p, 0) gives a new 16-byte block. M_ZERO only affects newly
     * allocated blocks.
     */
    public long realloc(long addr, long size, MallocType type, int flags) {
        checkSize("realloc", size);
        if (addr == 0) {
            return malloc(size, type, flags);
        }
        checkType("realloc", type);
        UmaSlab slab = uma.vtoslab(addr & ~PAGE_MASK);
        if (slab == null || (!slab.isLarge() && slab.zone() == null)) {
            throw kernel.panic("realloc: address 0x%x out of range", addr);
        }
        long alloc = slab.isLarge() ? slab.sizeBytes() : slab.zone().size();
        if (size <= alloc && (size > (alloc >> REALLOC_FRACTION) || alloc == MINALLOCSIZE)) {
            return addr;
        }
        long newaddr = malloc(size, type, flags);
        if (newaddr == 0) {
            return 0;
        }
        mem.copy(newaddr, addr, Math.min(size, alloc));
        free(addr, type);
        return newaddr;
    }

    /** reallocf(9): realloc that frees the old block when it fails. */
    public long reallocf(long addr, long size, MallocType type, int flags) {
        long p = realloc(addr, size, type, flags);
        if (p == 0) {
            free(addr, type);
        }
        return p;
    }

    /** malloc_usable_size(9): the size of the block at {@code addr} (0 for NULL). */
    public long mallocUsableSize(long addr) {
        if (addr == 0) {
            return 0;
        }
        UmaSlab slab = uma.vtoslab(addr & ~PAGE_MASK);
        if (slab == null || (!slab.isLarge() && slab.zone() == null)) {
            throw kernel.panic("malloc_usable_size: address 0x%x(0x%x) is not allocated.", addr, addr & ~PAGE_MASK);
        }
        return slab.isLarge() ? slab.sizeBytes() : slab.zone().size();
    }

    // ---------------------------------------------------------------------------------------------------------
    // contigmalloc(9)

    /** contigmalloc(9): see {@link Contigmalloc#contigmalloc}. */
    public long contigmalloc(long size, MallocType type, int flags, long low, long high, long alignment,
            long boundary) {
        return contig.contigmalloc(size, type, flags, low, high, alignment, boundary);
    }

    /** contigfree(9): see {@link Contigmalloc#contigfree}. */
    public void contigfree(long addr, long size, MallocType type) {
        contig.contigfree(addr, size, type);
    }

    // ---------------------------------------------------------------------------------------------------------
    // Checks

    private void checkSize(String fn, long size) {
        if (size < 0 || size > SIZE_MAX) {
            throw new IllegalArgumentException(fn + ": size " + size + " is not an unsigned long");
        }
    }

    /** The KASSERTs on the type and, under INVARIANTS, the flags: returns the flags to use. */
    private int checkFlags(String fn, MallocType type, int flags) {
        checkType(fn, type);
        if (invariants) {
            int indx = flags & (M_WAITOK | M_NOWAIT);
            if (indx != M_NOWAIT && indx != M_WAITOK) {
                if (!badFlagsReported) {
                    badFlagsReported = true;
                    kernel.console().printf("Bad malloc flags: %x\n", indx);
                }
                flags = (flags & ~M_NOWAIT) | M_WAITOK;
            }
        }
        return flags;
    }

    void checkType(String fn, MallocType type) {
        if (type == null) {
            throw new IllegalArgumentException(fn + ": no malloc type");
        }
        if (invariants && type.magic != MallocType.M_MAGIC) {
            throw kernel.panic("%s: bad malloc type magic", fn);
        }
        if (type.handle == 0) {
            throw kernel.panic("%s: malloc type %s is not registered", fn, type.shortdesc());
        }
    }

    static long roundPage(long size) {
        return (size + PAGE_MASK) & ~PAGE_MASK;
    }

    // ---------------------------------------------------------------------------------------------------------
    // Accessors

    public Uma uma() {
        return uma;
    }

    /** vm.kmem_zmax: the largest request served from a zone. */
    public long kmemZmax() {
        return kmemZmax;
    }

    /** kmemzones[i]: the zone of 16 << i bytes. */
    public UmaZone kmemzone(int i) {
        return kmemzones[i];
    }

    /** The zone a request of {@code size} bytes (at most kmem_zmax) is served from. */
    public UmaZone zoneFor(long size) {
        long rounded = (size & KMEM_ZMASK) != 0 ? (size & ~KMEM_ZMASK) + KMEM_ZBASE : size;
        return kmemzones[kmemsize[(int) (rounded >> KMEM_ZSHIFT)]];
    }

    /** mt_zone: where each registered type's malloc_type_internal lives. */
    public UmaZone mtZone() {
        return mtZone;
    }

    /** debug.malloc.failure_count. */
    public long failureCount() {
        return failureCount;
    }
}
