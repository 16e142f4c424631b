package org.kld86.kernel.uma;

import java.util.BitSet;

/**
 * A slab (sys/vm/uma_int.h struct uma_slab): one allocation of pages from the page allocator, cut into a keg's
 * items, or, for a large malloc(9), the record of one page-rounded allocation in the kmem arena.
 *
 * <pre>
 *   in-page header (small items, little waste)        off-page header (big items, or too much waste)
 *   +---+---+---+---+---+---- ... ----+------+        +---+---+---+---+---- ... ----+
 *   | i | i | i | i | i |             | slab |        | i | i | i | i |             |
 *   +---+---+---+---+---+---- ... ----+------+        +---+---+---+---+---- ... ----+
 *   data                              data+pgoff       data        an item of "UMA Slabs" describes it
 * </pre>
 *
 * <p>The items live in guest memory; which of them are free (us_free) and which are handed out under
 * INVARIANTS (us_debugfree) is bookkeeping kept here. Every page of the slab points back to it through the page
 * descriptors (vsetslab), so an item's address alone finds its slab, its keg and its zone.
 */
public final class UmaSlab {

    /** The slab's pages were allocated from the kmem arena for a large malloc(9) (UMA_SLAB_MALLOC). */
    static final int SLAB_MALLOC = 0x20;

    final UmaKeg keg;
    final long dataVa;
    final int pfn;
    final int order;
    /** The header's guest address: in the slab's last bytes, or an item of "UMA Slabs". */
    final long headerVa;
    final boolean offpage;
    final int flags;
    /** A large malloc's page-rounded size (us_size). */
    final long sizeBytes;
    int freeCount;
    final BitSet free;
    /** Items handed out, as INVARIANTS' us_debugfree tracks them to catch double frees. */
    final BitSet handedOut;
    UmaSlab prev;
    UmaSlab next;
    /** Which of the keg's lists holds the slab. */
    UmaKeg.SlabList list;

    UmaSlab(UmaKeg keg, long dataVa, int pfn, int order, long headerVa, boolean offpage) {
        this.keg = keg;
        this.dataVa = dataVa;
        this.pfn = pfn;
        this.order = order;
        this.headerVa = headerVa;
        this.offpage = offpage;
        this.flags = 0;
        this.sizeBytes = 0;
        this.freeCount = keg.ipers;
        this.free = new BitSet(keg.ipers);
        this.free.set(0, keg.ipers);
        this.handedOut = new BitSet(keg.ipers);
    }

    /** A large malloc's record. */
    UmaSlab(long dataVa, int pfn, long sizeBytes, long headerVa) {
        this.keg = null;
        this.dataVa = dataVa;
        this.pfn = pfn;
        this.order = 0;
        this.headerVa = headerVa;
        this.offpage = true;
        this.flags = SLAB_MALLOC;
        this.sizeBytes = sizeBytes;
        this.free = new BitSet();
        this.handedOut = new BitSet();
    }

    /** Whether this records a large malloc(9) rather than a keg's items. */
    public boolean isLarge() {
        return (flags & SLAB_MALLOC) != 0;
    }

    /** The keg whose items the slab holds; null for a large malloc. */
    public UmaKeg keg() {
        return keg;
    }

    /** The zone an item of this slab is freed to (the keg's first zone); null for a large malloc. */
    public UmaZone zone() {
        return keg == null ? null : keg.primaryZone();
    }

    /** The address of the slab header, which is what FreeBSD prints as the slab's %p. */
    public long headerVa() {
        return headerVa;
    }

    /** The first item's address (us_data). */
    public long dataVa() {
        return dataVa;
    }

    /** A large malloc's page-rounded size. */
    public long sizeBytes() {
        return sizeBytes;
    }

    /** The address of item {@code i}. */
    long item(int i) {
        return dataVa + (long) keg.rsize * i;
    }

    /** The index of the item slot that contains {@code va}. */
    int index(long va) {
        return (int) ((va - dataVa) / keg.rsize);
    }

    /** Whether item {@code i} is handed out (not in the slab's free set). */
    boolean inUse(int i) {
        return !free.get(i);
    }
}
