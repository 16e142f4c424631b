package org.kld86.kernel.linux;

import static org.junit.jupiter.api.Assertions.*;
import static org.kld86.kernel.linux.Gfp.*;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.kld86.emulator.Machine;
import org.kld86.emulator.MachineConfig;
import org.kld86.emulator.cpu.InterruptController;
import org.kld86.kernel.Kernel;
import org.kld86.kernel.KernelOptions;
import org.kld86.kernel.KernelPanic;
import org.kld86.kernel.vm.Zone;

class PageAllocTest {

    private static final long PAGE_OFFSET = 0xC000_0000L;
    /** The first HighMem frame: 896 MiB / 4 KiB. */
    private static final int HIGHMEM_START_PFN = (896 << 20) >>> 12;

    private Machine machine;
    private Kernel kernel;
    private PageAlloc pages;

    private void boot(String ram) {
        machine = new Machine(MachineConfig.builder().ram(ram).clearDevices().build());
        kernel = Kernel.boot(machine, KernelOptions.defaults());
        pages = kernel.linux().pages();
    }

    PageAllocTest() {
        boot("64M");
    }

    @AfterEach
    void tearDown() {
        kernel.shutdown();
    }

    private String dmesg() {
        return kernel.console().dmesg();
    }

    /** Runs {@code body} as the handler of interrupt vector 0x40, delivered at the next safepoint. */
    static void inInterrupt(Machine m, Runnable body) {
        m.cpu().setGate(0x40, (v, e) -> body.run());
        m.cpu().setInterruptController(new InterruptController() {
            boolean pending = true;

            @Override
            public boolean intr() {
                return pending;
            }

            @Override
            public int acknowledge() {
                pending = false;
                return 0x40;
            }
        });
        m.cpu().safepoint(1);
    }

    /** Takes every page a request that neither sleeps nor uses the reserve can get. */
    private List<Page> exhaustWithNowait() {
        List<Page> held = new ArrayList<>();
        Page p;
        while ((p = pages.alloc_page(GFP_NOWAIT | __GFP_NOWARN)) != null) {
            held.add(p);
        }
        return held;
    }

    // ---------------------------------------------------------------------------------------------------------
    // Zones

    @Test
    void gfpDmaPagesLieBelow16MiB() {
        for (int order = 0; order <= 3; order++) {
            long addr = pages.__get_dma_pages(GFP_KERNEL, order);
            assertTrue(addr - PAGE_OFFSET + (4096L << order) <= 16L << 20, String.format("0x%x", addr));
            Page p = pages.alloc_pages(GFP_KERNEL | GFP_DMA, order);
            assertTrue(p.pfn() + (1 << order) <= 4096, p.toString());
        }
    }

    @Test
    void gfpKernelPrefersNormalOverDma() {
        Page p = pages.alloc_page(GFP_KERNEL);
        assertTrue(p.pfn() >= 4096, "ZONE_NORMAL starts at 16 MiB: " + p);
    }

    @Test
    void onA1GiBMachineGfpHighuserComesFromHighMemAndGfpKernelFromLowMemory() {
        kernel.shutdown();
        boot("1G");
        Page high = pages.alloc_page(GFP_HIGHUSER);
        assertTrue(high.pfn() >= HIGHMEM_START_PFN, high.toString());
        assertEquals(0, pages.page_address(high), "a HighMem page has no address until kmapped");
        Page low = pages.alloc_page(GFP_KERNEL);
        assertTrue(low.pfn() < HIGHMEM_START_PFN && low.pfn() >= 4096, low.toString());
        assertEquals(PAGE_OFFSET + low.phys(), pages.page_address(low));
    }

    // ---------------------------------------------------------------------------------------------------------
    // Orders

    @Test
    void ordersZeroToTenSucceedNaturallyAlignedAndElevenFailsWithOneWarning() {
        for (int order = 0; order <= 10; order++) {
            Page p = pages.alloc_pages(GFP_KERNEL, order);
            assertNotNull(p, "order " + order);
            assertEquals(0, p.pfn() & ((1 << order) - 1), "a block of 2^order pages is aligned to its size");
        }
        int before = dmesg().length();
        assertNull(pages.alloc_pages(GFP_KERNEL, 11));
        String warned = dmesg().substring(before);
        assertTrue(warned.startsWith(Bug.CUT_HERE + "\nWARNING: at kernel/linux/PageAlloc.java:"), warned);
        assertTrue(warned.contains(" alloc_pages()\n" + Bug.END_TRACE + "\n"), warned);
        int after = dmesg().length();
        assertNull(pages.alloc_pages(GFP_KERNEL, 11));
        assertEquals(0, pages.__get_free_pages(GFP_KERNEL, 12));
        assertEquals(after, dmesg().length(), "WARN_ON_ONCE: once");
    }

    @Test
    void anOversizedOrderWithNowarnFailsSilently() {
        int before = dmesg().length();
        assertNull(pages.alloc_pages(GFP_KERNEL | __GFP_NOWARN, 11));
        assertEquals(before, dmesg().length());
    }

    // ---------------------------------------------------------------------------------------------------------
    // The address interface (scullp)

    @Test
    void getFreePagesAddressesLieInTheDirectMapBelowHighMemory() {
        long highMemory = kernel.vm().layout().highMemory();
        for (int order = 0; order <= 4; order++) {
            long addr = pages.__get_free_pages(GFP_KERNEL, order);
            assertTrue(addr >= PAGE_OFFSET && addr + (4096L << order) <= highMemory, String.format("0x%x", addr));
            // A store through the MMU lands at addr - PAGE_OFFSET in physical memory: the direct map.
            long last = addr + (4096L << order) - 4;
            kernel.memory().write32(last, 0x5CA11F00 + order);
            assertEquals(0x5CA11F00 + order, machine.memory().read32(last - PAGE_OFFSET));
            pages.free_pages(addr, order);
        }
    }

    @Test
    void getZeroedPageIsZeroAndGetFreePageIsNot() {
        long addr = pages.__get_free_page(GFP_KERNEL);
        kernel.memory().fill(addr, 4096, 0x5A);
        pages.free_page(addr);
        assertEquals(addr, pages.__get_free_page(GFP_KERNEL), "LIFO: the page just freed comes back");
        assertEquals(0x5A5A5A5A, kernel.memory().read32(addr + 100), "__get_free_page does not clear");
        pages.free_page(addr);
        long zeroed = pages.get_zeroed_page(GFP_KERNEL);
        assertEquals(addr, zeroed);
        for (int off = 0; off < 4096; off += 4) {
            assertEquals(0, kernel.memory().read32(zeroed + off));
        }
    }

    @Test
    void gfpZeroClearsEveryPageOfABlock() {
        Page p = pages.alloc_pages(GFP_KERNEL, 2);
        machine.memory().fill(p.phys(), 4 * 4096, 0xEE);
        pages.__free_pages(p, 2);
        Page z = pages.alloc_pages(GFP_KERNEL | __GFP_ZERO, 2);
        assertEquals(p, z);
        for (long off = 0; off < 4 * 4096; off += 512) {
            assertEquals(0, machine.memory().read32(z.phys() + off));
        }
    }

    @Test
    void highmemPassedToGetFreePagesIsWarnedOnceAndStripped() {
        int before = dmesg().length();
        long addr = pages.__get_free_pages(GFP_HIGHUSER, 0);
        assertTrue(kernel.vm().layout().isDirectMapped(addr), String.format("0x%x", addr));
        assertTrue(dmesg().substring(before).contains(" __get_free_pages()\n"), dmesg().substring(before));
    }

    @Test
    void freePagesOfZeroIsANoOp() {
        long free = kernel.vm().allocator().totalFreePages();
        int before = dmesg().length();
        pages.free_pages(0, 3);
        pages.free_page(0);
        assertEquals(free, kernel.vm().allocator().totalFreePages());
        assertEquals(before, dmesg().length());
    }

    @Test
    void freeingWithTheWrongOrderReportsBadPageStateAndFreesNothing() {
        long addr = pages.__get_free_pages(GFP_KERNEL, 2);
        long free = kernel.vm().allocator().totalFreePages();
        pages.free_pages(addr, 1);
        String pfn = String.format("%05x", (addr - PAGE_OFFSET) >>> 12);
        assertTrue(dmesg().contains("BUG: Bad page state in process swapper  pfn:" + pfn + "\n"), dmesg());
        assertEquals(free, kernel.vm().allocator().totalFreePages(), "the block stays allocated");
        pages.free_pages(addr, 2);
        assertEquals(free + 4, kernel.vm().allocator().totalFreePages());
    }

    @Test
    void aDoubleFreeIsReportedToo() {
        long addr = pages.__get_free_page(GFP_KERNEL);
        pages.free_page(addr);
        int before = dmesg().length();
        pages.free_page(addr);
        assertTrue(dmesg().substring(before).startsWith("BUG: Bad page state in process swapper  pfn:"));
    }

    @Test
    void freePagesOfAnAddressOutsideTheDirectMapIsABug() {
        long va = kernel.linux().vmalloc().vmalloc(4096);
        KernelPanic p = assertThrows(KernelPanic.class, () -> pages.free_pages(va, 0));
        assertEquals(String.format("free_pages: 0x%08x is not a direct-map address", va), p.getMessage());
        assertTrue(p.report().contains("kernel BUG at kernel/linux/PageAlloc.java:"), p.report());
    }

    // ---------------------------------------------------------------------------------------------------------
    // Failure, the reserve and sleeping

    @Test
    void whenOrdinaryRequestsFailGfpAtomicStillGetsPagesFromTheReserve() {
        exhaustWithNowait();
        int before = dmesg().length();
        assertNull(pages.alloc_page(GFP_NOWAIT));
        assertEquals("swapper: page allocation failure: order:0, mode:0x0\n", dmesg().substring(before));
        Page atomic = pages.alloc_page(GFP_ATOMIC);
        assertNotNull(atomic, "GFP_ATOMIC's __GFP_HIGH reaches below the min watermark");
        Zone z = kernel.vm().allocator().zoneOf(atomic.pfn());
        assertTrue(z.freePages() < z.minWatermark() + z.lowmemReserve(Zone.NORMAL) + 1, z.toString());
    }

    @Test
    void aFailedAtomicRequestPrintsItsGfpMask() {
        exhaustWithNowait();
        while (pages.alloc_page(GFP_ATOMIC | __GFP_NOWARN) != null) {
            // drain the reserve too
        }
        int before = dmesg().length();
        assertEquals(0, pages.__get_free_pages(GFP_ATOMIC, 1));
        assertEquals("swapper: page allocation failure: order:1, mode:0x20\n", dmesg().substring(before));
    }

    @Test
    void failureReportsAreRateLimitedToTenIn5Seconds() {
        exhaustWithNowait();
        int before = dmesg().length();
        for (int i = 0; i < 15; i++) {
            assertNull(pages.alloc_page(GFP_NOWAIT));
        }
        String out = dmesg().substring(before);
        assertEquals(10, out.split("page allocation failure", -1).length - 1, out);
        machine.clock().advance(machine.clock().cyclesForNanos(6_000_000_000L));
        before = dmesg().length();
        assertNull(pages.alloc_page(GFP_NOWAIT));
        assertEquals("warn_alloc_failed: 5 callbacks suppressed\nswapper: page allocation failure: order:0, mode:0x0\n",
                dmesg().substring(before));
    }

    @Test
    void aGfpKernelAllocationSleepsUntilAPageIsFreed() {
        List<Page> held = exhaustWithNowait();
        List<String> log = new ArrayList<>();
        kernel.scheduler().spawn("scullp", () -> {
            log.add("asking");
            Page p = pages.alloc_page(GFP_KERNEL);
            log.add("got " + (p != null));
        }, null);
        kernel.scheduler().yield();
        assertEquals(List.of("asking"), log, "the request sleeps in vmwait");
        assertEquals(1, kernel.pageRequests().waits());
        pages.__free_page(held.remove(0));
        kernel.scheduler().yield();
        assertEquals(List.of("asking", "got true"), log);
    }

    @Test
    void aNoretryRequestFailsInsteadOfSleeping() {
        exhaustWithNowait();
        assertNull(pages.alloc_page(GFP_KERNEL | __GFP_NORETRY | __GFP_NOWARN));
        assertEquals(0, kernel.pageRequests().waits());
    }

    @Test
    void nofailAboveOrderOneWarnsOnce() {
        int before = dmesg().length();
        assertNotNull(pages.alloc_pages(GFP_KERNEL | __GFP_NOFAIL, 1));
        assertEquals(before, dmesg().length(), "order 1 is fine");
        assertNotNull(pages.alloc_pages(GFP_KERNEL | __GFP_NOFAIL, 2));
        assertTrue(dmesg().substring(before).startsWith(Bug.CUT_HERE + "\nWARNING: at kernel/linux/PageAlloc.java:"));
    }

    // ---------------------------------------------------------------------------------------------------------
    // Interrupt context

    @Test
    void gfpKernelInInterruptContextPanicsWithTheMightSleepSplat() {
        KernelPanic p = assertThrows(KernelPanic.class, () -> inInterrupt(machine, () -> pages.alloc_page(GFP_KERNEL)));
        assertTrue(p.getMessage().matches(
                "BUG: sleeping function called from invalid context at kernel/linux/PageAlloc.java:\\d+"), p.getMessage());
        assertTrue(p.report().contains(String.format("in_atomic(): 1, irqs_disabled(): 1, pid: %d, name: swapper\n",
                kernel.scheduler().current().tid())), p.report());
    }

    @Test
    void gfpAtomicInInterruptContextIsFine() {
        Page[] got = new Page[1];
        inInterrupt(machine, () -> got[0] = pages.alloc_page(GFP_ATOMIC | __GFP_ZERO));
        assertNotNull(got[0]);
        assertEquals(0, machine.memory().read32(got[0].phys() + 4092));
    }

    @Test
    void getOrderIsTheSmallestBlockThatHoldsTheSize() {
        assertEquals(0, PageAlloc.get_order(1));
        assertEquals(0, PageAlloc.get_order(4096));
        assertEquals(1, PageAlloc.get_order(4097));
        assertEquals(1, PageAlloc.get_order(8192));
        assertEquals(2, PageAlloc.get_order(8193));
        assertEquals(10, PageAlloc.get_order(4L << 20));
        assertEquals(11, PageAlloc.get_order((4L << 20) + 1));
        assertEquals(20, PageAlloc.get_order(0xFFFF_FFFFL));
        assertEquals(20, PageAlloc.get_order(0), "fls(0xFFFFFFFF >> 12) on i386: undefined in Linux's words");
    }
}
