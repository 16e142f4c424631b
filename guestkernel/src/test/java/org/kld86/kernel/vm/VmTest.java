package org.kld86.kernel.vm;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;
import org.kld86.emulator.Machine;
import org.kld86.emulator.MachineConfig;
import org.kld86.emulator.mmu.PagingBits;

class VmTest {

    private static Vm boot(String ram) {
        Machine m = new Machine(MachineConfig.builder().ram(ram).clearDevices().build());
        return Vm.boot(m.memory(), m.mmu());
    }

    @Test
    void a64MiBMachineHasDmaAndNormalZonesAndNoHighMem() {
        Vm vm = boot("64M");
        Zone[] z = vm.allocator().zones();
        assertEquals("DMA", z[0].name());
        assertEquals(0, z[0].startPfn());
        assertEquals(4096, z[0].endPfn(), "ZONE_DMA ends at 16 MiB");
        assertEquals(16384, z[1].endPfn());
        assertFalse(z[2].populated());
        assertEquals(12288, z[1].managedPages(), "all of 16-64 MiB is free RAM");
        // DMA loses page 0, the EBDA and the ISA hole (0x9f-0xff), the kernel image and mem_map.
        long memMapPages = (16384L * 32 + 4095) / 4096;
        long imagePages = VmLayout.KERNEL_IMAGE_BYTES / 4096;
        assertEquals(4096 - 1 - (0x100 - 0x9F) - imagePages - memMapPages, z[0].managedPages());
        assertEquals(vm.managedPages(), vm.allocator().totalFreePages() + vm.pmap().pageTablePages());
    }

    @Test
    void theLayoutFollowsI386LinuxFor64MiBAndFor3GiB() {
        VmLayout small = boot("64M").layout();
        assertEquals(0xC400_0000L, small.highMemory());
        assertEquals(0xC480_0000L, small.vmallocStart(), "high_memory + 8 MiB");
        assertTrue(small.vmallocEnd() < small.kmemStart());
        assertEquals(VmLayout.PKMAP_BASE, small.kmemEnd());
        VmLayout big = VmLayout.forRamTop(3L << 30);
        assertEquals(896L << 20, big.lowmemTopBytes());
        assertEquals(0xF800_0000L, big.highMemory());
        assertEquals(0xF880_0000L, big.vmallocStart());
    }

    @Test
    void aMachineOver896MiBHasHighMem() {
        Vm vm = boot("1G");
        Zone high = vm.allocator().zones()[Zone.HIGHMEM];
        assertTrue(high.populated());
        assertEquals((896 << 20) >>> 12, high.startPfn());
        assertEquals(32768, high.managedPages());
        assertTrue(high.minWatermark() >= 32 && high.minWatermark() <= 128);
    }

    @Test
    void pagingIsOnAndTheDirectMapReachesLowMemory() {
        Machine m = new Machine(MachineConfig.builder().ram("64M").clearDevices().build());
        Vm vm = Vm.boot(m.memory(), m.mmu());
        assertTrue((m.mmu().cr0() & PagingBits.CR0_PG) != 0);
        assertTrue((m.mmu().cr4() & PagingBits.CR4_PGE) != 0);
        m.mmu().write32(0xC020_0010, 0x5A5A1234);
        assertEquals(0x5A5A1234, m.memory().read32(0x20_0010));
        assertEquals(0x20_0010, vm.pmap().extract(0xC020_0010L));
        assertEquals(-1, vm.pmap().extract(0x1000), "user space is empty");
        assertEquals(-1, vm.pmap().extract(vm.layout().vmallocStart()));
    }

    @Test
    void aPartialLast4MiBIsMappedWithSmallPages() {
        Machine m = new Machine(MachineConfig.builder().ram("10M").clearDevices().build());
        Vm vm = Vm.boot(m.memory(), m.mmu());
        m.mmu().write32(0xC09F_F000, 77); // in the 8-10 MiB tail
        assertEquals(77, m.memory().read32(0x9F_F000));
        assertEquals(1, vm.pmap().pageTablePages() - 1, "one page table besides the directory");
    }

    @Test
    void kernelMappingsAreSharedWithEveryDirectoryAndCanBeRemoved() {
        Machine m = new Machine(MachineConfig.builder().ram("64M").clearDevices().build());
        Vm vm = Vm.boot(m.memory(), m.mmu());
        long procPd = 0x300000; // a page the test owns
        vm.pmap().addDirectory(procPd);
        long va = vm.layout().vmallocStart();
        vm.pmap().enterKernel(va, 0x50_0000, PagingBits.PTE_RW);
        assertEquals(0x50_0123, vm.pmap().extract(procPd, va + 0x123), "the new page table reached the process");
        m.mmu().write32((int) va, 9);
        assertEquals(9, m.memory().read32(0x50_0000));
        assertNotEquals(0, vm.pmap().removeKernel(va));
        assertEquals(-1, vm.pmap().extract(va));
    }

    @Test
    void tooLittleRamIsRefused() {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> boot("4M"));
        assertTrue(e.getMessage().contains("needs 8 MiB"), e.getMessage());
    }

    @Test
    void watermarksFollowLinuxsFormula() {
        Vm vm = boot("64M");
        Zone dma = vm.allocator().zones()[Zone.DMA];
        Zone normal = vm.allocator().zones()[Zone.NORMAL];
        long lowKb = (dma.managedPages() + normal.managedPages()) * 4;
        assertEquals((long) Math.sqrt(lowKb * 16.0), vm.minFreeKbytes());
        long pagesMin = vm.minFreeKbytes() / 4;
        assertEquals(pagesMin * normal.managedPages() / (dma.managedPages() + normal.managedPages()), normal.minWatermark());
        assertTrue(normal.minWatermark() < normal.lowWatermark() && normal.lowWatermark() < normal.highWatermark());
        assertEquals(normal.managedPages() / 256, dma.lowmemReserve(Zone.NORMAL));
    }
}
