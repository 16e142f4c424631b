package org.kld86.kernel.uma;

import static org.junit.jupiter.api.Assertions.*;
import static org.kld86.kernel.malloc.MallocFlags.*;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.kld86.emulator.Machine;
import org.kld86.emulator.MachineConfig;
import org.kld86.kernel.Kernel;
import org.kld86.kernel.KernelOptions;

class ZoneReportTest {

    private final Kernel kernel = Kernel.boot(new Machine(MachineConfig.builder().ram("64M").clearDevices().build()),
            KernelOptions.defaults());
    private final Uma uma = kernel.malloc().uma();

    @AfterEach
    void tearDown() {
        kernel.shutdown();
    }

    @Test
    void theLegacyLayoutHasABlankLineAfterTheHeaderAndAtTheEnd() {
        String out = ZoneReport.vmstatZ(uma);
        assertTrue(out.startsWith("ITEM                   SIZE  LIMIT     USED     FREE      REQ FAIL SLEEP\n\n"), out);
        assertTrue(out.endsWith(",   0,   0\n\n"), out);
        String[] lines = out.split("\n", -1);
        assertEquals(2 + uma.zones().size() + 2, lines.length, "header, blank, rows, blank, and the split's tail");
        assertEquals("", lines[1]);
        assertEquals("", lines[lines.length - 2]);
    }

    @Test
    void theBootZonesComeFirstInTheOrderTheyWereMade() {
        String[] lines = ZoneReport.vmstatZ(uma).split("\n");
        assertTrue(lines[2].startsWith("UMA Kegs:               192,      0,"), lines[2]);
        assertTrue(lines[3].startsWith("UMA Zones:              280,      0,"), lines[3]);
        assertTrue(lines[4].startsWith("UMA Slabs:               88,      0,"), lines[4]);
        assertTrue(lines[5].startsWith("UMA Hash:               128,      0,"), lines[5]);
        assertTrue(lines[6].startsWith("4 Bucket:                16,      0,"), lines[6]);
        assertTrue(lines[14].startsWith("256 Bucket:            1024,      0,"), lines[14]);
        assertTrue(lines[15].startsWith("mt_zone:                 76,      0,"), lines[15]);
        assertTrue(lines[16].startsWith("16:                      16,      0,"), lines[16]);
        assertTrue(lines[28].startsWith("65536:                65536,      0,"), lines[28]);
    }

    @Test
    void aZonesRowCountsItsCachesAndSlabs() {
        UmaZone z = uma.zcreate("test_zone", 100, null, null, null, null, Uma.UMA_ALIGN_PTR, 0);
        z.alloc(M_WAITOK);
        // 40 items a slab, a 125-item bucket: four slabs, 124 in the bucket and 35 in the fourth slab are free.
        assertEquals("test_zone:              100,      0,       1,     159,       1,   0,   0\n", ZoneReport.row(z));
    }

    @Test
    void limitFailAndSleepColumns() {
        UmaZone z = uma.zcreate("limited", 256, null, null, null, null, Uma.UMA_ALIGN_PTR, 0);
        z.setMax(15);
        for (int i = 0; i < 15; i++) {
            z.alloc(M_WAITOK);
        }
        z.alloc(M_NOWAIT);
        z.alloc(M_NOWAIT);
        assertEquals("limited:                256,     15,      15,       0,      15,   2,   0\n", ZoneReport.row(z));
    }

    @Test
    void aLongNameIsCutBeforeTheColon() {
        UmaZone z = uma.zcreate("a_zone_name_that_is_much_too_long", 16, null, null, null, null, 3, 0);
        assertTrue(ZoneReport.row(z).startsWith("a_zone_name_that_is_much_too_lo:     16,"), ZoneReport.row(z));
    }
}
