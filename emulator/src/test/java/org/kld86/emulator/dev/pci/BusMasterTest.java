package org.kld86.emulator.dev.pci;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.kld86.emulator.dev.IrqLine;

class BusMasterTest {

    private final PciFixture pc = new PciFixture();
    private final ScratchDevice dev = new ScratchDevice();

    BusMasterTest() {
        pc.bus.attach(4, dev, IrqLine.NONE);
        pc.memory.write32(0x10000L, 0x04030201);
    }

    @Test
    void withBusMasterEnableSetTransfersReachRam() {
        pc.write16(4, PciHeader.COMMAND, PciHeader.COMMAND_MASTER);
        byte[] buf = new byte[4];
        dev.dma().read(0x10000L, buf, 0, 4);
        assertArrayEquals(new byte[] {1, 2, 3, 4}, buf);
        dev.dma().write(0x20000L, new byte[] {9, 8, 7}, 1, 2);
        assertEquals(0x0708, pc.memory.read32(0x20000L));
        assertEquals(0, dev.dma().refusedTransfers());
    }

    @Test
    void withBusMasterEnableClearReadsAreAllOnesAndWritesDropped() {
        byte[] buf = {0, 0, 0, 0, 0};
        dev.dma().read(0x10000L, buf, 1, 4);
        assertArrayEquals(new byte[] {0, -1, -1, -1, -1}, buf);
        dev.dma().write(0x10000L, new byte[] {9, 9, 9, 9}, 0, 4);
        assertEquals(0x04030201, pc.memory.read32(0x10000L));
        assertEquals(2, dev.dma().refusedTransfers());
    }

    @Test
    void theGateIsCheckedAtEachTransfer() {
        pc.write16(4, PciHeader.COMMAND, PciHeader.COMMAND_MASTER);
        dev.dma().write(0x20000L, new byte[] {5}, 0, 1);
        pc.write16(4, PciHeader.COMMAND, 0);
        dev.dma().write(0x20000L, new byte[] {6}, 0, 1);
        assertEquals(5, pc.memory.read8(0x20000L));
    }

    @Test
    void bytesAtOrAbove4GibReachNothing() {
        pc.write16(4, PciHeader.COMMAND, PciHeader.COMMAND_MASTER);
        byte[] buf = new byte[4];
        dev.dma().read(0x1_0001_0000L, buf, 0, 4);
        assertArrayEquals(new byte[] {-1, -1, -1, -1}, buf);
        dev.dma().read(-4096L, buf, 0, 4);
        assertArrayEquals(new byte[] {-1, -1, -1, -1}, buf);
        dev.dma().write(0x1_0001_0000L, new byte[] {9, 9, 9, 9}, 0, 4);
        assertEquals(0x04030201, pc.memory.read32(0x10000L), "no wrap to the low 32 bits");
    }

    @Test
    void refusesABufferRangeOutsideTheArray() {
        assertThrows(IllegalArgumentException.class, () -> dev.dma().read(0, new byte[4], 2, 3));
        assertThrows(IllegalArgumentException.class, () -> dev.dma().write(0, new byte[4], -1, 1));
    }
}
