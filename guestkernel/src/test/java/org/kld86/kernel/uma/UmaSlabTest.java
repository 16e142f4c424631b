package org.kld86.kernel.uma;

import static org.junit.jupiter.api.Assertions.*;
import static org.kld86.kernel.malloc.MallocFlags.*;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.kld86.emulator.Machine;
import org.kld86.emulator.MachineConfig;
import org.kld86.kernel.Kernel;
import org.kld86.kernel.KernelOptions;

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
