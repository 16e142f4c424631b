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
import org.kld86.kernel.KernelPanic;
import org.kld86.kernel.malloc.Malloc;
import org.kld86.kernel.malloc.MallocType;
import org.kld86.kernel.proc.KThread;
import org.kld86.kernel.vm.PageDescriptors;

/** Large allocations, reached through malloc(9) above kmem_zmax (4096 on this 64 MiB machine). */
class LargeMallocTest {

    private final Kernel kernel = Kernel.boot(new Machine(MachineConfig.builder().ram("64M").clearDevices().build()),
            KernelOptions.defaults());
    private final Malloc malloc = kernel.malloc();
    private final Uma uma = malloc.uma();
    private final MallocType t = malloc.define("large", "large");

    @AfterEach
    void tearDown() {
        kernel.shutdown();
    }

    @Test
    void theArenasPageTablesExistFromBoot() {
        long before = kernel.vm().pmap().pageTablePages();
        malloc.free(malloc.malloc(8192, t, M_WAITOK), t);
        long far = kernel.vm().kmemArena().end() - (1 << 20);
        assertEquals(-1, kernel.vm().pmap().extract(far));
        assertEquals(before, kernel.vm().pmap().pageTablePages(), "no page table is added later");
    }

    @Test
    void pagesAreMappedOneByOneInTheArenaAndMarked() {
        long slabs = uma.slabZone().used();
        long free = kernel.vm().allocator().totalFreePages();
        long p = malloc.malloc(3 * 4096 + 1, t, M_WAITOK);
        assertTrue(kernel.vm().kmemArena().contains(p));
        assertEquals(16384, malloc.mallocUsableSize(p));
        PageDescriptors pd = kernel.vm().pages();
        for (int i = 0; i < 4; i++) {
            long pa = kernel.vm().pmap().extract(p + i * 4096L);
            assertTrue(pa >= 0, "page " + i + " mapped");
            assertTrue(pd.hasFlag((int) (pa >>> 12), PageDescriptors.PG_LARGE));
        }
        assertEquals(slabs + 1, uma.slabZone().used(), "the allocation is described by a slab header");
        assertSame(uma.slabOf(p), uma.vtoslab(p));
        assertTrue(uma.slabOf(p).isLarge());
        malloc.free(p, t);
        for (int i = 0; i < 4; i++) {
            assertEquals(-1, kernel.vm().pmap().extract(p + i * 4096L), "unmapped");
        }
        assertEquals(slabs, uma.slabZone().used());
        uma.reclaim();
        assertTrue(kernel.vm().allocator().totalFreePages() >= free);
    }

    @Test
    void mZeroZeroesEveryPage() {
        long p = malloc.malloc(8192, t, M_WAITOK);
        kernel.memory().fill(p, 8192, 0x77);
        malloc.free(p, t);
        long q = malloc.malloc(8192, t, M_WAITOK | M_ZERO);
        byte[] buf = new byte[8192];
        kernel.memory().read(q, buf, 0, buf.length);
        assertArrayEquals(new byte[8192], buf);
    }

    @Test
    void freeingAnAddressInsideALargeAllocationsLaterPagePanics() {
        long p = malloc.malloc(8192, t, M_WAITOK);
        KernelPanic e = assertThrows(KernelPanic.class, () -> malloc.free(p + 4096 + 8, t));
        assertEquals(String.format("free: address 0x%x(0x%x) has not been allocated.", p + 4104, p + 4096),
                e.getMessage());
    }

    @Test
    void moreThanTheArenaCanEverHoldFailsWithNowaitAndPanicsWithWaitok() {
        long arena = kernel.vm().kmemArena().end() - kernel.vm().kmemArena().start();
        assertEquals(0, malloc.malloc(arena + 4096, t, M_NOWAIT));
        KernelPanic p = assertThrows(KernelPanic.class, () -> malloc.malloc(arena + 4096, t, M_WAITOK));
        assertEquals(String.format("kmem_malloc(%d): kmem_map too small: 0 total allocated", arena + 4096),
                p.getMessage());
    }

    @Test
    void aWaitokRequestSleepsForRoomInTheArena() {
        List<Long> held = new ArrayList<>();
        long p;
        while ((p = malloc.malloc(1 << 20, t, M_NOWAIT)) != 0) {
            held.add(p);
        }
        assertFalse(held.isEmpty());
        long[] got = {-1};
        KThread w = kernel.scheduler().spawn("big", () -> got[0] = malloc.malloc(1 << 20, t, M_WAITOK), null);
        kernel.scheduler().yield();
        assertEquals("kmem arena", w.wmesg());
        malloc.free(held.get(3), t);
        kernel.scheduler().yield();
        assertEquals(held.get(3), got[0], "the range just freed");
    }
}
