package org.kld86.kpi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.kld86.kpi.Kdev.*;

import org.junit.jupiter.api.Test;

/** linux/kdev_t.h: 12 bits of major, 20 of minor. */
class KdevTest {

    @Test
    void majorAndMinorSplitAt20Bits() {
        assertEquals(0x0FE00003, MKDEV(254, 3));
        assertEquals(254, MAJOR(MKDEV(254, 3)));
        assertEquals(3, MINOR(MKDEV(254, 3)));
        assertEquals(0xFFF, MAJOR(MKDEV(0xFFF, MINORMASK)), "the top major is unsigned");
        assertEquals(MINORMASK, MINOR(-1));
        assertEquals(1 << 20, MINORMASK + 1);
    }
}
