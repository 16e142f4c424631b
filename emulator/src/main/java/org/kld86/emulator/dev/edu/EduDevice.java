package org.kld86.emulator.dev.edu;

import org.kld86.emulator.cpu.VirtualClock;
import org.kld86.emulator.dev.pci.BusMaster;
import org.kld86.emulator.dev.pci.PciDevice;
import org.kld86.emulator.dev.pci.PciHeader;
import org.kld86.emulator.memory.MmioHandler;

/**
 * QEMU's teaching device "edu" (QEMU {@code hw/misc/edu.c}, {@code docs/specs/edu.rst}; MACHINE-SEMANTICS.md
 * §3.5): a PCI function with a liveness check, a factorial unit, an interrupt raise/acknowledge pair and a DMA
 * engine with a 4 KiB buffer, all in one 1 MiB MMIO BAR. The register map is QEMU's bit for bit, so
 * kvm-unit-tests {@code lib/pci-edu.c} and edu.rst serve as its specification; the DMA engine is
 * {@link EduDmaEngine}.
 *
 * <pre>
 *   BAR0 offset  access  register
 *   0x00         R  4    identification 0xRRrr00ED: reads 0x010000ED (version 1.0)
 *   0x04         RW 4    liveness: reads return ~(last value written); 0 before any write
 *   0x08         RW 4    factorial: write n (ignored while computing); reads n!, mod 2^32, once done
 *   0x20         RW 4    status: bit 0 computing (RO), bit 7 raise IRQ 0x001 when a factorial completes
 *   0x24         R  4    interrupt status: the OR of the raised values
 *   0x60         W  4    interrupt raise: status |= value; INTx asserted while status != 0
 *   0x64         W  4    interrupt acknowledge: status &amp;= ~value; INTx deasserted when status == 0
 *   0x80-0xA7    RW 4/8  the DMA engine's registers ({@link EduDmaEngine})
 * </pre>
 *
 * <p>Access rules (QEMU {@code edu_mmio_read}/{@code edu_mmio_write}): below 0x80 only 4-byte accesses, from 0x80
 * up 4 or 8 bytes; any other width reads all-ones and is ignored. Offsets with no register read all-ones and
 * ignore writes, and so do the write-only registers when read; the DMA buffer is not visible through the BAR.
 *
 * <p>Timing. QEMU computes factorials on a host thread, so the result appears "some time" after the write; here
 * it appears exactly {@link #FACTORIAL_DELAY_NANOS} (10 µs) of virtual time after the write, from an event on the
 * {@link VirtualClock}. Until then 0x08 reads back n itself and status bit 0 reads 1, so a driver that does not
 * wait for the status bit reads a wrong answer, which is what the device is for.
 *
 * <p>Interrupts: INTA only, level-triggered; QEMU's MSI capability is not modelled. The handler must write the
 * bits it read from 0x24 to 0x64, or the line stays high and the interrupt comes straight back.
 *
 * <p>PCI identity: 1234:11E8, revision 0x10, and QEMU's class {@code PCI_CLASS_OTHERS} (0xFF) as QEMU writes it,
 * into the 16-bit class word: subclass 0xFF under base class 0x00, a class code register of 0x00FF00 that lspci
 * shows as "Unclassified device [00ff]".
 */
public final class EduDevice extends PciDevice {

    public static final int VENDOR_ID = 0x1234;
    public static final int DEVICE_ID = 0x11E8;
    public static final int REVISION_ID = 0x10;
    /** Base class 0x00, subclass 0xFF ({@code PCI_CLASS_OTHERS} in the class word), programming interface 0. */
    public static final int CLASS_CODE = 0x00FF00;
    public static final long BAR0_SIZE_BYTES = 1L << 20;

    public static final int REG_ID = 0x00;
    public static final int REG_LIVENESS = 0x04;
    public static final int REG_FACTORIAL = 0x08;
    public static final int REG_STATUS = 0x20;
    public static final int REG_IRQ_STATUS = 0x24;
    public static final int REG_IRQ_RAISE = 0x60;
    public static final int REG_IRQ_ACK = 0x64;

    /** The identification register: major version 1, minor 0, low byte 0xED. */
    public static final int ID = 0x010000ED;

    /** Status bit 0: a factorial is being computed (read-only). */
    public static final int STATUS_COMPUTING = 0x01;
    /** Status bit 7: raise {@link #IRQ_FACTORIAL} when the factorial completes. */
    public static final int STATUS_IRQ_FACTORIAL = 0x80;

    /** The interrupt status value a completed factorial raises. */
    public static final int IRQ_FACTORIAL = 0x001;
    /** The interrupt status value a completed DMA raises (when its command asked for it). */
    public static final int IRQ_DMA = 0x100;

    /** The virtual time from a write to 0x08 until its result is in place. */
    public static final long FACTORIAL_DELAY_NANOS = 10_000;

    /** QEMU's default {@code dma_mask}: 28 bits, 256 MiB. */
    public static final long DEFAULT_DMA_MASK = (1L << 28) - 1;

    private final VirtualClock clock;
    private final long factorialDelayCycles;
    private final EduDmaEngine dma;

    private int liveness;
    private int factorial;
    private int status;
    private int irqStatus;

    /** An edu device with QEMU's default 28-bit DMA mask. */
    public EduDevice(VirtualClock clock) {
        this(clock, DEFAULT_DMA_MASK);
    }

    /**
     * @param clock the machine clock on which the factorial unit and the DMA engine schedule their completions
     * @param dmaMask the mask applied to the RAM-side DMA address: a contiguous low mask {@code (1 << n) - 1},
     *     n from 1 to 64 (QEMU {@code -device edu,dma_mask=})
     * @throws IllegalArgumentException if the mask is zero or not contiguous from bit 0
     */
    public EduDevice(VirtualClock clock, long dmaMask) {
        super("edu", VENDOR_ID, DEVICE_ID, REVISION_ID, CLASS_CODE, PciHeader.PIN_INTA);
        if (dmaMask == 0 || (dmaMask & (dmaMask + 1)) != 0) {
            throw new IllegalArgumentException(String.format(
                    "edu DMA mask 0x%x is not a contiguous low mask (1 << n) - 1", dmaMask));
        }
        this.clock = clock;
        this.factorialDelayCycles = clock.cyclesForNanos(FACTORIAL_DELAY_NANOS);
        this.dma = new EduDmaEngine(this, clock, dmaMask);
        addMemoryBar(0, BAR0_SIZE_BYTES, new Bar0());
    }

    /** The DMA engine, for inspection (its registers and counters). */
    public EduDmaEngine dma() {
        return dma;
    }

    /** The interrupt status register (0x24). */
    public int irqStatus() {
        return irqStatus;
    }

    /** The status register (0x20). */
    public int status() {
        return status;
    }

    /** The edu's MMIO decoder: width checks, then one register. */
    private final class Bar0 implements MmioHandler {
        @Override
        public long read(long offset, int size) {
            if (!widthAllowed(offset, size)) {
                return -1L;
            }
            if (offset >= EduDmaEngine.FIRST_REGISTER) {
                return dma.read(offset);
            }
            return switch ((int) offset) {
                case REG_ID -> ID;
                case REG_LIVENESS -> Integer.toUnsignedLong(liveness);
                case REG_FACTORIAL -> Integer.toUnsignedLong(factorial);
                case REG_STATUS -> status;
                case REG_IRQ_STATUS -> Integer.toUnsignedLong(irqStatus);
                default -> -1L;
            };
        }

        @Override
        public void write(long offset, int size, long value) {
            if (!widthAllowed(offset, size)) {
                return;
            }
            if (offset >= EduDmaEngine.FIRST_REGISTER) {
                dma.write(offset, value);
                return;
            }
            int v = (int) value;
            switch ((int) offset) {
                case REG_LIVENESS -> liveness = ~v;
                case REG_FACTORIAL -> startFactorial(v);
                case REG_STATUS -> status = (status & ~STATUS_IRQ_FACTORIAL) | (v & STATUS_IRQ_FACTORIAL);
                case REG_IRQ_RAISE -> raiseIrq(v);
                case REG_IRQ_ACK -> ackIrq(v);
                default -> { } // read-only or no register: ignored
            }
        }
    }

    private static boolean widthAllowed(long offset, int size) {
        return offset < EduDmaEngine.FIRST_REGISTER ? size == 4 : size == 4 || size == 8;
    }

    // ---------------------------------------------------------------------------------------------------------
    // Factorial unit

    private void startFactorial(int n) {
        if ((status & STATUS_COMPUTING) != 0) {
            return; // edu.c: the write is ignored while a computation runs
        }
        factorial = n;
        status |= STATUS_COMPUTING;
        clock.schedule(factorialDelayCycles, this::finishFactorial);
    }

    private void finishFactorial() {
        factorial = factorial(factorial);
        status &= ~STATUS_COMPUTING;
        // The IRQ bit is looked at now, not at the write: a driver may set it while the unit computes.
        if ((status & STATUS_IRQ_FACTORIAL) != 0) {
            raiseIrq(IRQ_FACTORIAL);
        }
    }

    /**
     * n! modulo 2^32, n unsigned, as edu.c's {@code ret *= val--} loop computes it. The loop stops once the product
     * is 0 mod 2^32, which takes at most 64 steps (64 consecutive integers hold 32 even ones), rather than counting
     * down from up to 2^32 - 1; for every n from 34 on the result is 0 (34! holds 17 + 8 + 4 + 2 + 1 = 32 twos).
     */
    static int factorial(int n) {
        int product = 1;
        for (long k = Integer.toUnsignedLong(n); k > 0 && product != 0; k--) {
            product *= (int) k;
        }
        return product;
    }

    // ---------------------------------------------------------------------------------------------------------
    // Interrupts

    /** ORs {@code bits} into the interrupt status; INTx follows "status != 0" (edu.c {@code edu_raise_irq}). */
    void raiseIrq(int bits) {
        irqStatus |= bits;
        setIntx(irqStatus != 0);
    }

    private void ackIrq(int bits) {
        irqStatus &= ~bits;
        setIntx(irqStatus != 0);
    }

    /** The bus-master path, for the DMA engine. */
    BusMaster bus() {
        return busMaster();
    }
}
