package org.kld86.emulator.dev.pci;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.kld86.emulator.dev.IrqLine;

class PciFirmwareTest {

    private static final long WINDOW_BASE = 0xFE000000L;
    private static final long WINDOW_LIMIT = 0xFEC00000L;

    private final PciFixture pc = new PciFixture();

    @Test
    void placesBarsLargestFirstNaturallyAlignedFromTheWindowBase() {
        ScratchDevice a = new ScratchDevice(0x1000, 0, 0x4000); // slot 3: BAR0 4 KiB, BAR2 16 KiB
        ScratchDevice b = new ScratchDevice(1 << 20);            // slot 5: BAR0 1 MiB
        ScratchDevice c = new ScratchDevice(0x1000);             // slot 6: BAR0 4 KiB
        pc.bus.attach(3, a, IrqLine.NONE);
        pc.bus.attach(5, b, IrqLine.NONE);
        pc.bus.attach(6, c, IrqLine.NONE);

        PciFirmware.assignResources(pc.bus, WINDOW_BASE, WINDOW_LIMIT, slot -> 11);

        assertEquals(0xFE000000, pc.read32(5, PciHeader.bar(0)), "1 MiB first, at the base");
        assertEquals(0xFE100000, pc.read32(3, PciHeader.bar(2)), "then 16 KiB");
        assertEquals(0xFE104000, pc.read32(3, PciHeader.bar(0)), "then the 4 KiB BARs in slot order");
        assertEquals(0xFE105000, pc.read32(6, PciHeader.bar(0)));
    }

    @Test
    void alignsEachBarToItsSize() {
        ScratchDevice a = new ScratchDevice(1 << 20);
        pc.bus.attach(3, a, IrqLine.NONE);
        PciFirmware.assignResources(pc.bus, 0xFE001000L, WINDOW_LIMIT, slot -> 11);
        assertEquals(0xFE100000, pc.read32(3, PciHeader.bar(0)));
    }

    @Test
    void writesTheRoutedIrqAndEnablesMemoryDecodeButNotBusMastering() {
        ScratchDevice a = new ScratchDevice(0x1000);
        pc.bus.attach(3, a, IrqLine.NONE);
        PciFirmware.assignResources(pc.bus, WINDOW_BASE, WINDOW_LIMIT, slot -> slot == 3 ? 10 : 99);

        assertEquals(10, pc.read8(3, PciHeader.INTERRUPT_LINE));
        assertEquals(PciHeader.COMMAND_MEMORY, pc.read16(3, PciHeader.COMMAND));
        assertFalse(a.busMasterEnabled());
        assertTrue(a.barWindow(0).enabled());
        assertEquals(0x5C000008, pc.memory.read32(WINDOW_BASE + 8));
    }

    @Test
    void leavesTheInterruptLineOfDevicesWithoutAPin() {
        PciFirmware.assignResources(pc.bus, WINDOW_BASE, WINDOW_LIMIT, slot -> 11);
        assertEquals(0, pc.read8(0, PciHeader.INTERRUPT_LINE), "the host bridge has no interrupt pin");
    }

    @Test
    void refusesBarsThatDoNotFit() {
        pc.bus.attach(3, new ScratchDevice(1 << 20), IrqLine.NONE);
        pc.bus.attach(4, new ScratchDevice(1 << 20), IrqLine.NONE);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> PciFirmware.assignResources(pc.bus, WINDOW_BASE, WINDOW_BASE + (1 << 20), slot -> 11));
        assertTrue(e.getMessage().startsWith("assignResources: 00:04.0 BAR0"), e.getMessage());
    }

    @Test
    void refusesAMalformedWindowOrIrq() {
        pc.bus.attach(3, new ScratchDevice(0x1000), IrqLine.NONE);
        assertThrows(IllegalArgumentException.class,
                () -> PciFirmware.assignResources(pc.bus, WINDOW_BASE + 1, WINDOW_LIMIT, slot -> 11));
        assertThrows(IllegalArgumentException.class,
                () -> PciFirmware.assignResources(pc.bus, WINDOW_LIMIT, WINDOW_BASE, slot -> 11));
        assertThrows(IllegalArgumentException.class,
                () -> PciFirmware.assignResources(pc.bus, WINDOW_BASE, 0x1_0000_1000L, slot -> 11));
        assertThrows(IllegalArgumentException.class,
                () -> PciFirmware.assignResources(pc.bus, WINDOW_BASE, WINDOW_LIMIT, slot -> 255));
    }
}
