package org.kld86.kernel.linux;

import static org.junit.jupiter.api.Assertions.*;
import static org.kld86.kernel.linux.Gfp.*;

import org.junit.jupiter.api.Test;
import org.kld86.kernel.vm.PageRequests;
import org.kld86.kernel.vm.Zone;

class GfpTest {

    @Test
    void theMasksHaveLinux310sValues() {
        assertEquals(0xd0, GFP_KERNEL, "__GFP_WAIT | __GFP_IO | __GFP_FS");
        assertEquals(0x20, GFP_ATOMIC, "__GFP_HIGH");
        assertEquals(0, GFP_NOWAIT);
        assertEquals(0x10, GFP_NOIO);
        assertEquals(0x50, GFP_NOFS);
        assertEquals(0x200d0, GFP_USER);
        assertEquals(0x200d2, GFP_HIGHUSER);
        assertEquals(0x01, GFP_DMA);
        assertEquals(0x8000, __GFP_ZERO);
        assertEquals(0x200, __GFP_NOWARN);
        assertEquals(0x800, __GFP_NOFAIL);
        assertEquals(0x1000, __GFP_NORETRY);
        assertEquals(0x10, __GFP_WAIT);
    }

    @Test
    void theZoneModifiersPickTheHighestZone() {
        assertEquals(Zone.DMA, highestZone(GFP_KERNEL | GFP_DMA));
        assertEquals(Zone.DMA, highestZone(GFP_ATOMIC | __GFP_DMA));
        assertEquals(Zone.NORMAL, highestZone(GFP_KERNEL));
        assertEquals(Zone.NORMAL, highestZone(GFP_ATOMIC));
        assertEquals(Zone.NORMAL, highestZone(GFP_KERNEL | __GFP_DMA32), "i386 has no ZONE_DMA32");
        assertEquals(Zone.HIGHMEM, highestZone(GFP_HIGHUSER));
        assertEquals(Zone.DMA, highestZone(__GFP_DMA | __GFP_HIGHMEM), "the bad combination reads as DMA");
    }

    @Test
    void onlyWaitingRequestsMaySleep() {
        assertTrue(maySleep(GFP_KERNEL));
        assertTrue(maySleep(GFP_NOIO));
        assertFalse(maySleep(GFP_ATOMIC));
        assertFalse(maySleep(GFP_NOWAIT | __GFP_ZERO));
    }

    @Test
    void theRequestModeFollowsWaitHighNowarnAndZero() {
        assertEquals(PageRequests.WAIT, requestMode(GFP_KERNEL));
        assertEquals(PageRequests.RESERVE, requestMode(GFP_ATOMIC));
        assertEquals(0, requestMode(GFP_NOWAIT));
        assertEquals(0, requestMode(GFP_KERNEL | __GFP_NORETRY), "NORETRY gives up instead of waiting");
        assertEquals(PageRequests.WAIT | PageRequests.NOWARN | PageRequests.ZERO,
                requestMode(GFP_KERNEL | __GFP_NOWARN | __GFP_ZERO));
        assertEquals(PageRequests.WAIT, requestMode(GFP_KERNEL | __GFP_NOFAIL));
    }
}
