package org.kld86.emulator.dev.pci;

import org.kld86.emulator.dev.IrqLine;
import org.kld86.emulator.memory.MmioHandler;
import org.kld86.emulator.memory.MmioWindow;

/**
 * A conventional PCI function with a type 0 header: its 256-byte configuration space, the masks that keep
 * read-only fields read-only, its memory BARs, the command register's decode and bus-master gates, and its
 * INTx pin.
 *
 * <p>Writes go through a per-byte write mask, as in QEMU {@code hw/pci/pci.c} {@code pci_default_write_config}:
 * {@code new = (old & ~wmask) | (value & wmask)}. Writable here are the command bits I/O Space, Memory Space,
 * Bus Master Enable and Interrupt Disable (QEMU {@code pci_init_wmask}), the cache line size, the interrupt line
 * and the address bits of each implemented BAR. Everything else, identity, class, header type, interrupt pin,
 * status and the unimplemented BARs, is read-only; the status register has no write-1-to-clear bits because
 * no device here signals errors.
 *
 * <p>A subclass describes itself in its constructor (identity, class, pin, {@link #addMemoryBar BARs}) and
 * then acts through {@link #setIntx(boolean)} and {@link #busMaster()}. A device is plugged into exactly one
 * {@link PciBus}, by {@link PciBus#attach}; until then it has no windows and no bus-master path.
 *
 * <p>What is not modelled: I/O BARs, 64-bit and prefetchable BARs, the expansion ROM, capabilities (and so MSI),
 * multi-function devices, and reset.
 */
public abstract class PciDevice {

    private final String name;
    private final byte[] config = new byte[PciHeader.CONFIG_SPACE_SIZE];
    private final byte[] writeMask = new byte[PciHeader.CONFIG_SPACE_SIZE];
    private final MemoryBar[] bars = new MemoryBar[PciHeader.BAR_COUNT];

    private PciBus bus;
    private int slot = -1;
    private IrqLine inta = IrqLine.NONE;
    private BusMaster busMaster;
    /** The level the device asks for on its pin, before Interrupt Disable. */
    private boolean intxRequest;
    /** The level on the wire: the request unless Interrupt Disable masks it. */
    private boolean intxOutput;

    /**
     * @param name a short name for the device, used in window names and messages
     * @param vendorId the 16-bit vendor ID
     * @param deviceId the 16-bit device ID
     * @param revisionId the 8-bit revision ID
     * @param classCode the 24-bit class code: base class, subclass, programming interface
     * @param interruptPin 0 for none, 1-4 for INTA-INTD
     */
    protected PciDevice(String name, int vendorId, int deviceId, int revisionId, int classCode, int interruptPin) {
        checkField("vendor ID", vendorId, 0xFFFF);
        checkField("device ID", deviceId, 0xFFFF);
        checkField("revision ID", revisionId, 0xFF);
        checkField("class code", classCode, 0xFFFFFF);
        if (vendorId == 0xFFFF) {
            throw new IllegalArgumentException(name + ": vendor ID 0xFFFF means no device is present");
        }
        if (interruptPin < 0 || interruptPin > 4) {
            throw new IllegalArgumentException(name + ": interrupt pin " + interruptPin + " is not 0-4");
        }
        this.name = name;
        store(PciHeader.VENDOR_ID, 2, vendorId);
        store(PciHeader.DEVICE_ID, 2, deviceId);
        store(PciHeader.REVISION_ID, 1, revisionId);
        store(PciHeader.CLASS_CODE, 3, classCode);
        store(PciHeader.HEADER_TYPE, 1, PciHeader.HEADER_TYPE_NORMAL);
        store(PciHeader.INTERRUPT_PIN, 1, interruptPin);

        storeMask(PciHeader.COMMAND, 2, PciHeader.COMMAND_IO | PciHeader.COMMAND_MEMORY
                | PciHeader.COMMAND_MASTER | PciHeader.COMMAND_INTX_DISABLE);
        storeMask(PciHeader.CACHE_LINE_SIZE, 1, 0xFF);
        storeMask(PciHeader.INTERRUPT_LINE, 1, 0xFF);
    }

    private void checkField(String field, int value, int max) {
        if (value < 0 || value > max) {
            throw new IllegalArgumentException(String.format("%s 0x%x does not fit in %d bits",
                    field, value, Integer.bitCount(max)));
        }
    }

    /**
     * Declares a 32-bit memory BAR of {@code sizeBytes} (a power of two, 4 KiB to 2 GiB) served by
     * {@code handler}. Call it from the subclass constructor, before the device is attached.
     */
    protected final void addMemoryBar(int index, long sizeBytes, MmioHandler handler) {
        if (bus != null) {
            throw new IllegalStateException(name + ": BARs are fixed once the device is on a bus");
        }
        MemoryBar bar = new MemoryBar(index, sizeBytes, handler);
        if (bars[index] != null) {
            throw new IllegalArgumentException(name + ": BAR" + index + " is declared twice");
        }
        bars[index] = bar;
        storeMask(PciHeader.bar(index), 4, bar.writeMask());
    }

    /** Called by {@link PciBus#attach}: creates the windows and the bus-master path, connects the pin. */
    final void plug(PciBus bus, int slot, IrqLine inta) {
        if (this.bus != null) {
            throw new IllegalArgumentException(name + " is already attached at " + address());
        }
        this.bus = bus;
        this.slot = slot;
        this.inta = inta;
        this.busMaster = new BusMaster(this, bus.memory());
        for (MemoryBar bar : bars) {
            if (bar != null) {
                bar.plug(bus.memory(), address() + " " + name);
            }
        }
        if (intxOutput) {
            inta.set(true);
        }
    }

    // ---------------------------------------------------------------------------------------------------------
    // Identity

    public final String name() {
        return name;
    }

    /** The device number on bus 0, or -1 before the device is attached. */
    public final int slot() {
        return slot;
    }

    /** The bus:device.function address, as lspci prints it ("00:03.0"). */
    public final String address() {
        return slot < 0 ? "--:--.-" : String.format("00:%02x.0", slot);
    }

    public final int vendorId() {
        return load(PciHeader.VENDOR_ID, 2);
    }

    public final int deviceId() {
        return load(PciHeader.DEVICE_ID, 2);
    }

    public final int interruptPin() {
        return load(PciHeader.INTERRUPT_PIN, 1);
    }

    // ---------------------------------------------------------------------------------------------------------
    // Configuration space

    /**
     * A configuration read of {@code size} (1, 2 or 4) bytes at {@code offset}, little-endian.
     *
     * @throws IllegalArgumentException for a size or an offset outside the 256-byte space (a host error: the
     *     configuration mechanism never produces one)
     */
    public final int configRead(int offset, int size) {
        checkAccess(offset, size);
        return load(offset, size);
    }

    /**
     * A configuration write of the low {@code 8 * size} bits of {@code value} at {@code offset}, through the write
     * mask; then the side effects of the command register and the BARs, as on hardware.
     */
    public final void configWrite(int offset, int size, int value) {
        checkAccess(offset, size);
        boolean wasIntxDisabled = intxDisabled();
        for (int i = 0; i < size; i++) {
            int m = writeMask[offset + i];
            config[offset + i] = (byte) ((config[offset + i] & ~m) | ((value >>> (8 * i)) & m));
        }
        boolean touchesCommand = overlaps(offset, size, PciHeader.COMMAND, 2);
        if (touchesCommand || overlaps(offset, size, PciHeader.BAR0, 4 * PciHeader.BAR_COUNT)) {
            updateMappings();
        }
        if (touchesCommand && wasIntxDisabled != intxDisabled()) {
            driveIntx();
        }
    }

    private static void checkAccess(int offset, int size) {
        if (size != 1 && size != 2 && size != 4) {
            throw new IllegalArgumentException("configuration access size must be 1, 2 or 4, not " + size);
        }
        if (offset < 0 || offset + size > PciHeader.CONFIG_SPACE_SIZE) {
            throw new IllegalArgumentException(String.format(
                    "configuration access of %d bytes at 0x%x leaves the 256-byte space", size, offset));
        }
    }

    private static boolean overlaps(int offset, int size, int first, int count) {
        return offset < first + count && first < offset + size;
    }

    private void updateMappings() {
        boolean memoryOn = memorySpaceEnabled();
        for (MemoryBar bar : bars) {
            if (bar != null) {
                bar.update(load(PciHeader.bar(bar.index()), 4), memoryOn);
            }
        }
    }

    private int load(int offset, int size) {
        int v = 0;
        for (int i = 0; i < size; i++) {
            v |= (config[offset + i] & 0xFF) << (8 * i);
        }
        return v;
    }

    private void store(int offset, int size, int value) {
        for (int i = 0; i < size; i++) {
            config[offset + i] = (byte) (value >>> (8 * i));
        }
    }

    private void storeMask(int offset, int size, int mask) {
        for (int i = 0; i < size; i++) {
            writeMask[offset + i] = (byte) (mask >>> (8 * i));
        }
    }

    // ---------------------------------------------------------------------------------------------------------
    // Command register

    public final int command() {
        return load(PciHeader.COMMAND, 2);
    }

    public final boolean memorySpaceEnabled() {
        return (command() & PciHeader.COMMAND_MEMORY) != 0;
    }

    public final boolean busMasterEnabled() {
        return (command() & PciHeader.COMMAND_MASTER) != 0;
    }

    public final boolean intxDisabled() {
        return (command() & PciHeader.COMMAND_INTX_DISABLE) != 0;
    }

    // ---------------------------------------------------------------------------------------------------------
    // BARs

    /** BAR {@code index}'s size in bytes, or 0 if the BAR is not implemented. */
    public final long barSizeBytes(int index) {
        MemoryBar bar = bars[index];
        return bar == null ? 0 : bar.sizeBytes();
    }

    /** BAR {@code index}'s window in the physical map, or null if the BAR is not implemented or not yet on a bus. */
    public final MmioWindow barWindow(int index) {
        MemoryBar bar = bars[index];
        return bar == null ? null : bar.window();
    }

    // ---------------------------------------------------------------------------------------------------------
    // Bus mastering and INTx

    /**
     * The device's path to memory as a bus master; gated by Bus Master Enable.
     *
     * @throws IllegalStateException before the device is attached
     */
    protected final BusMaster busMaster() {
        if (busMaster == null) {
            throw new IllegalStateException(name + " is not attached to a PCI bus");
        }
        return busMaster;
    }

    /**
     * Drives the device's INTx request. The pin is level-triggered and shared-capable: the device holds it high
     * for as long as it has a reason to interrupt. Status bit 3 follows the request; the wire follows it unless
     * command bit 10 (Interrupt Disable) is set (QEMU {@code pci_irq_handler}).
     */
    protected final void setIntx(boolean level) {
        if (level == intxRequest) {
            return;
        }
        intxRequest = level;
        int status = load(PciHeader.STATUS, 2);
        store(PciHeader.STATUS, 2, level ? status | PciHeader.STATUS_INTERRUPT : status & ~PciHeader.STATUS_INTERRUPT);
        driveIntx();
    }

    /** The device's INTx request, before Interrupt Disable (status bit 3). */
    public final boolean intxRequested() {
        return intxRequest;
    }

    private void driveIntx() {
        boolean out = intxRequest && !intxDisabled();
        if (out != intxOutput) {
            intxOutput = out;
            inta.set(out);
        }
    }

    @Override
    public String toString() {
        return String.format("%s %s [%04x:%04x]", address(), name, vendorId(), deviceId());
    }
}
