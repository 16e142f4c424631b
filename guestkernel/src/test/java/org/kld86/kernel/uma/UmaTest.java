package org.kld86.kernel.uma;

import static org.junit.jupiter.api.Assertions.*;
import static org.kld86.kernel.malloc.MallocFlags.*;

import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.kld86.emulator.Machine;
import org.kld86.emulator.MachineConfig;
import org.kld86.kernel.Kernel;
import org.kld86.kernel.KernelOptions;
import org.kld86.kernel.KernelPanic;
import org.kld86.kernel.sysctl.Sysctl;
import org.kld86.kernel.vm.PageDescriptors;

class UmaTest {

    private final Kernel kernel = Kernel.boot(new Machine(MachineConfig.builder().ram("64M").clearDevices().build()),
            KernelOptions.defaults());
    private final Uma uma = kernel.malloc().uma();

    @AfterEach
    void tearDown() {
        kernel.shutdown();
    }

    @Test
    void bootMakesTheAllocatorsOwnZonesThenMallocsThenTheLinuxCaches() {
        List<String> names = uma.zones().stream().map(UmaZone::name).toList();
        assertEquals(List.of("UMA Kegs", "UMA Zones", "UMA Slabs", "UMA Hash", "4 Bucket", "6 Bucket", "8 Bucket",
                "12 Bucket", "16 Bucket", "32 Bucket", "64 Bucket", "128 Bucket", "256 Bucket", "mt_zone", "16", "32",
                "64", "128", "256", "512", "1024", "2048", "4096", "8192", "16384", "32768", "65536"),
                names.subList(0, 27));
        List<String> kmalloc = List.of("8", "16", "32", "64", "96", "128", "192", "256", "512", "1k", "2k", "4k", "8k");
        assertEquals(kmalloc.stream().map(n -> "kmalloc-" + n).toList(), names.subList(27, 40),
                "the Linux kmalloc caches are UMA zones too");
        assertEquals(kmalloc.stream().map(n -> "dma-kmalloc-" + n).toList(), names.subList(40, 53));
        List<Integer> sizes = uma.zones().stream().limit(13).map(UmaZone::size).toList();
        assertEquals(List.of(192, 280, 88, 128, 16, 24, 32, 48, 64, 128, 256, 512, 1024), sizes);
        assertEquals(53L, ((Sysctl.LongNode) kernel.sysctl().lookup("vm.zone_count")).getter().getAsLong());
    }

    @Test
    void everyZoneAndKegIsAnItemExceptTheTwoStaticOnes() {
        int zones = uma.zones().size();
        assertEquals(zones - 1, uma.kegsZone().used(), "masterkeg is static");
        assertEquals(zones - 2, uma.zonesZone().used(), "masterzone_k and masterzone_z are static");
        uma.zcreate("one_more", 8, null, null, null, null, Uma.UMA_ALIGN_PTR, 0);
        assertEquals(zones, uma.kegsZone().used());
        assertEquals(zones - 1, uma.zonesZone().used());
    }

    @Test
    void aBadAlignmentPanics() {
        KernelPanic p = assertThrows(KernelPanic.class, () -> uma.zcreate("x", 16, null, null, null, null, 2, 0));
        assertEquals("invalid zone alignment 2 for \"x\"", p.getMessage());
    }

    @Test
    void destroyingAZoneTwicePanics() {
        UmaZone z = uma.zcreate("once", 16, null, null, null, null, Uma.UMA_ALIGN_PTR, 0);
        uma.zdestroy(z);
        KernelPanic p = assertThrows(KernelPanic.class, () -> uma.zdestroy(z));
        assertTrue(p.getMessage().startsWith("uma_zdestroy: zone once("), p.getMessage());
    }

    @Test
    void slabPagesAreMarkedAndEveryItemFindsItsSlab() {
        UmaZone z = uma.zcreate("marked", 2000, null, null, null, null, Uma.UMA_ALIGN_PTR, 0);
        long item = z.alloc(M_WAITOK);
        int pfn = kernel.vm().virtToPfn(item);
        assertTrue(kernel.vm().pages().hasFlag(pfn, PageDescriptors.PG_SLAB));
        UmaSlab s = uma.slabOf(item + 1999);
        assertNotNull(s);
        assertSame(z, s.zone());
        assertNull(uma.vtoslab(item), "not a malloc zone: malloc's vtoslab does not see it");
        long m = kernel.malloc().malloc(2000, kernel.malloc().M_TEMP, M_WAITOK);
        assertSame(kernel.malloc().zoneFor(2000), uma.vtoslab(m).zone());
        assertNull(uma.slabOf(0xc0400000L), "the kernel image");
        assertNull(uma.slabOf(0x1000), "user space");
    }


    @Test
    void onAnInvariantsKernelAHooklessZoneIsTrashedUnlessNotrash() {
        UmaZone trashed = uma.zcreate("trashed", 64, null, null, null, null, Uma.UMA_ALIGN_PTR, 0);
        UmaZone kept = uma.zcreate("kept", 64, null, null, null, null, Uma.UMA_ALIGN_PTR, Uma.UMA_ZONE_NOTRASH);
        for (UmaZone z : List.of(trashed, kept)) {
            long item = z.alloc(M_WAITOK);
            kernel.memory().write32(item, 0x1234);
            z.free(item);
            assertEquals(item, z.alloc(M_WAITOK));
            assertEquals(z == kept ? 0x1234 : 0xdeadc0de, kernel.memory().read32(item), z.name());
        }
    }
}
