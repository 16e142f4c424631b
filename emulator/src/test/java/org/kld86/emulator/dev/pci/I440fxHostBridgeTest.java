package org.kld86.emulator.dev.pci;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class I440fxHostBridgeTest {

    private final PciFixture pc = new PciFixture();

    @Test
    void sitsAt0000AsAnIntel440fx() {
        assertEquals(0x8086, pc.read16(0, 0x00));
        assertEquals(0x1237, pc.read16(0, 0x02));
        assertEquals(0x02, pc.read8(0, 0x08), "revision");
        assertEquals(0x060000, pc.read32(0, 0x08) >>> 8, "class: bridge / host bridge");
        assertEquals(0x00, pc.read8(0, 0x0E), "header type 0, single function");
        assertEquals(0x00, pc.read8(0, 0x3D), "no interrupt pin");
    }

    @Test
    void hasNoBars() {
        for (int i = 0; i < PciHeader.BAR_COUNT; i++) {
            pc.write32(0, PciHeader.bar(i), 0xFFFFFFFF);
            assertEquals(0, pc.read32(0, PciHeader.bar(i)), "BAR" + i);
        }
    }
}
