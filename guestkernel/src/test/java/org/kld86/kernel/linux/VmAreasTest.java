package org.kld86.kernel.linux;

import static org.junit.jupiter.api.Assertions.*;

import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.kld86.emulator.Machine;
import org.kld86.emulator.MachineConfig;
import org.kld86.kernel.Kernel;
import org.kld86.kernel.KernelOptions;
import org.kld86.kernel.KernelPanic;

class VmAreasTest {

    private final Machine machine = new Machine(MachineConfig.builder().ram("64M").clearDevices().build());
    private final Kernel kernel = Kernel.boot(machine, KernelOptions.defaults());
    private final VmAreas areas = new VmAreas(kernel, new Bug(kernel));
    private final long start = kernel.vm().layout().vmallocStart();

    @AfterEach
    void tearDown() {
        kernel.shutdown();
    }

    @Test
    void anAreaIsRoundedToPagesAndGetsOneGuardPage() {
        VmArea a = areas.get(5000, VmArea.VM_ALLOC, "c", "vmalloc");
        assertEquals(start, a.addr());
        assertEquals(3 * 4096, a.size());
        assertEquals(2 * 4096, a.usableSize());
        VmArea b = areas.get(1, VmArea.VM_ALLOC, "c", "vmalloc");
        assertEquals(start + 3 * 4096, b.addr());
        assertNull(areas.get(0, VmArea.VM_ALLOC, "c", "vmalloc"));
    }

    @Test
    void ioremapAreasAreAlignedToFlsOfTheirSizeBetweenAPageAnd128Pages() {
        areas.get(4096, VmArea.VM_ALLOC, "c", "vmalloc"); // occupies start .. start + 8K
        assertEquals(start + 0x2000, areas.get(1, VmArea.VM_IOREMAP, "c", "ioremap").addr(), "fls(1) = 1: one page");
        assertEquals(start + 0x4000, areas.get(4096, VmArea.VM_IOREMAP, "c", "ioremap").addr(), "fls(4096) = 13");
        assertEquals(start + 0x8000, areas.get(3 * 4096, VmArea.VM_IOREMAP, "c", "ioremap").addr(), "fls(12288) = 14");
        assertEquals(start + 0x80000, areas.get(4 << 20, VmArea.VM_IOREMAP, "c", "ioremap").addr(),
                "fls(4 MiB) = 23, capped at 19");
    }

    @Test
    void findMatchesTheFirstAddressOnly() {
        VmArea a = areas.get(3 * 4096, VmArea.VM_ALLOC, "c", "vmalloc");
        assertSame(a, areas.find(a.addr()));
        assertNull(areas.find(a.addr() + 4096));
        assertNull(areas.remove(a.addr() + 4096));
        assertSame(a, areas.remove(a.addr()));
        assertNull(areas.find(a.addr()));
    }

    @Test
    void removedRangesWaitForThePurgeBeforeTheyAreReused() {
        VmArea a = areas.get(4096, VmArea.VM_ALLOC, "c", "vmalloc");
        areas.remove(a.addr());
        assertEquals(2, areas.lazyPages());
        assertEquals(start + 8192, areas.get(4096, VmArea.VM_ALLOC, "c", "vmalloc").addr());
        areas.purgeLazy();
        assertEquals(0, areas.lazyPages());
        assertEquals(start, areas.get(4096, VmArea.VM_ALLOC, "c", "vmalloc").addr());
    }

    @Test
    void removeUnmapsTheArea() {
        VmArea a = areas.get(4096, VmArea.VM_ALLOC, "c", "vmalloc");
        kernel.vm().pmap().enterKernel(a.addr(), 0x30_0000, org.kld86.emulator.mmu.PagingBits.PTE_RW);
        kernel.memory().write32(a.addr(), 1);
        areas.remove(a.addr());
        assertEquals(-1, kernel.vm().pmap().extract(a.addr()));
    }

    @Test
    void usedCountsLiveAreasAndTheLargestChunkIsTheWidestGap() {
        long end = kernel.vm().layout().vmallocEnd();
        assertEquals(0, areas.usedBytes());
        assertEquals(end - start, areas.largestChunkBytes());
        VmArea a = areas.get(4096, VmArea.VM_ALLOC, "c", "vmalloc");
        VmArea b = areas.get(64 << 10, VmArea.VM_ALLOC, "c", "vmalloc");
        VmArea c = areas.get(4096, VmArea.VM_ALLOC, "c", "vmalloc");
        assertEquals(8192 + (64 << 10) + 4096 + 8192, areas.usedBytes());
        areas.remove(b.addr());
        assertEquals(16384, areas.usedBytes(), "a lazily freed area is not used");
        assertEquals(end - (c.addr() + c.size()), areas.largestChunkBytes());
        assertEquals(List.of(a, c), List.copyOf(areas.areas()));
    }

    @Test
    void theCallerIsTheFirstFrameOutsideTheApi() {
        assertEquals("VmAreasTest.theCallerIsTheFirstFrameOutsideTheApi", VmAreas.caller());
    }

    @Test
    void anAreaInInterruptContextIsABug() {
        KernelPanic p = assertThrows(KernelPanic.class, () -> PageAllocTest.inInterrupt(machine,
                () -> areas.get(4096, VmArea.VM_ALLOC, "c", "vzalloc")));
        assertEquals("vzalloc: called in interrupt context", p.getMessage());
    }
}
