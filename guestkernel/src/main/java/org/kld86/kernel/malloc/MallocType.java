package org.kld86.kernel.malloc;

/**
 * A malloc type (struct malloc_type, MALLOC_DEFINE(9)): the label every malloc(9) and free(9) carries, so that
 * the kernel can account memory by purpose and vmstat -m can show it. It has no effect on where memory comes
 * from.
 *
 * <p>{@code new MallocType(...)} is MALLOC_DEFINE's static structure; it counts nothing until
 * {@link Malloc#init} (the SYSINIT malloc_init, run at boot or at kldload) registers it, and
 * {@link Malloc#uninit} (the SYSUNINIT, run at kldunload) takes it away again and reports what it leaked.
 * MALLOC_DECLARE has nothing to do here: a Java reference is already the extern declaration.
 *
 * <p>The statistics are those of struct malloc_type_stats for the machine's one CPU. They count the sizes
 * actually handed out, not the sizes asked for: a malloc(1) counts 16 bytes and a malloc(260) 512. The trap:
 * freeing with the wrong type is not detected, it only skews the statistics of both types.
 */
public final class MallocType {

    /** M_MAGIC: "time when first defined :-)". */
    public static final long M_MAGIC = 877983977L;
    /** MALLOC_MAX_NAME: the statistics stream carries at most 31 characters of the short description. */
    public static final int MALLOC_MAX_NAME = 32;

    private final String shortdesc;
    private final String longdesc;
    final long magic;
    /** ks_handle: the address of the type's malloc_type_internal (an item of mt_zone); 0 when not registered. */
    long handle;
    private long memalloced;
    private long memfreed;
    private long numallocs;
    private long numfrees;
    private int sizeMask;

    /** MALLOC_DEFINE(type, shortdesc, longdesc): the type, not yet registered. */
    public MallocType(String shortdesc, String longdesc) {
        this(shortdesc, longdesc, M_MAGIC);
    }

    /** A type structure with a given magic number: what a stray or corrupted pointer looks like. */
    MallocType(String shortdesc, String longdesc, long magic) {
        if (shortdesc == null || shortdesc.isEmpty()) {
            throw new IllegalArgumentException("MALLOC_DEFINE: the short description must not be empty");
        }
        this.shortdesc = shortdesc;
        this.longdesc = longdesc;
        this.magic = magic;
    }

    /** malloc_type_zone_allocated(): an allocation of {@code size} bytes from kmemzones[zindx] (-1: no zone). */
    void zoneAllocated(long size, int zindx) {
        if (size > 0) {
            memalloced += size;
            numallocs++;
        }
        if (zindx != -1) {
            sizeMask |= 1 << zindx;
        }
    }

    /**
     * malloc_type_zone_allocated() of an allocation that succeeded from the zone of the ladder of {@code size}
     * bytes ({@code 16 << zindx}, so its bit in the size mask is {@code size / 16}): the same counts, untested.
     */
    void ladderAllocated(int size) {
        memalloced += size;
        numallocs++;
        sizeMask |= size >>> Malloc.KMEM_ZSHIFT;
    }

    /** malloc_type_allocated(): an allocation counted without a zone size. */
    void allocated(long size) {
        if (size > 0) {
            zoneAllocated(size, -1);
        }
    }

    /** malloc_type_freed(). */
    void freed(long size) {
        memfreed += size;
        numfrees++;
    }

    /** ks_shortdesc: the name vmstat -m shows. */
    public String shortdesc() {
        return shortdesc;
    }

    public String longdesc() {
        return longdesc;
    }

    /** Whether malloc_init has registered the type (and malloc_uninit has not taken it away). */
    public boolean registered() {
        return handle != 0;
    }

    public long memalloced() {
        return memalloced;
    }

    public long memfreed() {
        return memfreed;
    }

    public long numallocs() {
        return numallocs;
    }

    public long numfrees() {
        return numfrees;
    }

    /** Bit i set: the type has used kmemzones[i] (16 << i bytes). */
    public int sizeMask() {
        return sizeMask;
    }

    /** Allocations not freed (InUse). */
    public long inUse() {
        return numallocs - numfrees;
    }

    /** Bytes not freed (MemUse, before rounding up to KiB). */
    public long bytesInUse() {
        return memalloced - memfreed;
    }

    @Override
    public String toString() {
        return "malloc type " + shortdesc;
    }
}
