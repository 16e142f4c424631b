package org.kld86.kernel.linux;

import static org.junit.jupiter.api.Assertions.*;
import static org.kld86.kernel.linux.Gfp.*;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.kld86.emulator.Machine;
import org.kld86.emulator.MachineConfig;
import org.kld86.emulator.mmu.PagingBits;
import org.kld86.kernel.Kernel;
import org.kld86.kernel.KernelOptions;
import org.kld86.kernel.KernelPanic;

/** On the default machine, which has an edu device: register 0x00 reads 0x010000ED, 0x04 returns ~value. */
class IoremapTest {

    private final Machine machine = new Machine(MachineConfig.defaults());
    private final Kernel kernel = Kernel.boot(machine, KernelOptions.defaults());
    private final Ioremap io = kernel.linux().io();
    private final long bar = machine.eduDevices().get(0).barWindow(0).base();

    @AfterEach
    void tearDown() {
        kernel.shutdown();
    }

    private String dmesg() {
        return kernel.console().dmesg();
    }

    /** The PTE the kernel's page tables hold for {@code va}, read from RAM as the MMU walks it (SDM 4.3). */
    private int pte(long va) {
        long pd = Integer.toUnsignedLong(machine.mmu().cr3()) & 0xFFFFF000L;
        int pde = machine.memory().read32(pd + 4 * (va >>> 22));
        return machine.memory().read32((pde & 0xFFFFF000L) + 4 * ((va >>> 12) & 0x3FF));
    }

    @Test
    void theEduRegistersAreReachedThroughAnUncachedMappingInTheVmallocArea() {
        long regs = io.ioremap(bar, 4096);
        assertTrue(kernel.linux().vmalloc().is_vmalloc_addr(regs), String.format("0x%x", regs));
        assertEquals(0x010000ED, io.readl(regs), "edu identification register");
        io.writel(0x12345678, regs + 4);
        assertEquals(~0x12345678, io.readl(regs + 4), "the liveness register returns the complement");
        int pte = pte(regs);
        assertEquals(bar, pte & 0xFFFFF000L);
        int want = PagingBits.PTE_P | PagingBits.PTE_RW | PagingBits.PTE_PCD | PagingBits.PTE_PWT;
        assertEquals(want, pte & want);
    }

    @Test
    void anUnalignedRangeKeepsItsOffsetAndTheAreaRecordsTheWholePages() {
        long live = io.ioremap_nocache(bar + 4, 4);
        assertEquals(4, live & 0xFFF);
        io.writel(0, live);
        assertEquals(0xFFFFFFFF, io.readl(live));
        VmArea area = kernel.linux().vmalloc().find_vm_area(live - 4);
        assertEquals(bar, area.physAddr());
        assertEquals(VmArea.VM_IOREMAP, area.flags());
        assertEquals(0, area.nrPages());
        assertEquals(8192, area.size(), "one page and its guard");
        io.iounmap(live); // any address in the first page will do
        assertNull(kernel.linux().vmalloc().find_vm_area(live - 4));
    }

    @Test
    void ioremapAreasAreAlignedToTheirSizesHighestBitUpTo128Pages() {
        long one = io.ioremap(bar, 4096);
        assertEquals(0, one & 0x1FFF, "fls(4096) = 13: 8 KiB alignment");
        long whole = io.ioremap(bar, 1 << 20);
        assertEquals(0, whole & 0x7FFFF, "fls(1 MiB) = 21, capped at IOREMAP_MAX_ORDER: 512 KiB");
        assertEquals(0x010000ED, io.readl(whole));
        assertEquals((1 << 20) + 4096, kernel.linux().vmalloc().find_vm_area(whole).size());
    }

    @Test
    void afterIounmapTheRegistersAreGoneAndATouchIsAFatalPageFault() {
        long regs = io.ioremap(bar, 4096);
        io.iounmap(regs);
        KernelPanic p = assertThrows(KernelPanic.class, () -> io.readl(regs));
        assertTrue(p.report().contains(String.format("fault virtual address\t= 0x%x\n", regs)), p.report());
    }

    @Test
    void reservedRamCanBeMappedWithAOneTimeWarningAndIsTheSameMemory() {
        long image = 0x40_0000L; // the kernel image: RAM, but PG_reserved
        int before = dmesg().length();
        long va = io.ioremap(image, 8192);
        assertNotEquals(0, va);
        String out = dmesg().substring(before);
        assertTrue(out.startsWith(Bug.CUT_HERE + "\nWARNING: at kernel/linux/Ioremap.java:"), out);
        assertTrue(out.contains("ioremap on RAM pfn 0x400\n"), out);
        io.writel(0x11223344, va + 4096);
        assertEquals(0x11223344, kernel.memory().read32(0xC000_0000L + image + 4096), "the direct map sees it");
        assertEquals(0x44, io.readb(va + 4096));
        assertEquals(0x1122, io.readw(va + 4096 + 2));
        io.writeb(0x99, va + 4096 + 1);
        io.writew(0xBEEF, va + 4096 + 2);
        assertEquals(0xBEEF9944, io.readl(va + 4096));
        int after = dmesg().length();
        assertNotEquals(0, io.ioremap(image, 4096));
        assertEquals(after, dmesg().length(), "WARN_ONCE");
    }

    @Test
    void ramTheKernelUsesIsRefused() {
        Page page = kernel.linux().pages().alloc_page(GFP_KERNEL);
        int before = dmesg().length();
        assertEquals(0, io.ioremap(page.phys(), 4096));
        assertEquals(0, io.ioremap(0x40_0000L, 32L << 20), "a range that runs from reserved into free RAM");
        assertEquals(before, dmesg().length(), "refused silently");
    }

    @Test
    void theIsaHoleIsAlwaysMappedAndIounmapIgnoresIt() {
        long vga = io.ioremap(0xB8000, 4000);
        assertEquals(0xC00B_8000L, vga);
        assertTrue(kernel.linux().vmAreas().isEmpty());
        int before = dmesg().length();
        io.iounmap(vga);
        io.iounmap(0xC010_0000L); // any address up to high_memory
        assertEquals(before, dmesg().length());
    }

    @Test
    void zeroSizeAndWrappingRangesAreRefused() {
        assertEquals(0, io.ioremap(bar, 0));
        assertEquals(0, io.ioremap(0xFFFF_F000L, 0x2000));
        assertTrue(kernel.linux().vmAreas().isEmpty());
    }

    @Test
    void iounmapOfAnAddressWithNoAreaSaysBadAddress() {
        long va = kernel.linux().vmalloc().vmallocStart() + 0x10123;
        int before = dmesg().length();
        io.iounmap(va);
        assertEquals(String.format("iounmap: bad address %08x\n", va & ~0xFFFL), dmesg().substring(before));
    }

    @Test
    void ioremapInInterruptContextIsABug() {
        KernelPanic p = assertThrows(KernelPanic.class,
                () -> PageAllocTest.inInterrupt(machine, () -> io.ioremap(bar, 4096)));
        assertEquals("ioremap: called in interrupt context", p.getMessage());
    }

    @Test
    void argumentsThatAreNot32BitAreRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> io.ioremap(1L << 32, 4096));
        assertTrue(e.getMessage().contains("not a 32-bit physical range"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> io.ioremap(bar, -1));
    }
}
