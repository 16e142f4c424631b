package org.kld86.kernel.linux;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;

class PageTest {

    @Test
    void aPageIsAValueNamedByItsFrameNumber() {
        Page p = new Page(0x1234);
        assertEquals(new Page(0x1234), p);
        assertEquals(0x1234, Page.page_to_pfn(p));
        assertEquals(p, Page.pfn_to_page(0x1234));
        assertEquals(0x123_4000L, p.phys());
        assertEquals("page pfn:01234", p.toString());
    }

    @Test
    void itsStructPageLivesInMemMapRightAfterTheKernelImage() {
        // Kernel image at 4 MiB, 0x1E0000 bytes long; then 32 bytes a frame.
        assertEquals(0xC05E_0000L, new Page(0).memMapAddress());
        assertEquals(0xC05E_0000L + 32 * 100, new Page(100).memMapAddress());
    }

    @Test
    void frameNumbersOutsideA32BitSpaceAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> new Page(-1));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Page.pfn_to_page(1L << 20));
        assertTrue(e.getMessage().contains("not a 32-bit page frame number"), e.getMessage());
    }
}
