package org.kld86.kernel.uma;

import static org.kld86.kernel.malloc.MallocFlags.M_NOVM;
import static org.kld86.kernel.malloc.MallocFlags.M_NOWAIT;
import static org.kld86.kernel.malloc.MallocFlags.M_USE_RESERVE;
import static org.kld86.kernel.malloc.MallocFlags.M_ZERO;

import java.util.ArrayList;
import java.util.List;
import org.kld86.kernel.vm.VmLayout;
import org.kld86.kernel.vm.Zone;

/**
 * A keg (sys/vm/uma_core.c keg_ctor, keg_small_init, keg_large_init): the back end of a zone, which turns
 * pages into items. It decides the item geometry once, at creation, and then keeps its slabs on three lists:
 * partly used, free and full, taking items from a partly used slab first so that free slabs stay free and can be
 * given back.
 *
 * <p>Geometry, as FreeBSD computes it for a 4 KiB page: an item is at least 16 bytes (a slab tracks at most 256
 * items) and rounded up to the alignment. Items up to a page minus the slab header share one page with the
 * header at its end, unless that wastes a tenth of the page or more and putting the header elsewhere (an item of
 * "UMA Slabs") fits more items: then the slab is OFFPAGE. Bigger items get whole pages, one item a slab, off-page
 * header. An OFFPAGE keg that cannot find its slabs from the page descriptors (not VTOSLAB) also gets a slab hash
 * table, an item of "UMA Hash"; here every slab is found through the page descriptors, so the table is only
 * allocated, as FreeBSD's initial one is.
 *
 * <p>A limit ({@code uma_zone_set_max}) is a number of pages: when the keg has that many, a request that may
 * sleep waits on the keg ("keglimit") until an item comes back, and one that may not fails.
 */
public final class UmaKeg {

    /** A slab tracks its items in a 256-bit set: PAGE_SIZE / UMA_SMALLEST_UNIT. */
    static final int SLAB_SETSIZE = 256;
    /** UMA_MAX_WASTE: go off-page when a tenth of the slab or more is wasted. */
    static final int UMA_MAX_WASTE = 10;
    private static final int SLAB_SIZE = VmLayout.PAGE_SIZE;

    /** One of the keg's slab lists (LIST_HEAD of uma_slab), newest first. */
    static final class SlabList {
        private UmaSlab head;
        private int size;

        void insertHead(UmaSlab s) {
            s.prev = null;
            s.next = head;
            if (head != null) {
                head.prev = s;
            }
            head = s;
            s.list = this;
            size++;
        }

        void remove(UmaSlab s) {
            if (s.prev != null) {
                s.prev.next = s.next;
            } else {
                head = s.next;
            }
            if (s.next != null) {
                s.next.prev = s.prev;
            }
            s.prev = s.next = null;
            s.list = null;
            size--;
        }

        UmaSlab first() {
            return head;
        }

        boolean isEmpty() {
            return head == null;
        }

        int size() {
            return size;
        }
    }

    final Uma uma;
    final long va;
    final String name;
    final int size;
    final int align;
    final ItemHooks.Init init;
    final ItemHooks.Fini fini;
    int flags;
    int rsize;
    int ipers;
    int ppera;
    int pgoff;
    /** Pages held (uk_pages) and free items in them (uk_free). */
    int pages;
    int free;
    int maxpages;
    int reserve;
    final UmaZone slabzone;
    long hashVa;
    final SlabList part = new SlabList();
    final SlabList freeSlabs = new SlabList();
    final SlabList full = new SlabList();
    final List<UmaZone> zones = new ArrayList<>();
    /** zones.get(0), kept at hand: every free through a slab asks for it. */
    private UmaZone primary;

    UmaKeg(Uma uma, long va, String name, int size, ItemHooks.Init init, ItemHooks.Fini fini, int align, int flags) {
        this.uma = uma;
        this.va = va;
        this.name = name;
        this.size = size;
        this.align = align;
        this.init = (flags & Uma.UMA_ZONE_ZINIT) != 0 ? uma.zeroInit() : init;
        this.fini = fini;
        this.flags = flags;
        if ((flags & Uma.UMA_ZONE_MALLOC) != 0) {
            this.flags |= Uma.UMA_ZONE_VTOSLAB;
        }
        int shsize = uma.slabHeaderBytes();
        if (size > SLAB_SIZE - shsize) {
            largeInit(shsize);
        } else {
            smallInit(shsize);
        }
        this.slabzone = (this.flags & Uma.UMA_ZONE_OFFPAGE) != 0 ? uma.slabZone() : null;
        if ((this.flags & Uma.UMA_ZONE_OFFPAGE) == 0) {
            int totsize = (shsize + Uma.UMA_ALIGN_PTR) & ~Uma.UMA_ALIGN_PTR;
            this.pgoff = VmLayout.PAGE_SIZE * ppera - totsize;
        }
    }

    private void smallInit(int shsize) {
        ppera = 1;
        rsize = Math.max(size, SLAB_SIZE / SLAB_SETSIZE);
        if ((rsize & align) != 0) {
            rsize = (rsize & ~align) + align + 1;
        }
        int sh = (flags & Uma.UMA_ZONE_OFFPAGE) != 0 ? 0 : shsize;
        ipers = rsize <= SLAB_SIZE - sh ? (SLAB_SIZE - sh) / rsize : 1;
        int wasted = SLAB_SIZE - (ipers * rsize + sh);
        if ((flags & Uma.UMA_ZFLAG_INTERNAL) != 0) {
            return;
        }
        if (wasted >= SLAB_SIZE / UMA_MAX_WASTE && ipers < SLAB_SIZE / rsize) {
            ipers = SLAB_SIZE / rsize;
            flags |= Uma.UMA_ZONE_OFFPAGE;
        }
        if ((flags & Uma.UMA_ZONE_OFFPAGE) != 0 && (flags & Uma.UMA_ZONE_VTOSLAB) == 0) {
            flags |= Uma.UMA_ZONE_HASH;
        }
    }

    private void largeInit(int shsize) {
        ppera = (size + VmLayout.PAGE_SIZE - 1) / VmLayout.PAGE_SIZE;
        ipers = 1;
        rsize = size;
        if ((flags & Uma.UMA_ZONE_OFFPAGE) == 0) {
            int sh = (shsize + Uma.UMA_ALIGN_PTR) & ~Uma.UMA_ALIGN_PTR;
            if (VmLayout.PAGE_SIZE * ppera - rsize < sh) {
                if ((flags & Uma.UMA_ZFLAG_INTERNAL) == 0) {
                    flags |= Uma.UMA_ZONE_OFFPAGE;
                } else {
                    ppera++;
                }
            }
        }
        if ((flags & Uma.UMA_ZONE_OFFPAGE) != 0 && (flags & Uma.UMA_ZONE_VTOSLAB) == 0) {
            flags |= Uma.UMA_ZONE_HASH;
        }
    }

    // ---------------------------------------------------------------------------------------------------------
    // Getting a slab with a free item

    /**
     * keg_fetch_slab(): a slab with a free item, partly used ones first; else a new slab, unless the keg is at
     * its limit, where a request that may sleep waits for a free and one that may not gets null.
     */
    UmaSlab fetchSlab(UmaZone zone, int flags) {
        int keep = (flags & M_USE_RESERVE) != 0 ? 0 : reserve;
        for (;;) {
            if (free > keep) {
                UmaSlab s = part.first();
                if (s == null) {
                    s = freeSlabs.first();
                    freeSlabs.remove(s);
                    part.insertHead(s);
                }
                return s;
            }
            if ((flags & M_NOVM) != 0) {
                return null;
            }
            if (maxpages != 0 && pages >= maxpages) {
                this.flags |= Uma.UMA_ZFLAG_FULL;
                zone.flags |= Uma.UMA_ZFLAG_FULL;
                if ((flags & M_NOWAIT) != 0) {
                    return null;
                }
                zone.sleeps++;
                uma.kernel().scheduler().sleep(this, "keglimit", 0);
                continue;
            }
            UmaSlab s = allocSlab(flags);
            if (s != null) {
                part.insertHead(s);
                return s;
            }
            flags |= M_NOVM;
        }
    }

    /**
     * keg_alloc_slab(): pages for one slab (zeroed unless this is a malloc keg, as the old vm_zone did), the
     * off-page header if the keg needs one, every item through {@code init}. Null if the pages or the header
     * could not be had without sleeping, or if an {@code init} failed.
     */
    UmaSlab allocSlab(int flags) {
        long header = 0;
        if ((this.flags & Uma.UMA_ZONE_OFFPAGE) != 0) {
            header = slabzone.allocItem(null, flags & ~M_ZERO);
            if (header == 0) {
                return null;
            }
        }
        boolean zero = (this.flags & Uma.UMA_ZONE_MALLOC) == 0;
        int order = Uma.orderOf(ppera);
        int zone = (this.flags & Uma.UMA_ZONE_ISADMA) != 0 ? Zone.DMA : Zone.NORMAL;
        int pfn = uma.pageAlloc(order, zone, flags, zero);
        if (pfn < 0) {
            if (header != 0) {
                slabzone.freeItem(header, null, UmaZone.SKIP_NONE);
            }
            return null;
        }
        long mem = uma.kernel().vm().pfnToVirt(pfn);
        boolean offpage = (this.flags & Uma.UMA_ZONE_OFFPAGE) != 0;
        UmaSlab slab = new UmaSlab(this, mem, pfn, order, offpage ? header : mem + pgoff, offpage);
        uma.setSlab(slab, ppera);
        if (init != null) {
            for (int i = 0; i < ipers; i++) {
                if (init.init(slab.item(i), size, flags) != 0) {
                    freeSlab(slab, i);
                    return null;
                }
            }
        }
        pages += ppera;
        free += ipers;
        return slab;
    }

    /** keg_free_slab(): the first {@code start} items through {@code fini}, then the header and the pages. */
    void freeSlab(UmaSlab slab, int start) {
        if (fini != null) {
            for (int i = start - 1; i >= 0; i--) {
                fini.fini(slab.item(i), size);
            }
        }
        if (slab.offpage) {
            slabzone.freeItem(slab.headerVa, null, UmaZone.SKIP_NONE);
        }
        uma.pageFree(slab.pfn, slab.order);
    }

    /** slab_alloc_item(): takes the lowest free item of a slab on the partly used list. */
    long allocItem(UmaSlab slab) {
        int i = slab.free.nextSetBit(0);
        slab.free.clear(i);
        slab.freeCount--;
        free--;
        if (slab.freeCount == 0) {
            slab.list.remove(slab);
            full.insertHead(slab);
        }
        return slab.item(i);
    }

    /**
     * slab_free_item(): puts an item back in its slab. A slot that is not an item start, or an item that is
     * already free, is refused with INVARIANTS' words even without INVARIANTS: the slab's books are never
     * corrupted, though without INVARIANTS the mistake is only seen when the item reaches its slab.
     */
    void freeItem(UmaSlab slab, long item) {
        int i = slab.index(item);
        UmaZone zone = primaryZone();
        if (i < 0 || i >= ipers) {
            throw uma.kernel().panic("Invalid free of 0x%x from zone 0x%x(%s) slab 0x%x(%d)", item, zone.va, zone.name,
                    slab.headerVa, i);
        }
        if (slab.item(i) != item) {
            throw uma.kernel().panic("Unaligned free of 0x%x from zone 0x%x(%s) slab 0x%x(%d)", item, zone.va,
                    zone.name, slab.headerVa, i);
        }
        if (slab.free.get(i)) {
            throw uma.kernel().panic("Duplicate free of 0x%x from zone 0x%x(%s) slab 0x%x(%d)", item, zone.va,
                    zone.name, slab.headerVa, i);
        }
        if (slab.freeCount + 1 == ipers) {
            slab.list.remove(slab);
            freeSlabs.insertHead(slab);
        } else if (slab.freeCount == 0) {
            slab.list.remove(slab);
            part.insertHead(slab);
        }
        slab.free.set(i);
        slab.freeCount++;
        free++;
    }

    /** keg_drain(): gives every free slab back to the page allocator; whether there was one. */
    boolean drain() {
        if ((flags & Uma.UMA_ZONE_NOFREE) != 0 || free == 0) {
            return false;
        }
        List<UmaSlab> gone = new ArrayList<>();
        for (UmaSlab s = freeSlabs.first(); s != null; s = freeSlabs.first()) {
            freeSlabs.remove(s);
            pages -= ppera;
            free -= ipers;
            gone.add(s);
        }
        for (UmaSlab s : gone) {
            freeSlab(s, ipers);
        }
        return !gone.isEmpty();
    }

    /** The zone items of this keg are freed to (LIST_FIRST of uk_zones). */
    UmaZone primaryZone() {
        return primary;
    }

    void addZone(UmaZone zone) {
        zones.add(zone);
        setPrimary(zones.get(0));
    }

    void removeZone(UmaZone zone) {
        zones.remove(zone);
        setPrimary(zones.isEmpty() ? null : zones.get(0));
    }

    /** A new first zone: every page of every slab is pointed at it ({@link Uma#setSlab}). */
    private void setPrimary(UmaZone zone) {
        if (zone == primary) {
            return;
        }
        primary = zone;
        for (SlabList l : new SlabList[] {part, freeSlabs, full}) {
            for (UmaSlab s = l.first(); s != null; s = s.next) {
                uma.setSlabCache(s, ppera, zone);
            }
        }
    }

    /** Items handed out from the keg: in the zone's hands, its caches, or its users'. */
    int itemsInUse() {
        return pages / ppera * ipers - free;
    }

    // ---------------------------------------------------------------------------------------------------------
    // Geometry, for reports and tests

    public String name() {
        return name;
    }

    /** The requested item size (uk_size). */
    public int size() {
        return size;
    }

    /** The item stride in the slab (uk_rsize). */
    public int rsize() {
        return rsize;
    }

    /** Items per slab (uk_ipers). */
    public int itemsPerSlab() {
        return ipers;
    }

    /** Pages per slab (uk_ppera). */
    public int pagesPerSlab() {
        return ppera;
    }

    /** Pages the keg holds. */
    public int pages() {
        return pages;
    }

    /** Free items in the keg's slabs. */
    public int freeItems() {
        return free;
    }

    public int flags() {
        return flags;
    }

    /** Whether the slab header lives outside the slab's pages. */
    public boolean offpage() {
        return (flags & Uma.UMA_ZONE_OFFPAGE) != 0;
    }
}
