package org.kld86.kernel.uma;

/**
 * INVARIANTS' item tracking (sys/vm/uma_dbg.c uma_dbg_alloc, uma_dbg_free): every item handed out is marked in
 * its slab, and a free is checked against the mark before anything else happens to the item, so that a double
 * free, a free of something that is not an item of the zone, or a pointer into the middle of an item panics with
 * FreeBSD's words instead of corrupting a cache.
 *
 * <p>One difference: FreeBSD says "did not belong to zone" only when it finds no slab at all; here an item of
 * another zone's slab is refused the same way, where FreeBSD would take it for a bad free of its own zone.
 */
final class UmaDbg {

    private UmaDbg() {
    }

    /** uma_dbg_alloc(): marks {@code item} as handed out. */
    static void alloc(UmaZone zone, long item) {
        UmaSlab slab = zone.uma.slabOf(item);
        if (slab == null || slab.keg != zone.keg) {
            throw zone.uma.kernel().panic("uma: item 0x%x did not belong to zone %s", item, zone.name);
        }
        int i = slab.index(item);
        if (slab.handedOut.get(i)) {
            throw zone.uma.kernel().panic("Duplicate alloc of 0x%x from zone 0x%x(%s) slab 0x%x(%d)", item, zone.va,
                    zone.name, slab.headerVa, i);
        }
        slab.handedOut.set(i);
    }

    /** uma_dbg_free(): checks {@code item} and clears its mark. */
    static void free(UmaZone zone, long item) {
        UmaSlab slab = checkFree(zone, item);
        slab.handedOut.clear(slab.index(item));
    }

    /** uma_dbg_free()'s checks alone; returns the item's slab. */
    static UmaSlab checkFree(UmaZone zone, long item) {
        UmaSlab slab = zone.uma.slabOf(item);
        if (slab == null || slab.keg != zone.keg) {
            throw zone.uma.kernel().panic("uma: Freed item 0x%x did not belong to zone %s", item, zone.name);
        }
        int i = slab.index(item);
        if (i < 0 || i >= zone.keg.ipers) {
            throw zone.uma.kernel().panic("Invalid free of 0x%x from zone 0x%x(%s) slab 0x%x(%d)", item, zone.va,
                    zone.name, slab.headerVa, i);
        }
        if (slab.item(i) != item) {
            throw zone.uma.kernel().panic("Unaligned free of 0x%x from zone 0x%x(%s) slab 0x%x(%d)", item, zone.va,
                    zone.name, slab.headerVa, i);
        }
        if (!slab.handedOut.get(i)) {
            throw zone.uma.kernel().panic("Duplicate free of 0x%x from zone 0x%x(%s) slab 0x%x(%d)", item, zone.va,
                    zone.name, slab.headerVa, i);
        }
        return slab;
    }
}
