package org.kld86.kernel.malloc;

import static org.junit.jupiter.api.Assertions.*;
import static org.kld86.kernel.malloc.MallocFlags.*;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.kld86.emulator.Machine;
import org.kld86.emulator.MachineConfig;
import org.kld86.kernel.Kernel;
import org.kld86.kernel.KernelOptions;
import org.kld86.kernel.sysctl.Sysctl;

class MallocTypeTest {

    private final Machine machine = new Machine(MachineConfig.builder().ram("64M").clearDevices().build());
    private final Kernel kernel = Kernel.boot(machine, KernelOptions.defaults());
    private final Malloc malloc = kernel.malloc();

    @AfterEach
    void tearDown() {
        kernel.shutdown();
    }

    private long mallocCount() {
        return ((Sysctl.LongNode) kernel.sysctl().lookup("kern.malloc_count")).getter().getAsLong();
    }

    @Test
    void aDefinedTypeCountsNothingUntilRegistered() {
        MallocType t = new MallocType("foobuffers", "Buffers to foo data into the ether");
        assertFalse(t.registered());
        assertEquals("foobuffers", t.shortdesc());
        assertEquals("Buffers to foo data into the ether", t.longdesc());
        long before = mallocCount();
        malloc.init(t);
        assertTrue(t.registered());
        assertEquals(before + 1, mallocCount());
        malloc.uninit(t);
        assertEquals(before, mallocCount());
    }

    @Test
    void registeringTakesAnItemOfMtZoneAndUnregisteringGivesItBack() {
        long used = malloc.mtZone().used();
        MallocType t = malloc.define("x", "x");
        assertEquals(used + 1, malloc.mtZone().used());
        malloc.uninit(t);
        assertEquals(used, malloc.mtZone().used());
    }

    @Test
    void registeringTwiceIsRefused() {
        MallocType t = malloc.define("twice", "twice");
        var p = assertThrows(org.kld86.kernel.KernelPanic.class, () -> malloc.init(t));
        assertEquals("malloc_init: type twice is already registered", p.getMessage());
    }

    @Test
    void theNewestTypeIsAtTheHeadOfTheKernelListSoTheOldestIsListedFirst() {
        MallocType a = malloc.define("a", "a");
        MallocType b = malloc.define("b", "b");
        var types = malloc.types();
        assertSame(a, types.get(types.size() - 2));
        assertSame(b, types.get(types.size() - 1));
    }

    @Test
    void statisticsAreThoseOfMallocTypeStats() {
        MallocType t = malloc.define("stats", "stats");
        long a = malloc.malloc(20, t, M_WAITOK);
        long b = malloc.malloc(3000, t, M_WAITOK);
        malloc.free(a, t);
        assertEquals(2, t.numallocs());
        assertEquals(1, t.numfrees());
        assertEquals(32 + 4096, t.memalloced());
        assertEquals(32, t.memfreed());
        assertEquals(1, t.inUse());
        assertEquals(4096, t.bytesInUse());
        assertEquals((1 << 1) | (1 << 8), t.sizeMask(), "zones 32 and 4096");
        malloc.free(b, t);
    }

    @Test
    void aFailedZoneAllocationSetsTheSizeBitButCountsNothing() {
        MallocType t = malloc.define("fails", "fails");
        assertEquals(0, malloc.malloc(300, t, M_NOWAIT | M_NOVM));
        assertEquals(0, t.numallocs());
        assertEquals(0, t.memalloced());
        assertEquals(1 << 5, t.sizeMask(), "malloc_type_zone_allocated sets the bit whatever the outcome");
    }

    @Test
    void freeingWithTheWrongTypeIsNotDetectedButSkewsBoth() {
        MallocType a = malloc.define("a", "a");
        MallocType b = malloc.define("b", "b");
        long p = malloc.malloc(64, a, M_WAITOK);
        malloc.free(p, b);
        assertEquals(1, a.inUse());
        assertEquals(-1, b.inUse());
        assertEquals(-64, b.bytesInUse());
    }

    @Test
    void anEmptyShortDescriptionIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> new MallocType("", "x"));
    }
}
