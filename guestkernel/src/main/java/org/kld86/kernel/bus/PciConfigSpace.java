package org.kld86.kernel.bus;

import org.kld86.emulator.cpu.Cpu;

/**
 * PCI configuration space through configuration mechanism #1 (FreeBSD sys/x86/pci/pci_cfgreg.c, pcireg_cfgread):
 * the kernel writes the address of bus:slot.function and register to CONFIG_ADDRESS (0xCF8) and moves the data
 * through CONFIG_DATA (0xCFC-0xCFF), at the byte lane of the register's low two bits.
 *
 * <pre>
 *   CONFIG_ADDRESS  bit 31 enable | 23-16 bus | 15-11 slot | 10-8 function | 7-2 register | 1-0 zero
 * </pre>
 *
 * <p>Only bus 0 exists on this machine. A slot with no device reads all-ones, which is how enumeration sees an
 * empty slot (vendor ID 0xFFFF). BAR sizes are found the way firmware finds them: write all-ones, read back,
 * restore.
 */
public final class PciConfigSpace {

    public static final int CONFIG_ADDRESS = 0xCF8;
    public static final int CONFIG_DATA = 0xCFC;
    public static final int SLOTS = 32;

    /** Configuration header offsets and command bits (sys/dev/pci/pcireg.h). */
    public static final int PCIR_VENDOR = 0x00;
    public static final int PCIR_DEVICE = 0x02;
    public static final int PCIR_COMMAND = 0x04;
    public static final int PCIR_REVID = 0x08;
    public static final int PCIR_SUBCLASS = 0x0A;
    public static final int PCIR_CLASS = 0x0B;
    public static final int PCIR_BAR0 = 0x10;
    public static final int PCIR_INTLINE = 0x3C;
    public static final int PCIR_INTPIN = 0x3D;
    public static final int PCIM_CMD_PORTEN = 0x0001;
    public static final int PCIM_CMD_MEMEN = 0x0002;
    public static final int PCIM_CMD_BUSMASTEREN = 0x0004;

    private final Cpu cpu;

    public PciConfigSpace(Cpu cpu) {
        this.cpu = cpu;
    }

    private static int address(int slot, int reg) {
        return 0x8000_0000 | slot << 11 | (reg & 0xFC);
    }

    /** pci_cfgregread: {@code width} (1, 2 or 4) bytes at {@code reg} of bus 0, {@code slot}, function 0. */
    public int read(int slot, int reg, int width) {
        checkWidth(reg, width);
        cpu.out32(CONFIG_ADDRESS, address(slot, reg));
        int port = CONFIG_DATA + (reg & 3);
        return switch (width) {
            case 1 -> cpu.in8(port);
            case 2 -> cpu.in16(port);
            default -> cpu.in32(port);
        };
    }

    /** pci_cfgregwrite. */
    public void write(int slot, int reg, int value, int width) {
        checkWidth(reg, width);
        cpu.out32(CONFIG_ADDRESS, address(slot, reg));
        int port = CONFIG_DATA + (reg & 3);
        switch (width) {
            case 1 -> cpu.out8(port, value);
            case 2 -> cpu.out16(port, value);
            default -> cpu.out32(port, value);
        }
    }

    private static void checkWidth(int reg, int width) {
        if ((width != 1 && width != 2 && width != 4) || reg < 0 || reg > 0xFF || (reg & (width - 1)) != 0) {
            throw new IllegalArgumentException(String.format(
                    "pci_read_config: register 0x%x width %d is not a naturally aligned 1, 2 or 4 byte access", reg, width));
        }
    }

    /** The first slot at or after {@code fromSlot} holding {@code vendor}:{@code device}, or -1. */
    public int find(int vendor, int device, int fromSlot) {
        for (int slot = Math.max(0, fromSlot); slot < SLOTS; slot++) {
            int id = read(slot, PCIR_VENDOR, 4);
            if ((id & 0xFFFF) == vendor && (id >>> 16) == device) {
                return slot;
            }
        }
        return -1;
    }

    /**
     * The size of memory BAR {@code bar} of {@code slot} by the sizing protocol, or 0 for an unimplemented or I/O
     * BAR. Memory decode is turned off around the probe, as pci_read_bar does, so the BAR never decodes all-ones.
     */
    public long barSize(int slot, int bar) {
        int reg = PCIR_BAR0 + 4 * bar;
        int cmd = read(slot, PCIR_COMMAND, 2);
        write(slot, PCIR_COMMAND, cmd & ~(PCIM_CMD_MEMEN | PCIM_CMD_PORTEN), 2);
        int saved = read(slot, reg, 4);
        write(slot, reg, -1, 4);
        int probe = read(slot, reg, 4);
        write(slot, reg, saved, 4);
        write(slot, PCIR_COMMAND, cmd, 2);
        if (probe == 0 || (probe & 1) != 0) {
            return 0;
        }
        return Integer.toUnsignedLong(~(probe & ~0xF)) + 1;
    }

    /** The physical base of memory BAR {@code bar}. */
    public long barBase(int slot, int bar) {
        return Integer.toUnsignedLong(read(slot, PCIR_BAR0 + 4 * bar, 4) & ~0xF);
    }
}
