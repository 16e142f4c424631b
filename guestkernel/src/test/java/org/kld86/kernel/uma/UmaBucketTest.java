package org.kld86.kernel.uma;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;

class UmaBucketTest {

    @Test
    void aBucketIsALastInFirstOutStackOfItsEntries() {
        UmaBucket b = new UmaBucket(0xc1000000L, null, 3);
        assertEquals(3, b.entries());
        b.push(0x10);
        b.push(0x20);
        assertFalse(b.full());
        b.push(0x30);
        assertTrue(b.full());
        assertEquals(0x30, b.pop());
        assertEquals(0x20, b.pop());
        assertEquals(1, b.cnt);
        assertEquals(0x20, b.items[1], "a popped slot keeps its item: only INVARIANTS clears it");
    }
}
