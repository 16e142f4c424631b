package org.kld86.emulator.dev.pci;

/**
 * The layout of a PCI type 0 configuration header: register offsets and bits, named as in the PCI Local Bus
 * Specification 3.0 §6.1 (and Linux/QEMU {@code pci_regs.h}).
 *
 * <pre>
 *   31            24 23            16 15             8 7              0
 *  +----------------+----------------+----------------+----------------+
 *  |           device ID             |           vendor ID             | 0x00
 *  +---------------------------------+---------------------------------+
 *  |           status                |           command               | 0x04
 *  +----------------+----------------+----------------+----------------+
 *  |  base class    |   subclass     |   prog. if.    |  revision ID   | 0x08
 *  +----------------+----------------+----------------+----------------+
 *  |     BIST       |  header type   | latency timer  | cache line size| 0x0C
 *  +----------------+----------------+----------------+----------------+
 *  |                  base address registers 0-5                       | 0x10-0x27
 *  +-------------------------------------------------------------------+
 *  |                  CardBus CIS pointer                              | 0x28
 *  +---------------------------------+---------------------------------+
 *  |           subsystem ID          |      subsystem vendor ID        | 0x2C
 *  +---------------------------------+---------------------------------+
 *  |                  expansion ROM base address                       | 0x30
 *  +--------------------------------------------------+----------------+
 *  |                  reserved                        | capabilities   | 0x34
 *  +--------------------------------------------------+----------------+
 *  |                  reserved                                         | 0x38
 *  +----------------+----------------+----------------+----------------+
 *  |    max_lat     |    min_gnt     | interrupt pin  | interrupt line | 0x3C
 *  +----------------+----------------+----------------+----------------+
 *  |                  device-specific, up to 0xFF                      | 0x40
 * </pre>
 *
 * <p>A 32-bit memory BAR:
 * <pre>
 *   31                                           4    3    2  1    0
 *  +----------------------------------------------+----+------+----+
 *  | base address (the low log2(size) bits RO 0)  | PF | type | 0  |
 *  +----------------------------------------------+----+------+----+
 *   PF = prefetchable, type 00 = 32-bit, bit 0 = 0: memory space
 * </pre>
 */
public final class PciHeader {

    private PciHeader() {
    }

    /** The size of a conventional PCI configuration space. */
    public static final int CONFIG_SPACE_SIZE = 256;

    public static final int VENDOR_ID = 0x00;
    public static final int DEVICE_ID = 0x02;
    public static final int COMMAND = 0x04;
    public static final int STATUS = 0x06;
    public static final int REVISION_ID = 0x08;
    /** The 24-bit class code: programming interface at 0x09, subclass at 0x0A, base class at 0x0B. */
    public static final int CLASS_CODE = 0x09;
    public static final int CACHE_LINE_SIZE = 0x0C;
    public static final int LATENCY_TIMER = 0x0D;
    public static final int HEADER_TYPE = 0x0E;
    public static final int BIST = 0x0F;
    public static final int BAR0 = 0x10;
    public static final int BAR_COUNT = 6;
    public static final int SUBSYSTEM_VENDOR_ID = 0x2C;
    public static final int SUBSYSTEM_ID = 0x2E;
    public static final int ROM_ADDRESS = 0x30;
    public static final int CAPABILITIES = 0x34;
    public static final int INTERRUPT_LINE = 0x3C;
    public static final int INTERRUPT_PIN = 0x3D;

    /** Header type 0: a device, not a bridge; bit 7 (multi-function) clear. */
    public static final int HEADER_TYPE_NORMAL = 0x00;

    /** Command bit 0: the device decodes its I/O BARs. */
    public static final int COMMAND_IO = 0x0001;
    /** Command bit 1: the device decodes its memory BARs. */
    public static final int COMMAND_MEMORY = 0x0002;
    /** Command bit 2: the device may master the bus (DMA). */
    public static final int COMMAND_MASTER = 0x0004;
    /** Command bit 10: the device's INTx output is masked. */
    public static final int COMMAND_INTX_DISABLE = 0x0400;

    /** Status bit 3: the device's INTx request, before the Interrupt Disable mask (RO). */
    public static final int STATUS_INTERRUPT = 0x0008;

    /** BAR bit 0: 1 = I/O space, 0 = memory space. */
    public static final int BAR_SPACE_IO = 0x1;
    /** The read-only type and prefetchable bits at the bottom of a memory BAR. */
    public static final int BAR_MEM_FLAGS = 0xF;

    /** Interrupt pin values: 0 = none, 1 = INTA ... 4 = INTD. */
    public static final int PIN_NONE = 0;
    public static final int PIN_INTA = 1;

    /** The configuration offset of BAR {@code index}. */
    public static int bar(int index) {
        return BAR0 + 4 * index;
    }
}
