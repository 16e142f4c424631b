package org.kld86.emulator.dev.pci;

import java.util.ArrayList;
import java.util.List;
import org.kld86.emulator.dev.IrqLine;
import org.kld86.emulator.io.IoPortSpace;
import org.kld86.emulator.memory.PhysicalMemory;

/**
 * PCI bus 0: 32 device slots behind the host bridge, reached by configuration mechanism #1 at ports
 * 0xCF8/0xCFC-0xCFF, with memory BARs decoded in the machine's physical address map.
 *
 * <p>The bus is built with its host bridge, an {@link I440fxHostBridge}, at 00:00.0. The machine then
 * {@linkplain #attach attaches} each device with the {@link IrqLine} its INTA pin is wired to: which interrupt
 * controller input that is (the PIIX PIRQ routing on a real PC) is the machine's decision, not the bus's. A
 * configuration read of an empty slot, of a function other than 0, or of a bus other than 0 returns all-ones,
 * which is how software sees that nothing is there (vendor ID 0xFFFF).
 */
public final class PciBus {

    public static final int SLOT_COUNT = 32;
    public static final int HOST_BRIDGE_SLOT = 0;

    private final PhysicalMemory memory;
    private final PciDevice[] slots = new PciDevice[SLOT_COUNT];
    private final ConfigMechanism1 configMechanism;
    private final I440fxHostBridge hostBridge = new I440fxHostBridge();

    /**
     * Builds bus 0 with its host bridge and claims the configuration ports.
     *
     * @throws IllegalArgumentException if port 0xCF8 or 0xCFC-0xCFF is already claimed
     */
    public PciBus(IoPortSpace ports, PhysicalMemory memory) {
        this.memory = memory;
        this.configMechanism = new ConfigMechanism1(this);
        ports.claim("pci config address", ConfigMechanism1.CONFIG_ADDRESS_PORT, 1, configMechanism);
        ports.claim("pci config data", ConfigMechanism1.CONFIG_DATA_PORT, 4, configMechanism);
        attach(HOST_BRIDGE_SLOT, hostBridge, IrqLine.NONE);
    }

    /**
     * Plugs {@code device} into {@code slot} with its INTA pin wired to {@code inta}.
     *
     * @throws IllegalArgumentException if the slot is not 0-31 or is taken, or the device is already on a bus
     */
    public void attach(int slot, PciDevice device, IrqLine inta) {
        if (slot < 0 || slot >= SLOT_COUNT) {
            throw new IllegalArgumentException("PCI slot " + slot + " is not 0-31");
        }
        if (slots[slot] != null) {
            throw new IllegalArgumentException(String.format(
                    "PCI slot %d is already taken by %s", slot, slots[slot]));
        }
        if (device == null || inta == null) {
            throw new IllegalArgumentException("PCI slot " + slot + ": device and INTA line must not be null");
        }
        device.plug(this, slot, inta);
        slots[slot] = device;
    }

    /** The device in {@code slot}, or null if the slot is empty. */
    public PciDevice device(int slot) {
        return slot >= 0 && slot < SLOT_COUNT ? slots[slot] : null;
    }

    /** The attached devices in slot order, the host bridge first. */
    public List<PciDevice> devices() {
        List<PciDevice> list = new ArrayList<>();
        for (PciDevice d : slots) {
            if (d != null) {
                list.add(d);
            }
        }
        return list;
    }

    public I440fxHostBridge hostBridge() {
        return hostBridge;
    }

    /** The configuration port decoder, for inspection (its CONFIG_ADDRESS latch). */
    public ConfigMechanism1 configMechanism() {
        return configMechanism;
    }

    PhysicalMemory memory() {
        return memory;
    }

    /** A configuration read cycle; all-ones when no function answers. */
    int configRead(int busNumber, int slot, int function, int offset, int size) {
        PciDevice d = target(busNumber, slot, function);
        return d == null ? -1 : d.configRead(offset, size);
    }

    /** A configuration write cycle; dropped when no function answers. */
    void configWrite(int busNumber, int slot, int function, int offset, int size, int value) {
        PciDevice d = target(busNumber, slot, function);
        if (d != null) {
            d.configWrite(offset, size, value);
        }
    }

    private PciDevice target(int busNumber, int slot, int function) {
        return busNumber == 0 && function == 0 ? slots[slot] : null;
    }
}
