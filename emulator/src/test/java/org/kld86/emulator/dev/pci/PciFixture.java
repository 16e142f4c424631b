package org.kld86.emulator.dev.pci;

import org.kld86.emulator.cpu.VirtualClock;
import org.kld86.emulator.io.IoPortSpace;
import org.kld86.emulator.memory.PhysicalMemory;

/**
 * A bus with its ports and memory, and configuration accesses made the way a guest makes them: through
 * CONFIG_ADDRESS and CONFIG_DATA.
 */
final class PciFixture {

    final VirtualClock clock = new VirtualClock(1_000_000_000L);
    final PhysicalMemory memory = new PhysicalMemory(64L << 20);
    final IoPortSpace ports = new IoPortSpace();
    final PciBus bus = new PciBus(ports, memory);

    int read32(int slot, int register) {
        ports.out32(0xCF8, ConfigMechanism1.address(0, slot, 0, register));
        return ports.in32(0xCFC);
    }

    int read16(int slot, int register) {
        ports.out32(0xCF8, ConfigMechanism1.address(0, slot, 0, register));
        return ports.in16(0xCFC + (register & 2));
    }

    int read8(int slot, int register) {
        ports.out32(0xCF8, ConfigMechanism1.address(0, slot, 0, register));
        return ports.in8(0xCFC + (register & 3));
    }

    void write32(int slot, int register, int value) {
        ports.out32(0xCF8, ConfigMechanism1.address(0, slot, 0, register));
        ports.out32(0xCFC, value);
    }

    void write16(int slot, int register, int value) {
        ports.out32(0xCF8, ConfigMechanism1.address(0, slot, 0, register));
        ports.out16(0xCFC + (register & 2), value);
    }

    void write8(int slot, int register, int value) {
        ports.out32(0xCF8, ConfigMechanism1.address(0, slot, 0, register));
        ports.out8(0xCFC + (register & 3), value);
    }
}
