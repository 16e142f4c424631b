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

class UmaDbgTest {

    private final Kernel kernel = Kernel.boot(new Machine(MachineConfig.builder().ram("64M").clearDevices().build()),
            KernelOptions.defaults());
    private final Uma uma = kernel.malloc().uma();

    @AfterEach
    void tearDown() {
        kernel.shutdown();
    }

    private String slabAt(long item) {
        UmaSlab s = uma.slabOf(item);
        return String.format("slab 0x%x(%d)", s.headerVa(), (item - s.dataVa()) / s.keg().rsize());
    }

    @Test
    void eachItemHandedOutIsMarkedInItsSlabUntilFreed() {
        UmaZone z = uma.zcreate("marks", 64, null, null, null, null, Uma.UMA_ALIGN_PTR, 0);
        long item = z.alloc(M_WAITOK);
        UmaSlab s = uma.slabOf(item);
        assertTrue(s.handedOut.get(s.index(item)));
        assertSame(s, z.checkFree(item), "a handed-out item passes the checks");
        z.free(item);
        assertFalse(s.handedOut.get(s.index(item)));
    }

    @Test
    void aDoubleFreeIsUmasDuplicateFree() {
        UmaZone z = uma.zcreate("df", 64, null, null, null, null, Uma.UMA_ALIGN_PTR, 0);
        long item = z.alloc(M_WAITOK);
        z.free(item);
        KernelPanic p = assertThrows(KernelPanic.class, () -> z.free(item));
        assertEquals(String.format("Duplicate free of 0x%x from zone 0x%x(df) %s", item, z.va(), slabAt(item)),
                p.getMessage());
    }

    @Test
    void freeingToTheWrongZoneIsRefused() {
        UmaZone a = uma.zcreate("a", 64, null, null, null, null, Uma.UMA_ALIGN_PTR, 0);
        UmaZone b = uma.zcreate("b", 64, null, null, null, null, Uma.UMA_ALIGN_PTR, 0);
        long item = a.alloc(M_WAITOK);
        KernelPanic p = assertThrows(KernelPanic.class, () -> b.free(item));
        assertEquals(String.format("uma: Freed item 0x%x did not belong to zone b", item), p.getMessage());
    }

    @Test
    void freeingAnAddressThatIsNoItemIsRefused() {
        UmaZone a = uma.zcreate("a", 64, null, null, null, null, Uma.UMA_ALIGN_PTR, 0);
        KernelPanic p = assertThrows(KernelPanic.class, () -> a.free(0xc0400000L));
        assertEquals("uma: Freed item 0xc0400000 did not belong to zone a", p.getMessage());
    }

    @Test
    void freeingInsideAnItemIsAnUnalignedFree() {
        UmaZone z = uma.zcreate("un", 64, null, null, null, null, Uma.UMA_ALIGN_PTR, 0);
        long item = z.alloc(M_WAITOK);
        KernelPanic p = assertThrows(KernelPanic.class, () -> z.free(item + 4));
        assertEquals(String.format("Unaligned free of 0x%x from zone 0x%x(un) %s", item + 4, z.va(), slabAt(item)),
                p.getMessage());
    }

    @Test
    void freeingTheSlabHeaderOfAnItemIsAnInvalidFree() {
        UmaZone z = uma.zcreate("inv", 16, null, null, null, null, Uma.UMA_ALIGN_PTR, 0);
        long item = z.alloc(M_WAITOK);
        UmaSlab s = uma.slabOf(item);
        long past = s.dataVa() + 250 * 16; // 250 items of 16 bytes, then the header
        KernelPanic p = assertThrows(KernelPanic.class, () -> z.free(past));
        assertEquals(String.format("Invalid free of 0x%x from zone 0x%x(inv) slab 0x%x(250)", past, z.va(),
                s.headerVa()), p.getMessage());
    }
}
