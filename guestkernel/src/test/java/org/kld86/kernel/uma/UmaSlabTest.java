package org.kld86.kernel.uma;

import static org.junit.jupiter.api.Assertions.*;
import static org.kld86.kernel.malloc.MallocFlags.*;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.kld86.emulator.Machine;
import org.kld86.emulator.MachineConfig;
import org.kld86.kernel.Kernel;
import org.kld86.kernel.KernelOptions;
import org.kld86.kernel.vm.PageDescriptors;

class UmaSlabTest {

    private final Kernel kernel = Kernel.boot(new Machine(MachineConfig.builder().ram("64M").clearDevices().build()),
            KernelOptions.defaults());
    private final Uma uma = kernel.malloc().uma();

    @AfterEach
    void tearDown() {
        kernel.shutdown();
    }

    @Test
    void itemsLieAtMultiplesOfTheStrideFromThePageStartWithTheHeaderAtTheEnd() {
        UmaZone z = uma.zcreate("small", 24, null, null, null, null, Uma.UMA_ALIGN_PTR, 0);
        long item = z.alloc(M_WAITOK);
        UmaSlab s = uma.slabOf(item);
        assertEquals(0, s.dataVa() & 0xFFF, "the slab starts a page");
        assertEquals(0, (item - s.dataVa()) % 24);
        assertEquals(s.dataVa() + 4096 - 88, s.headerVa(), "the 88-byte header ends the page");
        assertFalse(s.isLarge());
        int i = s.index(item);
        assertEquals(item, s.item(i));
        assertTrue(s.inUse(i));
        assertEquals(s.index(item), s.index(item + 23), "any byte of an item finds the item");
    }

    @Test
    void anOffpageHeaderIsAnItemOfUmaSlabs() {
        UmaZone z = uma.zcreate("offpage", 1024, null, null, null, null, Uma.UMA_ALIGN_PTR, 0);
        long item = z.alloc(M_WAITOK);
        UmaSlab s = uma.slabOf(item);
        assertTrue(z.keg().offpage());
        assertSame(uma.slabZone().keg(), uma.slabOf(s.headerVa()).keg());
    }

    @Test
    void everyPageOfASlabNamesTheZoneItsItemsAreFreedToUntilThePagesGoBack() {
        UmaZone z = uma.zcreate("paged", 24, null, null, null, null, Uma.UMA_ALIGN_PTR, 0);
        UmaZone big = uma.zcreate("paged_big", 5000, null, null, null, null, Uma.UMA_ALIGN_PTR, 0);
        long item = z.alloc(M_WAITOK);
        long large = big.alloc(M_WAITOK);
        assertSame(z, uma.itemZone(item));
        assertSame(uma.slabOf(item).zone(), uma.itemZone(item + 23));
        assertSame(big, uma.itemZone(large + 4999), "the second page of a two-page slab too");
        PageDescriptors pd = kernel.vm().pages();
        int pfn = kernel.vm().virtToPfn(item);
        z.free(item);
        uma.reclaim();
        assertNull(uma.slabOf(item));
        assertNull(pd.slabCache(pfn), "a freed frame names no zone");
        assertNull(uma.itemZone(item));
        assertNull(uma.itemZone(0), "nor does an address outside the direct map");
    }

    @Test
    void theLostPagesOfADestroyedZoneNameNoZone() {
        UmaZone z = uma.zcreate("lost", 100, null, null, null, null, Uma.UMA_ALIGN_PTR, 0);
        long item = z.alloc(M_WAITOK);
        uma.zdestroy(z);
        assertNull(uma.itemZone(item));
        assertNotNull(uma.slabOf(item), "the slab stays, its keg without a zone");
        assertNull(uma.slabOf(item).zone());
    }

    @Test
    void aLargeMallocsSlabKnowsItsSize() {
        long p = kernel.malloc().malloc(10000, kernel.malloc().M_TEMP, M_WAITOK);
        UmaSlab s = uma.slabOf(p);
        assertTrue(s.isLarge());
        assertEquals(12288, s.sizeBytes());
        assertEquals(p, s.dataVa());
        assertNull(s.keg());
        assertNull(s.zone());
    }
}
