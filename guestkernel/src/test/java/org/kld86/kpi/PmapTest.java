package org.kld86.kpi;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.kld86.emulator.Machine;
import org.kld86.emulator.MachineConfig;
import org.kld86.kernel.Kernel;
import org.kld86.kernel.KernelOptions;

class PmapTest {

    private final Kernel kernel = Kernel.boot(new Machine(MachineConfig.builder().ram("64M").clearDevices().build()),
            KernelOptions.defaults());

    @AfterEach
    void tearDown() {
        kernel.shutdown();
    }

    @Test
    void vtophysWalksTheKernelPageTables() {
        long k = Slab.kmalloc(100, Gfp.GFP_KERNEL);
        assertEquals(k - 0xC000_0000L, Pmap.vtophys(k), "the direct map");
        long v = Vmalloc.vmalloc(8192);
        assertEquals(Vmalloc.vmalloc_to_pfn(v + 4096) << 12 | 0x123, Pmap.vtophys(v + 4096 + 0x123));
        assertEquals(0, Pmap.vtophys(v + 8192), "the guard page maps nothing");
        assertEquals(0, Pmap.pmap_kextract(0x1000));
        long big = Malloc.malloc(20000, MallocType.M_DEVBUF, Malloc.M_WAITOK);
        assertNotEquals(0, Pmap.vtophys(big), "a large malloc lives in the kmem arena");
    }
}
