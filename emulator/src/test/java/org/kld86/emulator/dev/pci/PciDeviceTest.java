package org.kld86.emulator.dev.pci;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.kld86.emulator.dev.RecordingIrqLine;
import org.kld86.emulator.dev.RecordingIrqLine.Drive;

class PciDeviceTest {

    private final PciFixture pc = new PciFixture();
    private final RecordingIrqLine inta = new RecordingIrqLine(pc.clock);
    private final ScratchDevice dev = new ScratchDevice(0x1000);

    PciDeviceTest() {
        pc.bus.attach(3, dev, inta);
    }

    @Test
    void identityFieldsAreReadOnly() {
        pc.write32(3, 0x00, 0);
        pc.write32(3, 0x08, 0);
        pc.write8(3, PciHeader.HEADER_TYPE, 0x80);
        pc.write8(3, PciHeader.INTERRUPT_PIN, 4);
        assertEquals(0x00051B36, pc.read32(3, 0x00));
        assertEquals(0x00FF0001, pc.read32(3, 0x08));
        assertEquals(0, pc.read8(3, PciHeader.HEADER_TYPE));
        assertEquals(PciHeader.PIN_INTA, pc.read8(3, PciHeader.INTERRUPT_PIN));
    }

    @Test
    void statusIsReadOnly() {
        pc.write16(3, PciHeader.STATUS, 0xFFFF);
        assertEquals(0, pc.read16(3, PciHeader.STATUS));
    }

    @Test
    void onlyTheModelledCommandBitsAreWritable() {
        pc.write16(3, PciHeader.COMMAND, 0xFFFF);
        // I/O Space, Memory Space, Bus Master Enable, Interrupt Disable.
        assertEquals(0x0407, pc.read16(3, PciHeader.COMMAND));
        pc.write16(3, PciHeader.COMMAND, 0);
        assertEquals(0, pc.read16(3, PciHeader.COMMAND));
    }

    @Test
    void commandBitsAreReportedByTheirAccessors() {
        pc.write16(3, PciHeader.COMMAND, PciHeader.COMMAND_MEMORY);
        assertTrue(dev.memorySpaceEnabled());
        assertFalse(dev.busMasterEnabled());
        pc.write16(3, PciHeader.COMMAND, PciHeader.COMMAND_MASTER);
        assertFalse(dev.memorySpaceEnabled());
        assertTrue(dev.busMasterEnabled());
        assertTrue(dev.dma().enabled());
    }

    @Test
    void cacheLineSizeAndInterruptLineAreWritable() {
        pc.write8(3, PciHeader.CACHE_LINE_SIZE, 0x10);
        pc.write8(3, PciHeader.INTERRUPT_LINE, 0x0B);
        assertEquals(0x10, pc.read8(3, PciHeader.CACHE_LINE_SIZE));
        assertEquals(0x010B, pc.read16(3, PciHeader.INTERRUPT_LINE), "line 11, pin INTA");
    }

    @Test
    void unusedHeaderFieldsStayZero() {
        for (int reg : new int[] {0x28, 0x2C, 0x30, 0x34, 0x40, 0xFC}) {
            pc.write32(3, reg, 0xFFFFFFFF);
            assertEquals(0, pc.read32(3, reg), String.format("register 0x%x", reg));
        }
    }

    @Test
    void intxDrivesTheLineAndStatusBit3() {
        dev.interrupt(true);
        assertTrue(inta.level());
        assertEquals(PciHeader.STATUS_INTERRUPT, pc.read16(3, PciHeader.STATUS));
        dev.interrupt(true);
        assertEquals(1, inta.drives().size(), "a level held high is driven once");
        dev.interrupt(false);
        assertFalse(inta.level());
        assertEquals(0, pc.read16(3, PciHeader.STATUS));
    }

    @Test
    void interruptDisableMasksTheLineButNotTheStatusBit() {
        dev.interrupt(true);
        pc.write16(3, PciHeader.COMMAND, PciHeader.COMMAND_INTX_DISABLE);
        assertFalse(inta.level());
        assertTrue(dev.intxRequested());
        assertEquals(PciHeader.STATUS_INTERRUPT, pc.read16(3, PciHeader.STATUS));
        pc.write16(3, PciHeader.COMMAND, 0);
        assertTrue(inta.level(), "the pending request reaches the line once INTx is enabled again");
        assertEquals(List.of(new Drive(0, true), new Drive(0, false), new Drive(0, true)), inta.drives());
    }

    @Test
    void aRequestWhileDisabledDoesNotReachTheLine() {
        pc.write16(3, PciHeader.COMMAND, PciHeader.COMMAND_INTX_DISABLE);
        dev.interrupt(true);
        assertFalse(inta.level());
        assertEquals(List.of(), inta.drives());
    }

    @Test
    void configAccessesOutsideTheSpaceAreHostErrors() {
        assertThrows(IllegalArgumentException.class, () -> dev.configRead(0xFE, 4));
        assertThrows(IllegalArgumentException.class, () -> dev.configRead(-1, 1));
        assertThrows(IllegalArgumentException.class, () -> dev.configWrite(0, 3, 0));
    }

    @Test
    void constructorRefusesBadIdentities() {
        assertThrows(IllegalArgumentException.class, () -> new BadDevice(0xFFFF, 0, 0));
        assertThrows(IllegalArgumentException.class, () -> new BadDevice(0x10000, 0, 0));
        assertThrows(IllegalArgumentException.class, () -> new BadDevice(0x1234, 0x1000000, 0));
        assertThrows(IllegalArgumentException.class, () -> new BadDevice(0x1234, 0, 5));
    }

    @Test
    void barsNeedAValidIndexAndSizeAndAreFixedOnAttach() {
        assertThrows(IllegalArgumentException.class, () -> new ScratchDevice(0x1000, 0x3000));
        assertThrows(IllegalArgumentException.class, () -> new ScratchDevice(0x800));
        assertThrows(IllegalArgumentException.class, () -> new ScratchDevice(0, 0, 0, 0, 0, 0, 0x1000));
        assertThrows(IllegalStateException.class, () -> dev.addMemoryBar(1, 0x1000, null));
    }

    private static final class BadDevice extends PciDevice {
        BadDevice(int vendorId, int classCode, int pin) {
            super("bad", vendorId, 0x0001, 0, classCode, pin);
        }
    }
}
