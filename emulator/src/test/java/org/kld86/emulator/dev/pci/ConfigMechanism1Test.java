package org.kld86.emulator.dev.pci;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.kld86.emulator.dev.IrqLine;

class ConfigMechanism1Test {

    private final PciFixture pc = new PciFixture();

    @Test
    void addressEncodesBusDeviceFunctionAndRegisterWithTheEnableBit() {
        // PCI 3.0 §3.2.2.3.2: E at 31, bus 23:16, device 15:11, function 10:8, register 7:2.
        assertEquals(0x80000000, ConfigMechanism1.address(0, 0, 0, 0));
        assertEquals(0x80001810, ConfigMechanism1.address(0, 3, 0, 0x10));
        assertEquals(0x80FFFFFC, ConfigMechanism1.address(255, 31, 7, 0xFF));
    }

    @Test
    void addressRefusesFieldsOutOfRange() {
        assertThrows(IllegalArgumentException.class, () -> ConfigMechanism1.address(0, 32, 0, 0));
        assertThrows(IllegalArgumentException.class, () -> ConfigMechanism1.address(0, 0, 8, 0));
        assertThrows(IllegalArgumentException.class, () -> ConfigMechanism1.address(256, 0, 0, 0));
        assertThrows(IllegalArgumentException.class, () -> ConfigMechanism1.address(0, 0, 0, 256));
    }

    @Test
    void configAddressReadsBackWithReservedBitsZero() {
        pc.ports.out32(0xCF8, 0xFFFFFFFF);
        assertEquals(0x80FFFFFC, pc.ports.in32(0xCF8));
        pc.ports.out32(0xCF8, 0x12345678);
        assertEquals(0x00345678, pc.ports.in32(0xCF8));
    }

    @Test
    void onlyDwordAccessesReachConfigAddress() {
        pc.ports.out32(0xCF8, 0x80000000);
        pc.ports.out8(0xCF8, 0x00);
        pc.ports.out16(0xCF8, 0x1234);
        assertEquals(0x80000000, pc.ports.in32(0xCF8));
        assertEquals(0xFF, pc.ports.in8(0xCF8));
        assertEquals(0xFFFF, pc.ports.in16(0xCF8));
        assertEquals(0xFF, pc.ports.in8(0xCFB), "0xCF9-0xCFB are left to other devices");
    }

    @Test
    void dataReadsAllOnesWhileTheEnableBitIsClear() {
        pc.ports.out32(0xCF8, 0x00000000); // device 0 register 0, enable clear
        assertEquals(0xFFFFFFFF, pc.ports.in32(0xCFC));
        pc.ports.out32(0xCF8, 0x80000000);
        assertEquals(0x12378086, pc.ports.in32(0xCFC));
    }

    @Test
    void dataWritesAreDroppedWhileTheEnableBitIsClear() {
        pc.ports.out32(0xCF8, 0x0000003C); // host bridge interrupt line, enable clear
        pc.ports.out8(0xCFC, 0x0B);
        assertEquals(0, pc.read8(0, 0x3C));
        pc.ports.out32(0xCF8, 0x8000003C);
        pc.ports.out8(0xCFC, 0x0B);
        assertEquals(0x0B, pc.read8(0, 0x3C));
    }

    @Test
    void byteAndWordAccessesPickTheirLaneOfTheSelectedDword() {
        pc.ports.out32(0xCF8, ConfigMechanism1.address(0, 0, 0, 0x00)); // 8086:1237
        assertEquals(0x86, pc.ports.in8(0xCFC));
        assertEquals(0x80, pc.ports.in8(0xCFD));
        assertEquals(0x37, pc.ports.in8(0xCFE));
        assertEquals(0x12, pc.ports.in8(0xCFF));
        assertEquals(0x8086, pc.ports.in16(0xCFC));
        assertEquals(0x3780, pc.ports.in16(0xCFD));
        assertEquals(0x1237, pc.ports.in16(0xCFE));
    }

    @Test
    void byteWritesAtCfdReachTheSecondByteOfTheDword() {
        ScratchDevice d = new ScratchDevice(0x1000);
        pc.bus.attach(2, d, IrqLine.NONE);
        pc.ports.out32(0xCF8, ConfigMechanism1.address(0, 2, 0, PciHeader.COMMAND));
        pc.ports.out8(0xCFD, 0x04); // command bits 15:8: Interrupt Disable is bit 10
        assertEquals(PciHeader.COMMAND_INTX_DISABLE, d.command());
        pc.ports.out16(0xCFC, PciHeader.COMMAND_MASTER);
        assertEquals(PciHeader.COMMAND_MASTER, d.command());
    }

    @Test
    void accessesRunningPastCfffReadAllOnesAndAreDropped() {
        pc.ports.out32(0xCF8, ConfigMechanism1.address(0, 0, 0, 0x3C));
        assertEquals(0xFFFF, pc.ports.in16(0xCFF));
        assertEquals(0xFFFFFFFF, pc.ports.in32(0xCFD));
        pc.ports.out32(0xCFD, 0x0B0B0B0B);
        assertEquals(0, pc.read32(0, 0x3C) & 0xFF);
    }

    @Test
    void absentSlotsReadAllOnes() {
        assertEquals(0xFFFFFFFF, pc.read32(5, 0x00));
        assertEquals(0xFFFF, pc.read16(5, 0x00));
        assertEquals(0xFF, pc.read8(31, 0x0E));
    }

    @Test
    void otherBusesAndFunctionsAreAbsent() {
        pc.ports.out32(0xCF8, ConfigMechanism1.address(1, 0, 0, 0));
        assertEquals(0xFFFFFFFF, pc.ports.in32(0xCFC));
        pc.ports.out32(0xCF8, ConfigMechanism1.address(0, 0, 1, 0));
        assertEquals(0xFFFFFFFF, pc.ports.in32(0xCFC));
    }

    @Test
    void theRegisterFieldSelectsTheDwordInsideTheSpace() {
        pc.ports.out32(0xCF8, ConfigMechanism1.address(0, 0, 0, 0x08));
        assertEquals(0x06000002, pc.ports.in32(0xCFC), "class 0x060000, revision 0x02");
    }
}
