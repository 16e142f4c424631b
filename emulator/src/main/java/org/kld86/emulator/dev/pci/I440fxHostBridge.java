package org.kld86.emulator.dev.pci;

/**
 * The host bridge at 00:00.0: the function through which the CPU reaches bus 0, identified as the Intel 440FX
 * PMC that QEMU's {@code pc} machine has (8086:1237, revision 0x02, class 0x060000 "host bridge").
 *
 * <p>Drivers and firmware find it first when they scan the bus and check it is there. Its chipset registers
 * (PAM, SMRAM, DRAM rows) are not modelled: the memory map is fixed when the machine is built. It has no BARs and
 * no interrupt pin.
 */
public final class I440fxHostBridge extends PciDevice {

    public static final int VENDOR_ID = 0x8086;
    public static final int DEVICE_ID = 0x1237;
    public static final int REVISION_ID = 0x02;
    /** Base class 0x06 (bridge), subclass 0x00 (host bridge), programming interface 0x00. */
    public static final int CLASS_CODE = 0x060000;

    public I440fxHostBridge() {
        super("i440fx", VENDOR_ID, DEVICE_ID, REVISION_ID, CLASS_CODE, PciHeader.PIN_NONE);
    }
}
