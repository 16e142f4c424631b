package org.kld86.kpi;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.kld86.emulator.Machine;
import org.kld86.emulator.MachineConfig;
import org.kld86.kernel.Kernel;
import org.kld86.kernel.KernelOptions;

class VmallocTest {

    private final Kernel kernel = Kernel.boot(new Machine(MachineConfig.builder().ram("64M").clearDevices().build()),
            KernelOptions.defaults());

    @AfterEach
    void tearDown() {
        kernel.shutdown();
    }

    @Test
    void vmallocAreasLieBetweenVmallocStartAndEndAndMapPages() {
        long v = Vmalloc.vmalloc(5000);
        assertTrue(v >= Vmalloc.VMALLOC_START() && v < Vmalloc.VMALLOC_END());
        assertTrue(Vmalloc.is_vmalloc_addr(v));
        assertFalse(Vmalloc.is_vmalloc_addr(Slab.kmalloc(8, Gfp.GFP_KERNEL)));
        PageRef second = Vmalloc.vmalloc_to_page(v + 4096);
        assertEquals(Mm.page_to_pfn(second), Vmalloc.vmalloc_to_pfn(v + 4096));
        assertNull(Vmalloc.vmalloc_to_page(v + 8192), "the guard page maps nothing");
        assertEquals(-1, Vmalloc.vmalloc_to_pfn(v + 8192));
        Mem.write32(v + 4096, 0x600D);
        assertEquals(0x600D, Mem.read32(Mm.page_address(second)), "the same frame through the direct map");
        long z = Vmalloc.vzalloc(4096);
        assertEquals(0, Mem.read32(z + 4092));
        Vmalloc.vfree(v);
        Vmalloc.vfree(z);
        Vmalloc.vfree(0);
        assertEquals("", kernel.linux().proc().vmallocinfo());
    }
}
