package org.kld86.kernel.malloc;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** Checklist item 1: the values are FreeBSD's, since drivers and the stats stream carry them as numbers. */
class MallocFlagsTest {

    @Test
    void flagValuesAreSysMallocHs() {
        assertEquals(0x0001, MallocFlags.M_NOWAIT);
        assertEquals(0x0002, MallocFlags.M_WAITOK);
        assertEquals(0x0100, MallocFlags.M_ZERO);
        assertEquals(0x0200, MallocFlags.M_NOVM);
        assertEquals(0x0400, MallocFlags.M_USE_RESERVE);
        assertEquals(0x0800, MallocFlags.M_NODUMP);
        assertEquals(0x1000, MallocFlags.M_FIRSTFIT);
        assertEquals(0x2000, MallocFlags.M_BESTFIT);
        assertEquals(0x4000, MallocFlags.M_EXEC);
    }

    @Test
    void theMagicIsTheTimeItWasFirstDefined() {
        assertEquals(877983977L, MallocType.M_MAGIC);
    }
}
