package org.kld86.emulator.dev.pci;

import org.kld86.emulator.io.IoPortHandler;

/**
 * PCI configuration mechanism #1 (PCI Local Bus Specification 3.0 §3.2.2.3.2): the host bridge's two I/O ports
 * through which the CPU reaches configuration space.
 *
 * <pre>
 *   CONFIG_ADDRESS, port 0xCF8, 32 bits:
 *    31  30      24 23      16 15     11 10    8 7        2 1  0
 *   +---+----------+----------+---------+-------+----------+----+
 *   | E | reserved |   bus    | device  | func. | register | 00 |
 *   +---+----------+----------+---------+-------+----------+----+
 *   E = enable: CONFIG_DATA accesses become configuration cycles
 *
 *   CONFIG_DATA, ports 0xCFC-0xCFF: the dword at (register), byte lane = port - 0xCFC
 * </pre>
 *
 * <p>Choices where hardware and QEMU differ or the spec leaves room:
 * <ul>
 *   <li>Only a full dword access at 0xCF8 reaches CONFIG_ADDRESS; the spec says any other width "has no effect on
 *       CONFIG_ADDRESS" and runs as a normal I/O cycle, which nobody claims here: it reads all-ones and is
 *       dropped. Only port 0xCF8 is claimed, so a byte at 0xCF9 (the PIIX reset control register on a real PC)
 *       stays free for another device.
 *   <li>The reserved bits 30:24 and bits 1:0 are read-only zero, as the spec draws them (QEMU keeps whatever
 *       was written).
 *   <li>With the enable bit clear, CONFIG_DATA reads all-ones and writes are dropped (QEMU
 *       {@code pci_host_data_read}).
 *   <li>A byte, word or dword at 0xCFC + k reaches configuration offset register + k, so a word at 0xCFE reads
 *       the upper half of the dword. An access that would run past 0xCFF (a word at 0xCFF, a dword at 0xCFD)
 *       reads all-ones and is dropped, rather than being split.
 *   <li>Bus numbers other than 0 and functions other than 0 have no device: all-ones.
 * </ul>
 */
public final class ConfigMechanism1 implements IoPortHandler {

    public static final int CONFIG_ADDRESS_PORT = 0xCF8;
    public static final int CONFIG_DATA_PORT = 0xCFC;
    public static final int ENABLE = 1 << 31;

    /** The bits of CONFIG_ADDRESS that hold state: enable, bus, device, function, register. */
    static final int ADDRESS_MASK = 0x80FF_FFFC;

    private final PciBus bus;
    private int configAddress;

    ConfigMechanism1(PciBus bus) {
        this.bus = bus;
    }

    /** The CONFIG_ADDRESS value that selects {@code register} of bus:device.function, with the enable bit set. */
    public static int address(int busNumber, int device, int function, int register) {
        if (busNumber < 0 || busNumber > 255 || device < 0 || device > 31 || function < 0 || function > 7
                || register < 0 || register > 255) {
            throw new IllegalArgumentException(String.format(
                    "configuration address %d:%d.%d register 0x%x is out of range",
                    busNumber, device, function, register));
        }
        return ENABLE | busNumber << 16 | device << 11 | function << 8 | (register & 0xFC);
    }

    /** The current CONFIG_ADDRESS value. */
    public int configAddress() {
        return configAddress;
    }

    @Override
    public int in(int port, int size) {
        if (port == CONFIG_ADDRESS_PORT) {
            return size == 4 ? configAddress : -1;
        }
        int lane = port - CONFIG_DATA_PORT;
        if (!dataCycle(lane, size)) {
            return -1;
        }
        return bus.configRead(busNumber(), device(), function(), register() + lane, size);
    }

    @Override
    public void out(int port, int size, int value) {
        if (port == CONFIG_ADDRESS_PORT) {
            if (size == 4) {
                configAddress = value & ADDRESS_MASK;
            }
            return;
        }
        int lane = port - CONFIG_DATA_PORT;
        if (dataCycle(lane, size)) {
            bus.configWrite(busNumber(), device(), function(), register() + lane, size, value);
        }
    }

    /** Whether a CONFIG_DATA access at byte lane {@code lane} becomes a configuration cycle. */
    private boolean dataCycle(int lane, int size) {
        return (configAddress & ENABLE) != 0 && lane >= 0 && lane + size <= 4;
    }

    private int busNumber() {
        return (configAddress >>> 16) & 0xFF;
    }

    private int device() {
        return (configAddress >>> 11) & 0x1F;
    }

    private int function() {
        return (configAddress >>> 8) & 0x7;
    }

    private int register() {
        return configAddress & 0xFC;
    }
}
