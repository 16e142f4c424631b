package org.kld86.kernel.procfs;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.kld86.kernel.Guest;

/** The guest-memory text buffer of /proc files: a page, doubled on overflow, given back when freed. */
class SeqBufferTest {

    private final Guest g = new Guest();

    @AfterEach
    void tearDown() {
        g.close();
    }

    @Test
    void textGoesIntoGuestMemoryAndAnOverflowFillsItUpUntilItGrows() {
        long free = g.kernel.vm().allocator().totalFreePages();
        SeqBuffer b = new SeqBuffer(g.kernel);
        assertTrue(b.append("hello\n".getBytes(StandardCharsets.ISO_8859_1)));
        assertEquals(4096, b.size());
        assertEquals(free - 1, g.kernel.vm().allocator().totalFreePages());
        byte[] got = new byte[6];
        g.kernel.memory().read(b.va(), got, 0, 6);
        assertEquals("hello\n", new String(got, StandardCharsets.ISO_8859_1));
        assertFalse(b.append(new byte[5000]));
        assertTrue(b.overflowed());
        assertEquals(4096, b.count(), "seq_file marks an overflow by a full count");
        assertFalse(b.append(new byte[1]), "and stays full");
        assertTrue(b.grow());
        assertEquals(8192, b.size());
        assertEquals(0, b.count());
        assertTrue(b.append(new byte[5000]));
        assertEquals(free - 2, g.kernel.vm().allocator().totalFreePages(), "an order-1 block replaced the page");
        b.free();
        assertEquals(free, g.kernel.vm().allocator().totalFreePages());
    }

    @Test
    void itGrowsNoFurtherThanItsLargestOrder() {
        SeqBuffer b = new SeqBuffer(g.kernel);
        b.va();
        for (int i = 0; i < SeqBuffer.MAX_ORDER; i++) {
            assertTrue(b.grow());
        }
        assertFalse(b.grow());
        assertEquals(4096 << SeqBuffer.MAX_ORDER, b.size());
        b.free();
    }
}
