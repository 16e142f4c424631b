package org.kld86.kpi;

import static org.junit.jupiter.api.Assertions.*;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.kld86.emulator.Machine;
import org.kld86.emulator.MachineConfig;
import org.kld86.kernel.Kernel;
import org.kld86.kernel.KernelOptions;

class UmaTest {

    private final Kernel kernel = Kernel.boot(new Machine(MachineConfig.builder().ram("64M").clearDevices().build()),
            KernelOptions.defaults());

    @AfterEach
    void tearDown() {
        kernel.shutdown();
    }

    @Test
    void theHooksRunWhenZone9SaysTheyRun() {
        List<String> log = new ArrayList<>();
        UmaZone z = Uma.uma_zcreate("hooks", 100, (m, s, a, f) -> {
            log.add("ctor " + a);
            return 0;
        }, (m, s, a) -> log.add("dtor " + a), (m, s, f) -> {
            log.add("init");
            return 0;
        }, (m, s) -> log.add("fini"), Uma.UMA_ALIGN_CACHE, 0);
        assertEquals("uma zone hooks", z.toString());
        long item = Uma.uma_zalloc_arg(z, "x", Malloc.M_WAITOK);
        assertEquals(0, item % 64, "UMA_ALIGN_CACHE");
        int inits = (int) log.stream().filter("init"::equals).count();
        assertTrue(inits > 1, "a whole slab of items was initialised");
        assertEquals("ctor x", log.get(log.size() - 1));
        Uma.uma_zfree_arg(z, item, "y");
        assertEquals("dtor y", log.get(log.size() - 1));
        assertEquals(0, Uma.uma_zone_get_cur(z));
        Uma.uma_zfree(z, 0);
        Uma.uma_zdestroy(z);
        assertEquals(inits, log.stream().filter("fini"::equals).count(), "fini for every item init saw");
    }

    @Test
    void limitsAndPreallocation() {
        UmaZone z = Uma.uma_zcreate("limited", 1000, null, null, null, null, Uma.UMA_ALIGN_PTR, Uma.UMA_ZONE_NOFREE);
        assertEquals(0, Uma.uma_zone_get_max(z));
        int max = Uma.uma_zone_set_max(z, 5);
        assertTrue(max >= 5, "rounded up to whole slabs");
        assertEquals(max, Uma.uma_zone_get_max(z));
        Uma.uma_prealloc(z, 5);
        long a = Uma.uma_zalloc(z, Malloc.M_NOWAIT);
        assertEquals(1, Uma.uma_zone_get_cur(z));
        Uma.uma_zfree(z, a);
    }

    @Test
    void flagsOfTheKernelsOwnAreRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Uma.uma_zcreate("sneaky", 64, null, null, null, null, Uma.UMA_ALIGN_PTR, 0x2000_0000));
        assertEquals("uma_zcreate: unknown flags 0x20000000 for zone \"sneaky\"", e.getMessage());
    }
}
