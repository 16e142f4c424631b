package org.kld86.emulator.dev.edu;

import org.kld86.emulator.cpu.VirtualClock;
import org.kld86.emulator.dev.RecordingIrqLine;
import org.kld86.emulator.dev.pci.ConfigMechanism1;
import org.kld86.emulator.dev.pci.PciBus;
import org.kld86.emulator.dev.pci.PciFirmware;
import org.kld86.emulator.dev.pci.PciHeader;
import org.kld86.emulator.io.IoPortSpace;
import org.kld86.emulator.memory.PhysicalMemory;

/**
 * A machine with 512 MiB of RAM, a 1 GHz clock and an edu in slot 3 whose INTA reaches IRQ 11, after the firmware
 * step: BAR0 at 0xFE000000, memory decode on, bus mastering off. The methods are what a driver does: configuration
 * accesses through 0xCF8/0xCFC and loads and stores to the BAR.
 */
final class EduMachine {

    static final int SLOT = 3;
    static final int IRQ = 11;
    static final long BAR0 = 0xFE000000L;

    final VirtualClock clock = new VirtualClock(1_000_000_000L);
    final PhysicalMemory memory = new PhysicalMemory(512L << 20);
    final IoPortSpace ports = new IoPortSpace();
    final PciBus bus = new PciBus(ports, memory);
    final RecordingIrqLine irq = new RecordingIrqLine(clock);
    final EduDevice edu;

    EduMachine() {
        this(EduDevice.DEFAULT_DMA_MASK);
    }

    EduMachine(long dmaMask) {
        edu = new EduDevice(clock, dmaMask);
        bus.attach(SLOT, edu, irq);
        PciFirmware.assignResources(bus, 0xFE000000L, 0xFEC00000L, slot -> IRQ);
    }

    int config32(int register) {
        ports.out32(0xCF8, ConfigMechanism1.address(0, SLOT, 0, register));
        return ports.in32(0xCFC);
    }

    void configWrite16(int register, int value) {
        ports.out32(0xCF8, ConfigMechanism1.address(0, SLOT, 0, register));
        ports.out16(0xCFC + (register & 2), value);
    }

    /** What a driver does before its first DMA: turn on bus mastering next to memory decode. */
    void enableBusMaster() {
        configWrite16(PciHeader.COMMAND, PciHeader.COMMAND_MEMORY | PciHeader.COMMAND_MASTER);
    }

    long read32(int offset) {
        return Integer.toUnsignedLong(memory.read32(BAR0 + offset));
    }

    long read64(int offset) {
        return memory.read64(BAR0 + offset);
    }

    void write32(int offset, long value) {
        memory.write32(BAR0 + offset, (int) value);
    }

    void write64(int offset, long value) {
        memory.write64(BAR0 + offset, value);
    }

    /** Lets {@code nanos} of virtual time pass, running the device events that fall due. */
    void run(long nanos) {
        clock.advance(clock.cyclesForNanos(nanos));
    }
}
