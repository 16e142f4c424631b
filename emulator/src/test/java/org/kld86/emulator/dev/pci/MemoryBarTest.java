package org.kld86.emulator.dev.pci;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.kld86.emulator.dev.IrqLine;

class MemoryBarTest {

    private final PciFixture pc = new PciFixture();
    /** BAR0 1 MiB, BAR1 none, BAR2 4 KiB. */
    private final ScratchDevice dev = new ScratchDevice(1 << 20, 0, 0x1000);

    MemoryBarTest() {
        pc.bus.attach(3, dev, IrqLine.NONE);
    }

    @Test
    void sizingReadsBackTheSizeMask() {
        // PCI 3.0 §6.2.5.1: write all-ones, read back; the low bits that do not stick give the size.
        pc.write32(3, PciHeader.bar(0), 0xFFFFFFFF);
        assertEquals(0xFFF00000, pc.read32(3, PciHeader.bar(0)));
        pc.write32(3, PciHeader.bar(2), 0xFFFFFFFF);
        assertEquals(0xFFFFF000, pc.read32(3, PciHeader.bar(2)));
        assertEquals(1 << 20, ~(pc.read32(3, PciHeader.bar(0)) & ~0xF) + 1);
    }

    @Test
    void anUnimplementedBarReadsZeroAfterAllOnes() {
        pc.write32(3, PciHeader.bar(1), 0xFFFFFFFF);
        assertEquals(0, pc.read32(3, PciHeader.bar(1)));
    }

    @Test
    void lowBitsDescribeA32BitNonPrefetchableMemoryBar() {
        pc.write32(3, PciHeader.bar(2), 0xFEBF_F00F);
        assertEquals(0xFEBFF000, pc.read32(3, PciHeader.bar(2)), "type bits 3:0 read 0000");
    }

    @Test
    void aBarIsPartlyWritableByBytes() {
        pc.write32(3, PciHeader.bar(0), 0xFE000000);
        pc.write8(3, PciHeader.bar(0) + 2, 0x3F);
        assertEquals(0xFE300000, pc.read32(3, PciHeader.bar(0)));
    }

    @Test
    void memorySpaceEnableGatesTheWindow() {
        pc.write32(3, PciHeader.bar(0), 0xFE000000);
        assertEquals(0xFFFFFFFF, pc.memory.read32(0xFE000010L), "decode is off after reset");
        pc.write16(3, PciHeader.COMMAND, PciHeader.COMMAND_MEMORY);
        assertEquals(0x5C000010, pc.memory.read32(0xFE000010L));
        pc.write16(3, PciHeader.COMMAND, 0);
        assertEquals(0xFFFFFFFF, pc.memory.read32(0xFE000010L));
        pc.memory.write32(0xFE000020L, 0x1234);
        assertEquals(-1, dev.lastWriteOffset, "a store with decode off does not reach the device");
    }

    @Test
    void relocationMovesTheWindow() {
        pc.write32(3, PciHeader.bar(0), 0xFE000000);
        pc.write16(3, PciHeader.COMMAND, PciHeader.COMMAND_MEMORY);
        pc.write32(3, PciHeader.bar(0), 0xFD000000);
        assertEquals(0xFD000000L, dev.barWindow(0).base());
        assertEquals(0x5C000004, pc.memory.read32(0xFD000004L));
        assertEquals(0xFFFFFFFF, pc.memory.read32(0xFE000004L), "nothing left at the old address");
        pc.memory.write32(0xFD0FFFF8L, 7);
        assertEquals(0xFFFF8, dev.lastWriteOffset);
    }

    @Test
    void aBarMovedOverRamHidesTheRamUntilItMovesAway() {
        pc.memory.write32(0x200000L, 0xCAFEF00D);
        pc.write16(3, PciHeader.COMMAND, PciHeader.COMMAND_MEMORY);
        pc.write32(3, PciHeader.bar(2), 0x200000);
        assertEquals(0x5C000000, pc.memory.read32(0x200000L));
        pc.write32(3, PciHeader.bar(2), 0xFE000000);
        assertEquals(0xCAFEF00D, pc.memory.read32(0x200000L));
    }

    @Test
    void sizingWithDecodeOnDoesNotMapTheBarAtTheTopOfTheSpace() {
        // QEMU pci_bar_address: a 32-bit BAR reaching 0xFFFFFFFF is not mapped.
        pc.write32(3, PciHeader.bar(0), 0xFE000000);
        pc.write16(3, PciHeader.COMMAND, PciHeader.COMMAND_MEMORY);
        pc.write32(3, PciHeader.bar(0), 0xFFFFFFFF);
        assertFalse(dev.barWindow(0).enabled());
        assertEquals(0xFFFFFFFF, pc.memory.read32(0xFFF00000L));
        pc.write32(3, PciHeader.bar(0), 0xFE000000);
        assertTrue(dev.barWindow(0).enabled());
        assertEquals(0xFE000000L, dev.barWindow(0).base());
    }

    @Test
    void aBarAtAddressZeroIsNotDecoded() {
        pc.memory.write32(0x0L, 0x11223344);
        pc.write16(3, PciHeader.COMMAND, PciHeader.COMMAND_MEMORY);
        assertFalse(dev.barWindow(0).enabled());
        assertEquals(0x11223344, pc.memory.read32(0x0L));
    }

    @Test
    void theIoSpaceBitDoesNotDecodeMemory() {
        pc.write32(3, PciHeader.bar(0), 0xFE000000);
        pc.write16(3, PciHeader.COMMAND, PciHeader.COMMAND_IO | PciHeader.COMMAND_MASTER);
        assertFalse(dev.barWindow(0).enabled());
    }
}
