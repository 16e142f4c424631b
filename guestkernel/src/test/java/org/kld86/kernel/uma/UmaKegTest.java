package org.kld86.kernel.uma;

import static org.junit.jupiter.api.Assertions.*;
import static org.kld86.kernel.malloc.MallocFlags.*;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.kld86.emulator.Machine;
import org.kld86.emulator.MachineConfig;
import org.kld86.kernel.Kernel;
import org.kld86.kernel.KernelOptions;
import org.kld86.kernel.malloc.Malloc;

/**
 * Keg geometry as keg_small_init and keg_large_init compute it for a 4096-byte slab: a 256-bit item set (items
 * of at least 16 bytes), the slab header in the page unless that wastes a tenth of it (409 bytes) and going
 * off-page fits more items, whole pages and an off-page header above a page minus the header.
 */
class UmaKegTest {

    private Kernel kernel;

    private Malloc boot(boolean invariants) {
        kernel = Kernel.boot(new Machine(MachineConfig.builder().ram("64M").clearDevices().build()),
                KernelOptions.defaults().withInvariants(invariants));
        return kernel.malloc();
    }

    @AfterEach
    void tearDown() {
        kernel.shutdown();
    }

    private static void assertGeometry(UmaKeg k, int rsize, int ipers, int ppera, boolean offpage) {
        assertEquals(rsize, k.rsize(), k.name() + " rsize");
        assertEquals(ipers, k.itemsPerSlab(), k.name() + " ipers");
        assertEquals(ppera, k.pagesPerSlab(), k.name() + " ppera");
        assertEquals(offpage, k.offpage(), k.name() + " offpage");
    }

    @Test
    void theMallocLadderWithTheInvariantsHeaderOf88Bytes() {
        Malloc m = boot(true);
        // (4096 - 88) / size items; waste 8, 8, 40, 40, 168 bytes: all below 409, so the header stays in the page.
        assertGeometry(m.kmemzone(0).keg(), 16, 250, 1, false);
        assertGeometry(m.kmemzone(1).keg(), 32, 125, 1, false);
        assertGeometry(m.kmemzone(2).keg(), 64, 62, 1, false);
        assertGeometry(m.kmemzone(3).keg(), 128, 31, 1, false);
        assertGeometry(m.kmemzone(4).keg(), 256, 15, 1, false);
        // 7 x 512 + 88 wastes 424 bytes: off-page, 8 items.
        assertGeometry(m.kmemzone(5).keg(), 512, 8, 1, true);
        assertGeometry(m.kmemzone(6).keg(), 1024, 4, 1, true);
        assertGeometry(m.kmemzone(7).keg(), 2048, 2, 1, true);
        assertGeometry(m.kmemzone(8).keg(), 4096, 1, 1, true);
        assertGeometry(m.kmemzone(9).keg(), 8192, 1, 2, true);
        assertGeometry(m.kmemzone(12).keg(), 65536, 1, 16, true);
        assertEquals(0, m.kmemzone(5).keg().flags() & Uma.UMA_ZONE_HASH, "malloc kegs find slabs by vtoslab");
        assertNotEquals(0, m.kmemzone(5).keg().flags() & Uma.UMA_ZONE_VTOSLAB);
    }

    @Test
    void withoutInvariantsTheHeaderIs56BytesAndMoreItemsFit() {
        Malloc m = boot(false);
        assertGeometry(m.kmemzone(0).keg(), 16, 252, 1, false);
        assertGeometry(m.kmemzone(4).keg(), 256, 15, 1, false);
        assertGeometry(m.kmemzone(5).keg(), 512, 8, 1, true);
        assertEquals(56, m.uma().slabZone().size());
    }

    @Test
    void cacheAlignmentRoundsTheItemStride() {
        Uma uma = boot(true).uma();
        UmaZone z = uma.zcreate("aligned", 100, null, null, null, null, Uma.UMA_ALIGN_CACHE, 0);
        assertGeometry(z.keg(), 128, 31, 1, false);
        assertEquals(100, z.size(), "the zone's size is still what was asked");
        long item = z.alloc(M_WAITOK);
        assertEquals(0, item % 64);
    }

    @Test
    void aLargeItemKeepsTheHeaderInItsLastPageWhenThereIsRoom() {
        Uma uma = boot(true).uma();
        UmaZone z = uma.zcreate("roomy", 5000, null, null, null, null, Uma.UMA_ALIGN_PTR, 0);
        assertGeometry(z.keg(), 5000, 1, 2, false);
        long item = z.alloc(M_WAITOK);
        assertEquals(item + 8192 - 88, uma.slabOf(item).headerVa());
    }

    @Test
    void anOffpageKegThatIsNotMallocsGetsASlabHashTable() {
        Uma uma = boot(true).uma();
        long hashes = uma.hashZone().used();
        UmaZone z = uma.zcreate("big", 8150, null, null, null, null, Uma.UMA_ALIGN_PTR, 0);
        assertGeometry(z.keg(), 8150, 1, 2, true);
        assertNotEquals(0, z.keg().flags() & Uma.UMA_ZONE_HASH);
        assertEquals(hashes + 1, uma.hashZone().used());
        uma.zdestroy(z);
        assertEquals(hashes, uma.hashZone().used());
    }

    @Test
    void theBucketZonesOf512And1024BytesAreOffpageWithHashes() {
        Uma uma = boot(true).uma();
        assertGeometry(uma.zone("128 Bucket").keg(), 512, 8, 1, true);
        assertGeometry(uma.zone("256 Bucket").keg(), 1024, 4, 1, true);
        long hashed = uma.zones().stream().filter(z -> (z.keg().flags() & Uma.UMA_ZONE_HASH) != 0).count();
        assertEquals(hashed, uma.hashZone().used(), "one hash table for each hashed keg, theirs among them");
    }

    @Test
    void aZinitKegZeroesItemsAsTheyEnterInsteadOfJunkingThem() {
        Uma uma = boot(true).uma();
        UmaZone z = uma.zcreate("zinit", 64, null, null, null, null, Uma.UMA_ALIGN_PTR, Uma.UMA_ZONE_ZINIT);
        long item = z.alloc(M_WAITOK);
        assertEquals(0, kernel.memory().read32(item));
        assertEquals(0, kernel.memory().read32(item + 60));
    }

    @Test
    void aSlabOfAPageCountThatIsNoPowerOfTwoTakesTheNextBuddyBlock() {
        Uma uma = boot(true).uma();
        UmaZone z = uma.zcreate("three", 3 * 4096 - 100, null, null, null, null, Uma.UMA_ALIGN_PTR, 0);
        assertEquals(3, z.keg().pagesPerSlab());
        uma.reclaim();
        long free = kernel.vm().allocator().totalFreePages();
        long item = z.alloc(M_WAITOK);
        int pfn = kernel.vm().virtToPfn(item);
        var pages = kernel.vm().pages();
        assertEquals(2, pages.order(pfn), "an order-2 block");
        assertTrue(pages.hasFlag(pfn + 2, org.kld86.kernel.vm.PageDescriptors.PG_SLAB));
        assertFalse(pages.hasFlag(pfn + 3, org.kld86.kernel.vm.PageDescriptors.PG_SLAB), "the tail is unused");
        assertEquals(3, z.keg().pages(), "the keg counts three");
        z.free(item);
        uma.reclaim();
        assertEquals(free, kernel.vm().allocator().totalFreePages());
    }

    @Test
    void anIsadmaKegTakesItsSlabsFromTheDmaZone() {
        Uma uma = boot(true).uma();
        UmaZone dma = uma.zcreate("isa", 128, null, null, null, null, Uma.UMA_ALIGN_PTR, Uma.UMA_ZONE_ISADMA);
        UmaZone plain = uma.zcreate("plain", 128, null, null, null, null, Uma.UMA_ALIGN_PTR, 0);
        long d = dma.alloc(M_WAITOK);
        long p = plain.alloc(M_WAITOK);
        assertTrue(kernel.vm().pmap().extract(d) < (16L << 20), Long.toHexString(kernel.vm().pmap().extract(d)));
        assertTrue(kernel.vm().pmap().extract(p) >= (16L << 20), "on 64 MiB ZONE_NORMAL comes first");
    }
}
