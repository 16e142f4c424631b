package org.kld86.kernel.uma;

import static org.junit.jupiter.api.Assertions.*;
import static org.kld86.kernel.malloc.MallocFlags.*;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.kld86.emulator.Machine;
import org.kld86.emulator.MachineConfig;
import org.kld86.kernel.Kernel;
import org.kld86.kernel.KernelOptions;
import org.kld86.kernel.vm.PageDescriptors;
import org.kld86.kernel.vm.PageRequests;
import org.kld86.kernel.vm.Zone;

class ReclaimTest {

    private final Kernel kernel = Kernel.boot(new Machine(MachineConfig.builder().ram("64M").clearDevices().build()),
            KernelOptions.defaults());
    private final Uma uma = kernel.malloc().uma();

    @AfterEach
    void tearDown() {
        kernel.shutdown();
    }

    @Test
    void aNestedReclaimDoesNothing() {
        assertFalse(uma.reclaiming());
        assertFalse(uma.reclaim(), "boot already drained everything");
    }

    @Test
    void itDrainsEveryPerCpuCacheIncludingTheBucketZonesOwn() {
        UmaZone z = uma.zcreate("busy", 32, null, null, null, null, Uma.UMA_ALIGN_PTR, 0);
        List<Long> items = new ArrayList<>();
        for (int i = 0; i < 3000; i++) {
            items.add(z.alloc(M_WAITOK));
        }
        items.forEach(z::free);
        uma.reclaim();
        for (UmaZone each : uma.zones()) {
            assertNull(each.allocBucket, each.name());
            assertNull(each.freeBucket, each.name());
            assertTrue(each.buckets.isEmpty(), each.name());
            assertTrue(each.keg().freeSlabs.isEmpty(), each.name() + ": no free slab is kept");
        }
        assertEquals(0, z.keg().pages());
    }

    @Test
    void reclaimDrainsCachesAndFreeSlabs() {
        uma.reclaim();
        long free = kernel.vm().allocator().totalFreePages();
        UmaZone z = uma.zcreate("drained", 64, null, null, null, null, Uma.UMA_ALIGN_PTR, 0);
        List<Long> items = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            items.add(z.alloc(M_WAITOK));
        }
        items.forEach(z::free);
        assertTrue(z.freeItems() >= 1000);
        assertTrue(uma.reclaim(), "pages came back");
        assertEquals(0, z.freeItems());
        assertEquals(0, z.keg().pages());
        assertFalse(uma.reclaim(), "nothing left to give");
        uma.zdestroy(z);
        uma.reclaim();
        assertEquals(free, kernel.vm().allocator().totalFreePages());
    }

    @Test
    void aSleepingPageRequestReclaimsCachedSlabsBeforeItSleeps() {
        UmaZone z = uma.zcreate("hoard", 2048, null, null, null, null, Uma.UMA_ALIGN_PTR, 0);
        List<Long> items = new ArrayList<>();
        for (int i = 0; i < 64; i++) {
            items.add(z.alloc(M_WAITOK));
        }
        items.forEach(z::free);
        long pagesHeld = z.keg().pages();
        assertTrue(pagesHeld > 0);
        PageRequests pr = kernel.pageRequests();
        while (pr.allocPages(0, Zone.NORMAL, PageRequests.NOWARN) != PageDescriptors.NO_PFN) {
            // exhaust what a request that may not sleep can get
        }
        assertNotEquals(PageDescriptors.NO_PFN, pr.allocPages(0, Zone.NORMAL, PageRequests.WAIT));
        assertEquals(0, pr.waits(), "the zone's free slabs were enough");
        assertEquals(0, z.keg().pages());
    }
}
