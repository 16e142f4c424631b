package org.kld86.emulator;

import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The optional devices a machine can be given. The platform itself (the 8259 pair, the 8254 timer, the 8237
 * pair and the PCI host bridge) is always present, as on any PC, and is not configured.
 */
public enum DeviceKind {

    /** The 16550A serial port used as the console: COM1 (port 0x3f8, IRQ 4) by default. */
    UART("uart", "port", "irq") {
        @Override
        void check(DeviceSpec d) {
            d.number("port", 0x3F8, 0x100, 0xFFF8);
            d.number("irq", 4, 1, 15);
        }
    },
    /** The ISA streaming device on an 8237 channel: port 0x300, IRQ 5, DMA channel 1, 1 µs a byte by default. */
    ISASTREAM("isastream", "port", "irq", "dma", "ns_per_byte") {
        @Override
        void check(DeviceSpec d) {
            d.number("port", 0x300, 0x100, 0xFFF8);
            d.number("irq", 5, 1, 15);
            long dma = d.number("dma", 1, 0, 7);
            if (dma == 4) {
                throw new MachineConfigException("device isastream: DMA channel 4 is the cascade and cannot carry data");
            }
            d.number("ns_per_byte", 1000, 1, 1_000_000_000L);
        }
    },
    /** QEMU's PCI "edu" teaching device: the first free slot from 3, a 28-bit DMA mask by default. */
    EDU("edu", "slot", "dma_mask") {
        @Override
        void check(DeviceSpec d) {
            d.number("slot", 3, 1, 31);
            long mask = d.number("dma_mask", (1L << 28) - 1);
            if (mask == 0 || (mask & (mask + 1)) != 0) {
                throw new MachineConfigException(String.format(
                        "device edu: dma_mask=%s is not a mask of low address bits (such as 0xfffffff)",
                        d.options().get("dma_mask")));
            }
        }
    };

    private final String specName;
    private final List<String> options;

    DeviceKind(String specName, String... options) {
        this.specName = specName;
        this.options = List.of(options);
    }

    /** Checks every option value of {@code spec}, throwing {@link MachineConfigException} at the first bad one. */
    abstract void check(DeviceSpec spec);

    public String specName() {
        return specName;
    }

    public List<String> options() {
        return options;
    }

    /** The kind named {@code name}, or a {@link MachineConfigException} listing the known kinds. */
    public static DeviceKind byName(String name) {
        for (DeviceKind k : values()) {
            if (k.specName.equals(name)) {
                return k;
            }
        }
        String platform = switch (name) {
            case "pic", "i8259", "pit", "i8254", "dma", "i8237", "pci" -> " (it is part of the platform and always present)";
            default -> "";
        };
        throw new MachineConfigException(String.format("unknown device '%s'%s; devices are: %s", name, platform,
                Arrays.stream(values()).map(DeviceKind::specName).collect(Collectors.joining(", "))));
    }
}
