package org.kld86.emulator.dev.pci;

import org.kld86.emulator.memory.MmioHandler;

/**
 * A minimal PCI function for the bus tests: vendor 0x1B36 (Red Hat, QEMU's test devices), device 0x0005, class
 * 0x00FF00, INTA, and memory BARs of the sizes asked for. Every BAR reads {@code 0x5C000000 | offset} and
 * remembers the last write, so a test can tell the device answered and at which offset.
 */
final class ScratchDevice extends PciDevice {

    static final int VENDOR_ID = 0x1B36;
    static final int DEVICE_ID = 0x0005;
    static final int CLASS_CODE = 0x00FF00;

    long lastWriteOffset = -1;
    long lastWriteValue;

    /** @param barSizes the size of BAR i, or 0 for an unimplemented BAR */
    ScratchDevice(long... barSizes) {
        super("scratch", VENDOR_ID, DEVICE_ID, 0x01, CLASS_CODE, PciHeader.PIN_INTA);
        MmioHandler handler = new MmioHandler() {
            @Override
            public long read(long offset, int size) {
                return 0x5C000000L | offset;
            }

            @Override
            public void write(long offset, int size, long value) {
                lastWriteOffset = offset;
                lastWriteValue = value;
            }
        };
        for (int i = 0; i < barSizes.length; i++) {
            if (barSizes[i] != 0) {
                addMemoryBar(i, barSizes[i], handler);
            }
        }
    }

    /** Drives the INTx request, as a device's own logic would. */
    void interrupt(boolean level) {
        setIntx(level);
    }

    /** The device's bus-master path, as its DMA engine would use it. */
    BusMaster dma() {
        return busMaster();
    }
}
