package org.kld86.kernel.intr;

import org.kld86.emulator.cpu.Cpu;

/**
 * The kernel's driver for the 8259A pair (FreeBSD sys/x86/isa/atpic.c), through port I/O only: which lines are
 * masked, which are level-triggered, and the end-of-interrupt commands. The kernel programmed the pair at boot
 * (vectors 0x20-0x2F, every line masked but the cascade); this class takes over from there.
 *
 * <pre>
 *   OCW1 (IMR)  0x21 / 0xA1   bit n set: line n masked
 *   OCW2        0x20 / 0xA0   0x20: non-specific EOI
 *   OCW3        0x20 / 0xA0   0x0A: reads return IRR; 0x0B: reads return ISR
 *   ELCR        0x4D0 / 0x4D1 bit n set: line n level-triggered (PCI INTx); clear: edge (ISA)
 * </pre>
 *
 * <p>An interrupt from the slave (IRQ 8-15) is in service on both chips, so its EOI goes to the slave first and
 * then to the master (atpic_eoi_slave). Masking for an interrupt thread is done only for level-triggered lines
 * (atpic_disable_source): a level line that is not masked until its thread has quieted the device would
 * interrupt again at once, while an edge line cannot, and masking it could lose the next edge.
 */
final class Atpic {

    static final int MASTER_PORT = 0x20;
    static final int SLAVE_PORT = 0xA0;
    static final int IMR_OFFSET = 1;
    static final int ELCR_PORT = 0x4D0;
    static final int OCW2_EOI = 0x20;
    static final int OCW3_READ_IRR = 0x0A;
    static final int OCW3_READ_ISR = 0x0B;
    /** The master input the slave cascades into; never masked, never given to a driver. */
    static final int SLAVE_ID = 2;
    static final int LINES = 16;

    private final Cpu cpu;
    /** The shadow of both IMRs, master in bits 0-7 (at_imen). */
    private int imen;
    /** The ELCR as the firmware left it: bit n set if line n is level-triggered. */
    private final int levelLines;

    Atpic(Cpu cpu) {
        this.cpu = cpu;
        this.imen = cpu.in8(MASTER_PORT + IMR_OFFSET) | cpu.in8(SLAVE_PORT + IMR_OFFSET) << 8;
        this.levelLines = cpu.in8(ELCR_PORT) | cpu.in8(ELCR_PORT + 1) << 8;
    }

    /** Whether line {@code irq} is level-triggered (elcr_read_trigger). */
    boolean level(int irq) {
        return (levelLines & 1 << irq) != 0;
    }

    boolean masked(int irq) {
        return (imen & 1 << irq) != 0;
    }

    /** atpic_enable_source: unmasks the line. */
    void enable(int irq) {
        if (masked(irq)) {
            imen &= ~(1 << irq);
            writeImr(irq);
        }
    }

    /** Masks the line whatever its trigger mode (the line has no handler left). */
    void mask(int irq) {
        if (!masked(irq)) {
            imen |= 1 << irq;
            writeImr(irq);
        }
    }

    /**
     * atpic_disable_source(PIC_EOI): before an interrupt thread runs, a level-triggered line is masked (until
     * {@link #enable} after the thread), then the interrupt is acknowledged.
     */
    void disableAndEoi(int irq) {
        if (level(irq)) {
            mask(irq);
        }
        eoi(irq);
    }

    /** Non-specific EOI: to the slave and then the master for IRQ 8-15, to the master alone for 0-7. */
    void eoi(int irq) {
        if (irq >= 8) {
            cpu.out8(SLAVE_PORT, OCW2_EOI);
        }
        cpu.out8(MASTER_PORT, OCW2_EOI);
    }

    /**
     * The end of a spurious IRQ 15: the slave had nothing, but the master put its cascade input in service during
     * the INTA cycle, so the master alone gets an EOI (Linux's i8259 does this; leaving it would block the slave).
     */
    void eoiCascade() {
        cpu.out8(MASTER_PORT, OCW2_EOI);
    }

    /**
     * Whether {@code irq} is really in service, read from the ISR. A vector 7 or 15 with nothing in service is
     * the 8259's spurious interrupt (the request went away before INTA): it must not be acknowledged.
     */
    boolean inService(int irq) {
        int port = irq >= 8 ? SLAVE_PORT : MASTER_PORT;
        cpu.out8(port, OCW3_READ_ISR);
        int isr = cpu.in8(port);
        cpu.out8(port, OCW3_READ_IRR);
        return (isr & 1 << (irq & 7)) != 0;
    }

    private void writeImr(int irq) {
        if (irq >= 8) {
            cpu.out8(SLAVE_PORT + IMR_OFFSET, imen >>> 8);
        } else {
            cpu.out8(MASTER_PORT + IMR_OFFSET, imen & 0xFF);
        }
    }
}
