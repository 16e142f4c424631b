package org.kld86.kernel.linux;

import static org.junit.jupiter.api.Assertions.*;
import static org.kld86.kernel.linux.Gfp.*;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.kld86.emulator.Machine;
import org.kld86.emulator.MachineConfig;
import org.kld86.kernel.Kernel;
import org.kld86.kernel.KernelOptions;
import org.kld86.kernel.KernelPanic;

/** On a 1 GiB machine, whose top 128 MiB is HighMem. */
class HighmemTest {

    private static final long PKMAP_BASE = 0xFF80_0000L;

    private final Machine machine = new Machine(MachineConfig.builder().ram("1G").clearDevices().build());
    private final Kernel kernel = Kernel.boot(machine, KernelOptions.defaults());
    private final Highmem h = kernel.linux().highmem();
    private final PageAlloc pages = kernel.linux().pages();

    @AfterEach
    void tearDown() {
        kernel.shutdown();
    }

    private Page highPage() {
        Page p = pages.alloc_page(GFP_HIGHUSER);
        assertTrue(h.PageHighMem(p), p.toString());
        return p;
    }

    @Test
    void lowPagesNeedNoMappingAndKmapReturnsTheirDirectMapAddress() {
        Page low = pages.alloc_page(GFP_KERNEL);
        assertFalse(h.PageHighMem(low));
        assertEquals(0xC000_0000L + low.phys(), h.kmap(low));
        assertEquals(0xC000_0000L + low.phys(), h.kmap_atomic(low));
        h.kunmap_atomic(0xC000_0000L + low.phys());
        h.kunmap(low);
    }

    @Test
    void kmapMapsAHighMemPageInThePkmapAreaStartingAtSlotOne() {
        Page p = highPage();
        assertEquals(0, h.page_address(p));
        long va = h.kmap(p);
        assertEquals(PKMAP_BASE + 4096, va, "last_pkmap_nr starts at 0 and is advanced before use");
        assertEquals(va, h.page_address(p));
        kernel.memory().write32(va + 12, 0x4B4D4150);
        assertEquals(0x4B4D4150, machine.memory().read32(p.phys() + 12), "the kmap reaches the HighMem frame");
        assertEquals(2, h.pkmapCount(1));
        assertEquals(va, h.kmap(p), "a second kmap shares the slot");
        assertEquals(3, h.pkmapCount(1));
        h.kunmap(p);
        h.kunmap(p);
        assertEquals(1, h.pkmapCount(1), "unused but still mapped until the next flush");
        assertEquals(va, h.page_address(p));
        assertEquals(0x4B4D4150, kernel.memory().read32(va + 12));
    }

    @Test
    void wrappingAroundFlushesUnusedSlotsAndReusesSlotZero() {
        List<Page> first = new ArrayList<>();
        for (int i = 1; i < Highmem.LAST_PKMAP; i++) {
            Page p = highPage();
            assertEquals(Highmem.pkmapAddr(i), h.kmap(p));
            first.add(p);
        }
        first.forEach(h::kunmap);
        Page next = highPage();
        assertEquals(PKMAP_BASE, h.kmap(next), "the scan wraps to slot 0, flushing every count-1 slot");
        for (Page p : first) {
            assertEquals(0, h.page_address(p));
        }
        assertEquals(0, h.pkmapCount(1));
        assertNull(kernel.linux().vmalloc().vmalloc_to_page(Highmem.pkmapAddr(1)), "flushed slots are unmapped");
    }

    @Test
    void whenEverySlotIsBusyKmapSleepsUntilAKunmap() {
        List<Page> held = new ArrayList<>();
        for (int i = 0; i < Highmem.LAST_PKMAP; i++) {
            Page p = highPage();
            h.kmap(p);
            held.add(p);
        }
        Page late = highPage();
        long[] got = {0};
        kernel.scheduler().spawn("reader", () -> got[0] = h.kmap(late), null);
        kernel.scheduler().yield();
        assertEquals(0, got[0], "asleep");
        Page fifth = held.get(4); // slot 5
        assertEquals(Highmem.pkmapAddr(5), h.page_address(fifth));
        h.kunmap(fifth);
        kernel.scheduler().yield();
        assertEquals(Highmem.pkmapAddr(5), got[0], "the freed slot, found after the wrap-around flush");
        assertEquals(0, h.page_address(fifth));
    }

    @Test
    void kmapInInterruptContextPanicsWithTheMightSleepSplat() {
        Page p = highPage();
        KernelPanic e = assertThrows(KernelPanic.class, () -> PageAllocTest.inInterrupt(machine, () -> h.kmap(p)));
        assertTrue(e.getMessage().startsWith("BUG: sleeping function called from invalid context at kernel/linux/Highmem.java:"),
                e.getMessage());
    }

    @Test
    void anUnbalancedKunmapIsABug() {
        Page p = highPage();
        h.kmap(p);
        h.kunmap(p);
        KernelPanic e = assertThrows(KernelPanic.class, () -> h.kunmap(p));
        assertEquals("kunmap_high: unbalanced kunmap of " + p, e.getMessage());
        assertTrue(e.report().contains("kernel BUG at kernel/linux/Highmem.java:"), e.report());
    }

    @Test
    void kunmapOfAPageThatWasNeverKmappedIsABug() {
        Page p = highPage();
        KernelPanic e = assertThrows(KernelPanic.class, () -> h.kunmap(p));
        assertEquals("kunmap_high: " + p + " is not kmapped", e.getMessage());
    }

    @Test
    void kmapAtomicSlotsStackDownFromTheTopOfTheFixmap() {
        Page a = highPage();
        Page b = highPage();
        long va = h.kmap_atomic(a);
        assertEquals(0xFFFF_E000L, va, "FIXADDR_TOP - (FIX_KMAP_BEGIN + 0) pages");
        long vb = h.kmap_atomic(b);
        assertEquals(0xFFFF_D000L, vb);
        kernel.memory().write32(vb, 0xB);
        kernel.memory().write32(va, 0xA);
        assertEquals(0xA, machine.memory().read32(a.phys()));
        assertEquals(0xB, machine.memory().read32(b.phys()));
        assertEquals(0, h.page_address(a), "atomic kmaps are not page_address()");
        h.kunmap_atomic(vb + 100);
        h.kunmap_atomic(va);
        assertNull(kernel.linux().vmalloc().vmalloc_to_page(va), "the slot's PTE is cleared");
    }

    @Test
    void kunmapAtomicOutOfOrderIsABug() {
        long va = h.kmap_atomic(highPage());
        h.kmap_atomic(highPage());
        KernelPanic e = assertThrows(KernelPanic.class, () -> h.kunmap_atomic(va));
        assertEquals(String.format("kunmap_atomic: 0x%08x is not the last atomic kmap", va), e.getMessage());
    }

    @Test
    void moreThanKmTypeNrNestedAtomicKmapsIsABug() {
        for (int i = 0; i < Highmem.KM_TYPE_NR; i++) {
            h.kmap_atomic(highPage());
        }
        KernelPanic e = assertThrows(KernelPanic.class, () -> h.kmap_atomic(highPage()));
        assertEquals("kmap_atomic: more than 20 nested atomic kmaps", e.getMessage());
    }

    @Test
    void kmapAtomicWorksInInterruptContext() {
        Page p = highPage();
        PageAllocTest.inInterrupt(machine, () -> {
            long va = h.kmap_atomic(p);
            kernel.memory().write32(va, 0x1234);
            h.kunmap_atomic(va);
        });
        assertEquals(0x1234, machine.memory().read32(p.phys()));
    }

    @Test
    void usingAnAtomicKmapAfterKunmapAtomicFaults() {
        long va = h.kmap_atomic(highPage());
        h.kunmap_atomic(va);
        KernelPanic e = assertThrows(KernelPanic.class, () -> kernel.memory().read32(va));
        assertTrue(e.report().contains(String.format("fault virtual address\t= 0x%x\n", va)), e.report());
    }
}
