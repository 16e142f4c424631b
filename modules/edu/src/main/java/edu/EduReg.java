package edu;

/**
 * edureg.h: the edu device's identity and its registers in BAR0, as QEMU's docs/specs/edu.rst and
 * kvm-unit-tests lib/pci-edu.h name them. Every register below 0x80 takes 4-byte accesses only; the DMA
 * registers are 64 bits wide, and a 4-byte write sets the whole register, zero-extended, which is all a
 * 32-bit physical address needs.
 *
 * <pre>
 *   0x00  R   identification 0xRRrr00ed: major, minor, 0x00, 0xed
 *   0x04  RW  liveness: reads back the complement of the last value written
 *   0x08  RW  factorial: write n; reads n! once status bit 0 clears
 *   0x20  RW  status: bit 0 computing (read-only), bit 7 raise interrupt 0x001 when the factorial is done
 *   0x24  R   interrupt status: the OR of the raised values
 *   0x60  W   interrupt raise
 *   0x64  W   interrupt acknowledge: clears the bits written; INTx drops when none is left
 *   0x80  RW  DMA source address        0x88  RW  DMA destination address
 *   0x90  RW  DMA count                 0x98  RW  DMA command
 *
 *   DMA command:  bit 0  start (reads 1 while the transfer runs)
 *                 bit 1  direction: 0 RAM to device, 1 device to RAM
 *                 bit 2  raise interrupt 0x100 when the transfer is done
 * </pre>
 *
 * The device's side of a transfer is its 4 KiB buffer at device address 0x40000; the RAM side is a physical
 * address the device reaches with a 28-bit DMA mask (QEMU's default {@code dma_mask}), so below 256 MiB.
 */
final class EduReg {

    private EduReg() {
    }

    static final int EDU_VENDOR_ID = 0x1234;
    static final int EDU_DEVICE_ID = 0x11e8;

    static final int EDU_ID = 0x00;
    static final int EDU_LIVENESS = 0x04;
    static final int EDU_FACTORIAL = 0x08;
    static final int EDU_STATUS = 0x20;
    static final int EDU_INTR_STATUS = 0x24;
    static final int EDU_INTR_RAISE = 0x60;
    static final int EDU_INTR_ACK = 0x64;
    static final int EDU_DMA_SRC = 0x80;
    static final int EDU_DMA_DST = 0x88;
    static final int EDU_DMA_CNT = 0x90;
    static final int EDU_DMA_CMD = 0x98;

    /** The low byte of the identification register. */
    static final int EDU_ID_MAGIC = 0xed;

    static final int EDU_STATUS_COMPUTING = 0x01;
    static final int EDU_STATUS_IRQFACT = 0x80;

    /** Interrupt status values: a factorial finished, a DMA transfer finished. */
    static final int EDU_INTR_FACT = 0x001;
    static final int EDU_INTR_DMA = 0x100;

    static final int EDU_DMA_RUN = 0x1;
    static final int EDU_DMA_FROM_DEVICE = 0x2;
    static final int EDU_DMA_TO_DEVICE = 0x0;
    static final int EDU_DMA_IRQ = 0x4;

    /** The device's DMA buffer: its device address and size. */
    static final long EDU_BUF_ADDR = 0x40000;
    static final int EDU_BUF_SIZE = 4096;

    /** The highest physical address the device's 28-bit DMA mask reaches. */
    static final long EDU_DMA_MASK = (1L << 28) - 1;
}
