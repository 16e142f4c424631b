package org.kld86.emulator;

import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The optional devices a machine can be given. The platform itself (the 8259 pair, the 8254 timer, the 8237
 * pair and the PCI host bridge) is always present, as on any PC, and is not configured.
 */
public enum DeviceKind {

    /** The 16550A serial port used as the console: COM1 by default. */
    UART("uart", "port", "irq"),
    /** The ISA streaming device on an 8237 channel. */
    ISASTREAM("isastream", "port", "irq", "dma", "ns_per_byte"),
    /** QEMU's PCI "edu" teaching device. */
    EDU("edu", "slot", "dma_mask");

    private final String specName;
    private final List<String> options;

    DeviceKind(String specName, String... options) {
        this.specName = specName;
        this.options = List.of(options);
    }

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
