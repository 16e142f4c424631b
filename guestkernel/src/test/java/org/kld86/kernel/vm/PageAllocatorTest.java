package org.kld86.kernel.vm;

import static org.junit.jupiter.api.Assertions.*;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.kld86.emulator.Machine;
import org.kld86.emulator.MachineConfig;

class PageAllocatorTest {

    private final Vm vm;
    private final PageAllocator pa;
    private final List<String> reports = new ArrayList<>();

    PageAllocatorTest() {
        Machine m = new Machine(MachineConfig.builder().ram("64M").clearDevices().build());
        vm = Vm.boot(m.memory(), m.mmu());
        pa = vm.allocator();
        pa.setBadPageReporter((pfn, why) -> reports.add(String.format("pfn:%05x %s", pfn, why)));
    }

    private long[] buddyState() {
        long[] s = new long[Zone.ZONES * Zone.NR_PAGE_ORDERS];
        for (Zone z : pa.zones()) {
            for (int o = 0; o < Zone.NR_PAGE_ORDERS; o++) {
                s[z.index() * Zone.NR_PAGE_ORDERS + o] = z.freeBlocks(o);
            }
        }
        return s;
    }

    @Test
    void blocksAreNaturallyAlignedAndComeFromTheNormalZoneFirst() {
        for (int order = 0; order <= Zone.MAX_PAGE_ORDER; order++) {
            int pfn = pa.alloc(order, Zone.NORMAL, PageAllocator.ALLOC_WMARK_LOW);
            assertNotEquals(PageDescriptors.NO_PFN, pfn, "order " + order);
            assertEquals(0, pfn & ((1 << order) - 1), "aligned to its size");
            assertEquals(Zone.NORMAL, pa.zoneOf(pfn).index());
            assertEquals(order, vm.pages().order(pfn));
        }
    }

    @Test
    void freeingEverythingMergesBuddiesBackToTheBootState() {
        long[] before = buddyState();
        long free = pa.totalFreePages();
        List<int[]> got = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            int order = i % 4;
            got.add(new int[] {pa.alloc(order, Zone.NORMAL, PageAllocator.ALLOC_WMARK_LOW), order});
        }
        assertEquals(free - 50 * (1 + 2 + 4 + 8), pa.totalFreePages());
        for (int i = got.size() - 1; i >= 0; i -= 2) {
            assertTrue(pa.free(got.get(i)[0], got.get(i)[1]));
        }
        for (int i = got.size() - 2; i >= 0; i -= 2) {
            assertTrue(pa.free(got.get(i)[0], got.get(i)[1]));
        }
        assertEquals(free, pa.totalFreePages());
        assertArrayEquals(before, buddyState());
        assertEquals(List.of(), reports);
    }

    @Test
    void theDmaZoneServesOnlyWhatMayUseIt() {
        int pfn = pa.alloc(0, Zone.DMA, PageAllocator.ALLOC_WMARK_LOW);
        assertTrue(pfn < 4096, "GFP_DMA memory is below 16 MiB");
        Zone dma = pa.zones()[Zone.DMA];
        int last;
        while ((last = pa.alloc(0, Zone.NORMAL, PageAllocator.ALLOC_WMARK_MIN)) != PageDescriptors.NO_PFN) {
            // drains Normal, then falls back to DMA
        }
        assertTrue(dma.freePages() >= dma.minWatermark() + dma.lowmemReserve(Zone.NORMAL),
                "the reserve protecting DMA from Normal requests is kept");
        assertNotEquals(PageDescriptors.NO_PFN, pa.alloc(0, Zone.DMA, PageAllocator.ALLOC_WMARK_MIN),
                "a DMA request still gets a page");
    }

    @Test
    void atomicRequestsMayDipIntoTheReserveOrdinaryOnesMayNot() {
        Zone normal = pa.zones()[Zone.NORMAL];
        while (pa.alloc(0, Zone.DMA, PageAllocator.ALLOC_NO_WATERMARKS) != PageDescriptors.NO_PFN) {
            // empty DMA so Normal is the only source
        }
        while (pa.alloc(0, Zone.NORMAL, PageAllocator.ALLOC_WMARK_MIN) != PageDescriptors.NO_PFN) {
            // down to the min watermark
        }
        // zone_watermark_ok(): an order-0 request passes while free > min, so the zone settles at min.
        assertEquals(normal.minWatermark(), normal.freePages());
        int flags = PageAllocator.ALLOC_WMARK_MIN | PageAllocator.ALLOC_HIGH | PageAllocator.ALLOC_HARDER;
        assertNotEquals(PageDescriptors.NO_PFN, pa.alloc(0, Zone.NORMAL, flags), "GFP_ATOMIC uses the reserve below min");
        while (pa.alloc(0, Zone.NORMAL, flags) != PageDescriptors.NO_PFN) {
            // keep going
        }
        long min = normal.minWatermark();
        long floor = (min - min / 2) - (min - min / 2) / 4;
        assertEquals(floor, normal.freePages(), "atomic requests stop at 3/8 of min");
    }

    @Test
    void aWrongOrderFreeIsReportedWithTheFrameNumberAndChangesNothing() {
        int pfn = pa.alloc(2, Zone.NORMAL, PageAllocator.ALLOC_WMARK_LOW);
        long free = pa.totalFreePages();
        assertFalse(pa.free(pfn, 0));
        assertEquals(String.format("pfn:%05x freed with order 0, allocated with order 2", pfn), reports.get(0));
        assertFalse(pa.free(pfn + 1, 0));
        assertTrue(reports.get(1).endsWith("page is not the first page of an allocation"));
        assertEquals(free, pa.totalFreePages());
        assertTrue(pa.free(pfn, 2));
        assertFalse(pa.free(pfn, 2));
        assertTrue(reports.get(2).endsWith("page is already free (double free)"));
        assertFalse(pa.free(0, 0));
        assertTrue(reports.get(3).endsWith("page is reserved, never allocated"));
        assertFalse(pa.free(1 << 30, 0));
    }

    @Test
    void ordersAboveTenFail() {
        assertEquals(PageDescriptors.NO_PFN, pa.alloc(11, Zone.NORMAL, PageAllocator.ALLOC_WMARK_LOW));
    }

    @Test
    void contiguousRunsMeetRangeAlignmentAndBoundary() {
        int n = 17;
        int pfn = pa.allocContig(n, 0x100, 0x1000, 4, 32, PageAllocator.ALLOC_WMARK_MIN);
        assertNotEquals(PageDescriptors.NO_PFN, pfn);
        assertTrue(pfn >= 0x100 && pfn + n <= 0x1000);
        assertEquals(0, pfn % 4);
        assertEquals(pfn / 32, (pfn + n - 1) / 32, "does not cross a 128 KiB boundary");
        for (int i = 0; i < n; i++) {
            assertEquals(PageDescriptors.ALLOCATED, vm.pages().state(pfn + i));
        }
        long free = pa.totalFreePages();
        for (int i = 0; i < n; i++) {
            assertTrue(pa.free(pfn + i, 0));
        }
        assertEquals(free + n, pa.totalFreePages());
        assertEquals(PageDescriptors.NO_PFN, pa.allocContig(40, 0, 0x1000, 1, 32, PageAllocator.ALLOC_WMARK_MIN),
                "a run longer than the boundary can never fit");
    }
}
