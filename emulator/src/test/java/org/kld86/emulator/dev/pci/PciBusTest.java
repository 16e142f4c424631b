package org.kld86.emulator.dev.pci;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.kld86.emulator.dev.IrqLine;
import org.kld86.emulator.io.IoPortSpace;
import org.kld86.emulator.memory.PhysicalMemory;

class PciBusTest {

    private final PciFixture pc = new PciFixture();

    @Test
    void isBuiltWithTheHostBridgeInSlotZero() {
        assertSame(pc.bus.hostBridge(), pc.bus.device(0));
        assertEquals(0, pc.bus.hostBridge().slot());
        assertEquals(List.of(pc.bus.hostBridge()), pc.bus.devices());
    }

    @Test
    void claimsTheConfigurationPorts() {
        assertEquals("pci config address", pc.ports.owner(0xCF8));
        for (int p = 0xCFC; p <= 0xCFF; p++) {
            assertEquals("pci config data", pc.ports.owner(p));
        }
        assertNull(pc.ports.owner(0xCF9), "0xCF9 is the PIIX reset control register, not ours");
    }

    @Test
    void refusesASecondBusOnTheSamePorts() {
        IoPortSpace ports = new IoPortSpace();
        PhysicalMemory memory = new PhysicalMemory(1 << 20);
        new PciBus(ports, memory);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new PciBus(ports, memory));
        assertTrue(e.getMessage().contains("0xcf8"), e.getMessage());
    }

    @Test
    void attachedDevicesAnswerInTheirSlot() {
        ScratchDevice d = new ScratchDevice(0x1000);
        pc.bus.attach(7, d, IrqLine.NONE);
        assertEquals(0x00051B36, pc.read32(7, 0x00));
        assertEquals(7, d.slot());
        assertEquals("00:07.0", d.address());
        assertEquals(List.of(pc.bus.hostBridge(), d), pc.bus.devices());
        assertEquals(0xFFFFFFFF, pc.read32(6, 0x00));
    }

    @Test
    void slotThirtyOneIsTheLast() {
        pc.bus.attach(31, new ScratchDevice(), IrqLine.NONE);
        assertEquals(0x1B36, pc.read16(31, 0x00));
        assertThrows(IllegalArgumentException.class, () -> pc.bus.attach(32, new ScratchDevice(), IrqLine.NONE));
        assertThrows(IllegalArgumentException.class, () -> pc.bus.attach(-1, new ScratchDevice(), IrqLine.NONE));
    }

    @Test
    void refusesATakenSlot() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> pc.bus.attach(0, new ScratchDevice(), IrqLine.NONE));
        assertTrue(e.getMessage().contains("already taken"), e.getMessage());
    }

    @Test
    void refusesADeviceAttachedTwice() {
        ScratchDevice d = new ScratchDevice();
        pc.bus.attach(3, d, IrqLine.NONE);
        assertThrows(IllegalArgumentException.class, () -> pc.bus.attach(4, d, IrqLine.NONE));
        assertNull(pc.bus.device(4));
    }

    @Test
    void barWindowsAppearInTheBusMemoryDisabledOnAttach() {
        ScratchDevice d = new ScratchDevice(0x2000);
        assertNull(d.barWindow(0), "no window before the device is on a bus");
        pc.bus.attach(3, d, IrqLine.NONE);
        assertTrue(pc.memory.mmioWindows().contains(d.barWindow(0)));
        assertEquals(false, d.barWindow(0).enabled());
        assertEquals("00:03.0 scratch BAR0", d.barWindow(0).name());
    }
}
