package org.kld86.kernel.bus;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;

class DevclassesTest {

    @Test
    void unitsCountPerDriverAndTheLowestFreeIsReused() {
        Devclasses d = new Devclasses();
        assertEquals(0, d.allocate("edu"));
        assertEquals(1, d.allocate("edu"));
        assertEquals(0, d.allocate("uart"));
        d.release("edu", 0);
        assertEquals(0, d.allocate("edu"));
        assertEquals(2, d.allocate("edu"));
    }
}
