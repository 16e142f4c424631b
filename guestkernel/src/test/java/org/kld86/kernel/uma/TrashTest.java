package org.kld86.kernel.uma;

import static org.junit.jupiter.api.Assertions.*;
import static org.kld86.kernel.malloc.MallocFlags.*;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.kld86.emulator.Machine;
import org.kld86.emulator.MachineConfig;
import org.kld86.kernel.Kernel;
import org.kld86.kernel.KernelOptions;
import org.kld86.kernel.KernelPanic;

/** The trash hooks of hook-less zones; the mtrash hooks of malloc(9) are exercised in MallocTest. */
class TrashTest {

    private final Kernel kernel = Kernel.boot(new Machine(MachineConfig.builder().ram("64M").clearDevices().build()),
            KernelOptions.defaults());
    private final Uma uma = kernel.malloc().uma();
    private final UmaZone zone = uma.zcreate("plain", 40, null, null, null, null, Uma.UMA_ALIGN_PTR, 0);

    @AfterEach
    void tearDown() {
        kernel.shutdown();
    }

    @Test
    void theJunkWordIsDeadcode() {
        assertEquals(0xdeadc0de, Trash.JUNK);
    }

    @Test
    void aHooklessZoneJunksTheWholeItem() {
        long item = zone.alloc(M_WAITOK);
        for (int off = 0; off < 40; off += 4) {
            assertEquals(Trash.JUNK, kernel.memory().read32(item + off), "word at " + off);
        }
    }

    @Test
    void aWriteAfterFreePanicsAtOnceAtTheNextAllocation() {
        long item = zone.alloc(M_WAITOK);
        zone.free(item);
        kernel.memory().write32(item + 36, 0x00C0FFEE);
        KernelPanic p = assertThrows(KernelPanic.class, () -> zone.alloc(M_WAITOK));
        assertEquals(String.format("Memory modified after free 0x%x(40) val=c0ffee @ 0x%x", item, item + 36),
                p.getMessage());
    }

    @Test
    void aWriteToAFreeItemInASlabIsCaughtWhenTheSlabLeavesTheKeg() {
        long item = zone.alloc(M_WAITOK);
        zone.free(item);
        kernel.memory().write8(item, 0);
        KernelPanic p = assertThrows(KernelPanic.class, uma::reclaim);
        assertEquals(String.format("Memory modified after free 0x%x(40) val=deadc000 @ 0x%x", item, item),
                p.getMessage());
    }

    @Test
    void zonesWithHooksOfTheirOwnAreNotJunked() {
        UmaZone z = uma.zcreate("own", 40, (i, s, a, f) -> 0, null, null, null, Uma.UMA_ALIGN_PTR, 0);
        long item = z.alloc(M_WAITOK);
        assertEquals(0, kernel.memory().read32(item), "a new slab of an ordinary keg is zeroed");
        z.free(item);
        kernel.memory().write32(item, 5);
        assertEquals(item, z.alloc(M_WAITOK));
    }

    @Test
    void withoutInvariantsNoZoneIsJunked() {
        kernel.shutdown();
        Kernel k = Kernel.boot(new Machine(MachineConfig.builder().ram("64M").clearDevices().build()),
                KernelOptions.defaults().withInvariants(false));
        try {
            UmaZone z = k.malloc().uma().zcreate("plain", 40, null, null, null, null, Uma.UMA_ALIGN_PTR, 0);
            assertEquals(0, k.memory().read32(z.alloc(M_WAITOK)));
        } finally {
            k.shutdown();
        }
    }
}
