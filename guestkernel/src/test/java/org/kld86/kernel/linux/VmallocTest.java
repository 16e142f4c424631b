package org.kld86.kernel.linux;

import static org.junit.jupiter.api.Assertions.*;
import static org.kld86.kernel.linux.Gfp.*;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.kld86.emulator.Machine;
import org.kld86.emulator.MachineConfig;
import org.kld86.kernel.Kernel;
import org.kld86.kernel.KernelOptions;
import org.kld86.kernel.KernelPanic;
import org.kld86.kernel.vm.PageDescriptors;

class VmallocTest {

    /** On a 64 MiB machine: high_memory 0xC4000000, VMALLOC_START = high_memory + 8 MiB. */
    private static final long VMALLOC_START_64M = 0xC480_0000L;
    private static final int HIGHMEM_START_PFN = (896 << 20) >>> 12;

    private Machine machine;
    private Kernel kernel;
    private Vmalloc v;

    private void boot(String ram) {
        machine = new Machine(MachineConfig.builder().ram(ram).clearDevices().build());
        kernel = Kernel.boot(machine, KernelOptions.defaults());
        v = kernel.linux().vmalloc();
    }

    VmallocTest() {
        boot("64M");
    }

    @AfterEach
    void tearDown() {
        kernel.shutdown();
    }

    private String dmesg() {
        return kernel.console().dmesg();
    }

    private long freePages() {
        return kernel.vm().allocator().totalFreePages();
    }

    @Test
    void vmallocAddressesLieAtOrAboveVmallocStartJustAboveTheDirectMap() {
        long a = v.vmalloc(16384);
        assertEquals(VMALLOC_START_64M, a, "the first area starts the vmalloc space");
        assertEquals(VMALLOC_START_64M, kernel.vm().layout().vmallocStart());
        long b = v.vmalloc(100);
        assertEquals(a + 16384 + 4096, b, "the next area follows the first one's guard page");
        assertTrue(v.is_vmalloc_addr(a) && v.is_vmalloc_addr(b + 4095));
        assertFalse(v.is_vmalloc_addr(0xC000_1000L), "a direct-map address");
        assertFalse(v.is_vmalloc_addr(v.vmallocEnd()));
    }

    @Test
    void everyAreaIsVirtuallyContiguousThroughTheMmu() {
        for (int pagesWanted : new int[] {1, 3, 16, 100}) {
            long a = v.vmalloc(pagesWanted * 4096L);
            byte[] pattern = new byte[pagesWanted * 4096];
            for (int i = 0; i < pattern.length; i++) {
                pattern[i] = (byte) (i * 31 + pagesWanted + (i >>> 12));
            }
            kernel.memory().write(a, pattern, 0, pattern.length);
            byte[] back = new byte[pattern.length];
            kernel.memory().read(a, back, 0, back.length);
            assertArrayEquals(pattern, back);
            // Each page's bytes are in the frame vmalloc_to_pfn names.
            for (int p = 0; p < pagesWanted; p++) {
                long pa = v.vmalloc_to_pfn(a + p * 4096L + 17) << 12;
                assertEquals(pattern[p * 4096 + 17], (byte) machine.memory().read8(pa + 17));
            }
        }
    }

    @Test
    void vmallocPagesAreMarkedPgVmallocAndComeBackOnVfree() {
        long free = freePages();
        long a = v.vmalloc(5 * 4096 - 10);
        assertEquals(free - 5, freePages(), "rounded up to 5 pages; no page table was needed");
        VmArea area = v.find_vm_area(a);
        assertEquals(5, area.nrPages());
        assertEquals(6 * 4096, area.size(), "with the guard page");
        for (int i = 0; i < 5; i++) {
            assertTrue(kernel.vm().pages().hasFlag(area.pfn(i), PageDescriptors.PG_VMALLOC));
            assertEquals(area.pfn(i), v.vmalloc_to_pfn(a + i * 4096L));
            assertEquals(new Page(area.pfn(i)), v.vmalloc_to_page(a + i * 4096L));
        }
        int first = area.pfn(0);
        v.vfree(a);
        assertEquals(free, freePages());
        assertFalse(kernel.vm().pages().hasFlag(first, PageDescriptors.PG_VMALLOC));
        assertNull(v.vmalloc_to_page(a), "unmapped");
        assertNull(v.find_vm_area(a));
    }

    @Test
    void theGuardPageIsNeverMappedAndTouchingItIsAFatalPageFault() {
        long a = v.vmalloc(16384);
        long guard = a + 16384;
        assertNull(v.vmalloc_to_page(guard));
        assertEquals(-1, v.vmalloc_to_pfn(guard));
        kernel.memory().write32(guard - 4, 7); // the last word of the area is fine
        KernelPanic p = assertThrows(KernelPanic.class, () -> kernel.memory().write8(guard, 1));
        assertEquals("page fault", p.getMessage());
        assertTrue(p.report().contains("Fatal trap 12: page fault while in kernel mode\n"), p.report());
        assertTrue(p.report().contains(String.format("fault virtual address\t= 0x%x\n", guard)), p.report());
        assertTrue(p.report().contains("supervisor write data, page not present"), p.report());
    }

    @Test
    void readingPastTheEndOfAnAreaFaultsOnTheGuardPage() {
        long a = v.vmalloc(4096);
        KernelPanic p = assertThrows(KernelPanic.class, () -> kernel.memory().read32(a + 4094));
        assertTrue(p.report().contains(String.format("fault virtual address\t= 0x%x\n", a + 4096)), p.report());
    }

    @Test
    void onAFragmentedMachineVmallocPagesArePhysicallyScattered() {
        List<Page> held = new ArrayList<>();
        for (int i = 0; i < 64; i++) {
            held.add(kernel.linux().pages().alloc_page(GFP_KERNEL));
        }
        Set<Integer> mine = new HashSet<>();
        held.forEach(p -> mine.add(p.pfn()));
        // Free every even frame whose buddy (the odd one after it) stays allocated: no merging is possible.
        List<Integer> freed = new ArrayList<>();
        for (Page p : held) {
            if ((p.pfn() & 1) == 0 && mine.contains(p.pfn() + 1)) {
                kernel.linux().pages().__free_page(p);
                freed.add(p.pfn());
            }
        }
        assertTrue(freed.size() >= 16, freed.toString());
        long a = v.vmalloc(freed.size() * 4096L);
        // The order-0 free list is LIFO: the area gets the freed frames, last freed first.
        for (int i = 0; i < freed.size(); i++) {
            assertEquals(freed.get(freed.size() - 1 - i), (int) v.vmalloc_to_pfn(a + i * 4096L), "page " + i);
        }
        for (int i = 1; i < freed.size(); i++) {
            assertNotEquals(v.vmalloc_to_pfn(a + (i - 1) * 4096L) + 1, v.vmalloc_to_pfn(a + i * 4096L));
        }
    }

    @Test
    void onA1GiBMachineVmallocPagesComeFromHighMem() {
        kernel.shutdown();
        boot("1G");
        long a = v.vmalloc(8 * 4096);
        assertEquals(0xF880_0000L, a, "VMALLOC_START = 896 MiB of direct map + 8 MiB");
        for (int i = 0; i < 8; i++) {
            assertTrue(v.vmalloc_to_pfn(a + i * 4096L) >= HIGHMEM_START_PFN, "page " + i);
        }
        kernel.memory().write32(a + 5 * 4096 + 8, 0xCAFE);
        assertEquals(0xCAFE, machine.memory().read32((v.vmalloc_to_pfn(a + 5 * 4096) << 12) + 8));
    }

    @Test
    void vzallocZeroesEvenRecycledPages() {
        long a = v.vmalloc(8 * 4096);
        kernel.memory().fill(a, 8 * 4096, 0xA5);
        v.vfree(a);
        long z = v.vzalloc(8 * 4096);
        byte[] back = new byte[8 * 4096];
        kernel.memory().read(z, back, 0, back.length);
        for (byte b : back) {
            assertEquals(0, b);
        }
    }

    @Test
    void onHighMemVzallocZeroesThroughKmapAtomic() {
        kernel.shutdown();
        boot("1G");
        long a = v.vmalloc(4 * 4096);
        kernel.memory().fill(a, 4 * 4096, 0x77);
        v.vfree(a);
        long z = v.vzalloc(4 * 4096);
        for (int off = 0; off < 4 * 4096; off += 1024) {
            assertEquals(0, kernel.memory().read32(z + off));
        }
    }

    // ---------------------------------------------------------------------------------------------------------
    // vfree

    @Test
    void vfreeOfNullIsANoOp() {
        int before = dmesg().length();
        v.vfree(0);
        assertEquals(before, dmesg().length());
    }

    @Test
    void vfreeOfAMisalignedAddressWarnsAndFreesNothing() {
        long a = v.vmalloc(8192);
        long free = freePages();
        int before = dmesg().length();
        v.vfree(a + 12);
        String want = String.format("%s\nWARNING: at kernel/linux/Vmalloc.java:\\d+ __vunmap\\(\\)\n"
                + "Trying to vfree\\(\\) bad address \\(%08x\\)\n%s\n", Pattern.quote(Bug.CUT_HERE), a + 12,
                Pattern.quote(Bug.END_TRACE));
        assertTrue(dmesg().substring(before).matches(want), dmesg().substring(before));
        assertEquals(free, freePages());
        kernel.memory().write32(a, 1); // still mapped
    }

    @Test
    void vfreeOfAnAddressWhereNoAreaStartsWarnsNonexistent() {
        long a = v.vmalloc(8192);
        for (long bad : new long[] {a + 4096, 0xC010_0000L, v.vmallocStart() + 0x100000}) {
            int before = dmesg().length();
            v.vfree(bad);
            String out = dmesg().substring(before);
            assertTrue(out.contains(String.format("Trying to vfree() nonexistent vm area (%08x)\n", bad)), out);
            assertTrue(out.startsWith(Bug.CUT_HERE + "\nWARNING: at kernel/linux/Vmalloc.java:"), out);
        }
        v.vfree(a);
        int before = dmesg().length();
        v.vfree(a);
        assertTrue(dmesg().substring(before).contains(String.format("nonexistent vm area (%08x)", a)), "double vfree");
    }

    @Test
    void vfreeInInterruptContextIsAllowed() {
        long a = v.vmalloc(4096);
        long free = freePages();
        PageAllocTest.inInterrupt(machine, () -> v.vfree(a));
        assertEquals(free + 1, freePages());
    }

    // ---------------------------------------------------------------------------------------------------------
    // Failures

    @Test
    void vmallocOfZeroFailsWithLinuxsReport() {
        int before = dmesg().length();
        assertEquals(0, v.vmalloc(0));
        assertEquals("vmalloc: allocation failure: 0 bytes\nswapper: page allocation failure: order:0, mode:0xd2\n",
                dmesg().substring(before));
    }

    @Test
    void vmallocOfMoreThanTheMachineHasFails() {
        long tooMany = (kernel.vm().managedPages() + 1) * 4096;
        long free = freePages();
        int before = dmesg().length();
        assertEquals(0, v.vzalloc(tooMany));
        assertEquals(String.format("vmalloc: allocation failure: %d bytes%nswapper: page allocation failure: order:0,"
                + " mode:0x80d2%n", tooMany), dmesg().substring(before));
        assertEquals(free, freePages());
    }

    @Test
    void vmallocOfMoreThanTheAddressSpaceHoldsFailsWithTheVmapMessage() {
        kernel.shutdown();
        boot("1G"); // 56 MiB of vmalloc space for 1 GiB of RAM
        long space = v.vmallocEnd() - v.vmallocStart();
        assertTrue(space < kernel.vm().managedPages() * 4096L);
        int before = dmesg().length();
        assertEquals(0, v.vmalloc(space));
        assertEquals(String.format("vmap allocation for size %d failed: use vmalloc=<size> to increase size.%n"
                        + "vmalloc: allocation failure: %d bytes%nswapper: page allocation failure: order:0, mode:0xd2%n",
                space + 4096, space), dmesg().substring(before));
    }

    @Test
    void theLargestAreaThatFitsLeavesRoomForItsGuardAndItsNestedPagesArray() {
        kernel.shutdown();
        boot("1G");
        long spacePages = (v.vmallocEnd() - v.vmallocStart()) / 4096;
        long n = spacePages;
        while (n + 1 + (4 * n + 4095) / 4096 + 1 > spacePages) {
            n--;
        }
        long free = freePages();
        assertEquals(0, v.vmalloc((n + 1) * 4096), "one page more leaves no room for the pages array");
        assertEquals(free, freePages());
        long a = v.vmalloc(n * 4096);
        assertEquals(v.vmallocStart(), a, "found after purging the failed attempt's lazily freed range");
        assertEquals(free - n - (4 * n + 4095) / 4096, freePages());
        v.vfree(a);
        assertEquals(free, freePages());
    }

    @Test
    void vmallocInInterruptContextIsABug() {
        KernelPanic p = assertThrows(KernelPanic.class, () -> PageAllocTest.inInterrupt(machine, () -> v.vmalloc(4096)));
        assertEquals("vmalloc: called in interrupt context", p.getMessage());
        assertTrue(p.report().contains(Bug.CUT_HERE + "\nkernel BUG at kernel/linux/VmAreas.java:"), p.report());
    }

    // ---------------------------------------------------------------------------------------------------------
    // Lazy freeing and the nested pages array

    @Test
    void freedAddressesAreReusedOnlyAfterMoreThan32MiBWaitsForThePurge() {
        long a = v.vmalloc(4096);
        v.vfree(a);
        long b = v.vmalloc(4096);
        assertEquals(a + 8192, b, "the freed range waits for the lazy purge");
        v.vfree(b);
        // 4 MiB areas: 1024 pages, whose pointer array still fits a page, so no nested area.
        for (int i = 1; i <= 7; i++) {
            v.vfree(v.vmalloc(4L << 20));
            assertEquals(4 + i * 1025L, kernel.linux().lazilyFreedPages());
        }
        v.vfree(v.vmalloc(4L << 20)); // 4 + 8 * 1025 > 8192 pages waiting: purged
        assertEquals(0, kernel.linux().lazilyFreedPages());
        assertEquals(a, v.vmalloc(4096), "after the purge the lowest address is free again");
    }

    @Test
    void anAreaOfMoreThan1024PagesKeepsItsPagesArrayInANestedArea() {
        long free = freePages();
        long a = v.vmalloc(8L << 20);
        VmArea outer = v.find_vm_area(a);
        assertEquals(VmArea.VM_ALLOC | VmArea.VM_VPAGES, outer.flags());
        assertEquals(2048, outer.nrPages());
        long nested = a + (8L << 20) + 4096;
        VmArea array = v.find_vm_area(nested);
        assertNotNull(array, "2048 pointers, 8 KiB, vmalloc'ed right after the area");
        assertEquals(2, array.nrPages());
        assertEquals(VmArea.VM_ALLOC, array.flags());
        assertEquals(free - 2048 - 2, freePages());
        for (int i : new int[] {0, 1, 1023, 2047}) {
            assertEquals((int) new Page(outer.pfn(i)).memMapAddress(), kernel.memory().read32(nested + 4L * i));
        }
        v.vfree(a);
        assertEquals(free, freePages());
        assertNull(v.find_vm_area(nested));
    }
}
