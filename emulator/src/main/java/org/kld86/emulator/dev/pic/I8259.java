package org.kld86.emulator.dev.pic;

import org.kld86.emulator.dev.IrqLine;

/**
 * One 8259A programmable interrupt controller: eight request inputs, the IRR/ISR/IMR registers, the priority
 * resolver, the ICW1-ICW4 initialization sequence and the OCW1-OCW3 commands, and an INT output. Two of these,
 * wired master and slave, make the PC's {@link I8259Pair}, which also runs the INTA cycle across both.
 *
 * <p>The behaviour is QEMU's ({@code hw/intc/i8259.c}, {@code i8259_common.c}), which follows the Intel
 * 8259A datasheet, with one difference stated where it matters: edge detection looks at real transitions of
 * the input wire, so after ICW1 a line that is already high must go low and high again before it requests,
 * as the datasheet says ("the edge sense circuit is reset").
 *
 * <p>Priority: the resolver scans from the highest-priority input, which is {@code priorityAdd} (0 after
 * init, moved by the rotate commands). A request interrupts when it is unmasked and strictly outranks every
 * in-service level (fully nested mode).
 *
 * <pre>
 *   ICW1  command port, bit 4 = 1       7-5: 0  4: 1  3: LTIM (all level)  2: ADI  1: SNGL  0: IC4
 *   ICW2  data port, after ICW1         7-3: vector base (vector = base + input)  2-0: ignored
 *   ICW3  data port, unless SNGL        master: inputs with a slave (0x04); slave: its ID (0x02)
 *   ICW4  data port, if IC4             4: SFNM  3-2: buffered mode  1: AEOI  0: 8086 mode
 *   OCW1  data port                     IMR: bit n set masks input n
 *   OCW2  command port, bits 4-3 = 00   7-5: R SL EOI  2-0: level, for the specific commands
 *                                       0x20 EOI, 0x60|n specific EOI, 0xA0 / 0xE0|n rotate on EOI,
 *                                       0xC0|n set lowest priority, 0x80 / 0x00 rotate in AEOI on / off
 *   OCW3  command port, bits 4-3 = 01   6-5: ESMM SMM (special mask)  2: P (poll)  1-0: RR RIS (IRR / ISR)
 * </pre>
 */
final class I8259 {

    /** INTA found nothing to acknowledge. */
    static final int NONE = -1;

    private final boolean master;
    /** ELCR bits that may be set (QEMU {@code elcr_mask}): the PC hard-wires some inputs to edge mode. */
    private final int elcrMask;
    /** The INT pin: the CPU's INTR for the master, master input 2 for the slave. */
    private final IrqLine intOut;

    /** The input wires as the devices drive them now. */
    private int lineLevels;
    private int irr;
    private int imr;
    private int isr;
    private int elcr;
    /** ICW1.LTIM: every input level-triggered, whatever the ELCR says. */
    private boolean ltim;
    /** The input with the highest priority (QEMU {@code priority_add}). */
    private int priorityAdd;
    private int vectorBase;
    private boolean readIsr;
    private boolean poll;
    private boolean specialMask;
    /** 0: operational; 1, 2, 3: the next data-port write is ICW2, ICW3, ICW4. */
    private int initState;
    private boolean needIcw4;
    private boolean singleMode;
    private boolean autoEoi;
    private boolean rotateOnAutoEoi;
    private boolean specialFullyNested;
    private boolean intOutLevel;

    I8259(boolean master, int elcrMask, IrqLine intOut) {
        this.master = master;
        this.elcrMask = elcrMask;
        this.intOut = intOut;
    }

    // ---------------------------------------------------------------------------------------------------------
    // Inputs and output

    /** A device drives input {@code irq} (0-7) to {@code high}. */
    void setInput(int irq, boolean high) {
        int bit = 1 << irq;
        boolean wasHigh = (lineLevels & bit) != 0;
        lineLevels = high ? lineLevels | bit : lineLevels & ~bit;
        if ((levelMask() & bit) != 0) {
            irr = high ? irr | bit : irr & ~bit; // level mode: IRR follows the wire
        } else if (high && !wasHigh) {
            irr |= bit; // edge mode: latch the rising edge
        }
        updateOutput();
    }

    /** Whether INT is asserted. */
    boolean output() {
        return intOutLevel;
    }

    /**
     * The input that would be acknowledged now, or {@link #NONE}: the highest-priority unmasked request, if it
     * outranks everything in service (QEMU {@code pic_get_irq}).
     */
    int pendingIrq() {
        int request = priorityOf(irr & ~imr);
        if (request == 8) {
            return NONE;
        }
        int inService = isr;
        if (specialMask) {
            inService &= ~imr; // special mask mode: a masked level no longer blocks the lower ones
        }
        if (specialFullyNested && master) {
            inService &= ~(1 << 2); // the slave's own priorities decide among its inputs
        }
        return request < priorityOf(inService) ? (request + priorityAdd) & 7 : NONE;
    }

    /** The INTA cycle for input {@code irq}: put it in service (unless AEOI) and clear an edge request. */
    void acknowledge(int irq) {
        int bit = 1 << irq;
        if (autoEoi) {
            if (rotateOnAutoEoi) {
                priorityAdd = (irq + 1) & 7;
            }
        } else {
            isr |= bit;
        }
        // A level request stays in IRR for as long as the wire is high; only an edge request is consumed.
        if ((levelMask() & bit) == 0) {
            irr &= ~bit;
        }
        updateOutput();
    }

    int vectorBase() {
        return vectorBase;
    }

    private void updateOutput() {
        boolean out = pendingIrq() != NONE;
        if (out != intOutLevel) {
            intOutLevel = out;
            intOut.set(out);
        }
    }

    /** Priority rank (0 = highest) of the best input in {@code mask}, or 8 if none (QEMU {@code get_priority}). */
    private int priorityOf(int mask) {
        if (mask == 0) {
            return 8;
        }
        int rank = 0;
        while ((mask & (1 << ((rank + priorityAdd) & 7))) == 0) {
            rank++;
        }
        return rank;
    }

    private int levelMask() {
        return ltim ? 0xFF : elcr;
    }

    // ---------------------------------------------------------------------------------------------------------
    // Registers

    /** A write to the command port (0x20 / 0xA0): ICW1, OCW2 or OCW3. */
    void writeCommand(int value) {
        if ((value & 0x10) != 0) {
            icw1(value);
        } else if ((value & 0x08) != 0) {
            ocw3(value);
        } else {
            ocw2(value);
        }
    }

    /** A write to the data port (0x21 / 0xA1): ICW2-ICW4 during init, else OCW1 (IMR). */
    void writeData(int value) {
        switch (initState) {
            case 0 -> {
                imr = value & 0xFF;
                updateOutput();
            }
            case 1 -> {
                vectorBase = value & 0xF8;
                initState = singleMode ? (needIcw4 ? 3 : 0) : 2;
            }
            case 2 -> initState = needIcw4 ? 3 : 0; // ICW3: the cascade wiring is fixed on a PC
            default -> {
                specialFullyNested = (value & 0x10) != 0;
                autoEoi = (value & 0x02) != 0;
                initState = 0;
            }
        }
    }

    /** A read of the command port: the poll word after an OCW3 poll, else IRR or ISR as OCW3 selected. */
    int readCommand() {
        if (poll) {
            return pollRead();
        }
        return readIsr ? isr : irr;
    }

    /** A read of the data port: the poll word after an OCW3 poll, else IMR. */
    int readData() {
        return poll ? pollRead() : imr;
    }

    int elcr() {
        return elcr;
    }

    /** A write to this chip's ELCR (0x4D0 / 0x4D1); bits the board wires to edge mode stay 0. */
    void writeElcr(int value) {
        int old = levelMask();
        elcr = value & elcrMask;
        resampleLevelInputs(old);
        updateOutput();
    }

    /** Power-on reset (QEMU {@code pic_reset}): ELCR and LTIM cleared as well as the init state. */
    void reset() {
        elcr = 0;
        ltim = false;
        initReset();
        updateOutput();
    }

    /** The registers as text, for logs and assertions: the fields of QEMU's {@code info pic}. */
    String describe() {
        return String.format("pic%d: irr=%02x imr=%02x isr=%02x hprio=%d irq_base=%02x rr_sel=%d elcr=%02x fnm=%d",
                master ? 0 : 1, irr, imr, isr, priorityAdd, vectorBase, readIsr ? 1 : 0, elcr,
                specialFullyNested ? 1 : 0);
    }

    private void icw1(int value) {
        ltim = (value & 0x08) != 0;
        initReset();
        initState = 1;
        needIcw4 = (value & 0x01) != 0;
        singleMode = (value & 0x02) != 0;
        updateOutput();
    }

    /**
     * What ICW1 clears (QEMU {@code pic_reset_common}): masks, in-service bits, latched edge requests,
     * priority, modes. ELCR is not touched, and a level-triggered input still requests while its wire is high.
     */
    private void initReset() {
        irr = lineLevels & levelMask();
        imr = 0;
        isr = 0;
        priorityAdd = 0;
        vectorBase = 0;
        readIsr = false;
        poll = false;
        specialMask = false;
        initState = 0;
        needIcw4 = false;
        singleMode = false;
        autoEoi = false;
        rotateOnAutoEoi = false;
        specialFullyNested = false;
    }

    /**
     * After a change of trigger mode: an input that became level-triggered requests exactly while its wire
     * is high; one that became edge-triggered keeps whatever request it had latched.
     */
    private void resampleLevelInputs(int oldLevelMask) {
        int nowLevel = levelMask() & ~oldLevelMask;
        irr = (irr & ~nowLevel) | (lineLevels & nowLevel);
    }

    private void ocw2(int value) {
        int command = value >> 5;
        switch (command) {
            case 0, 4 -> rotateOnAutoEoi = command == 4; // 0x00 clear / 0x80 set rotate in AEOI mode
            case 1, 5 -> { // 0x20 non-specific EOI, 0xA0 rotate on non-specific EOI
                int rank = priorityOf(isr);
                if (rank != 8) {
                    int irq = (rank + priorityAdd) & 7;
                    isr &= ~(1 << irq);
                    if (command == 5) {
                        priorityAdd = (irq + 1) & 7;
                    }
                }
            }
            case 3 -> isr &= ~(1 << (value & 7)); // 0x60|n specific EOI
            case 6 -> priorityAdd = (value + 1) & 7; // 0xC0|n set priority: n becomes the lowest
            case 7 -> { // 0xE0|n rotate on specific EOI
                int irq = value & 7;
                isr &= ~(1 << irq);
                priorityAdd = (irq + 1) & 7;
            }
            default -> { } // 0x40: no operation
        }
        updateOutput();
    }

    private void ocw3(int value) {
        if ((value & 0x04) != 0) {
            poll = true;
        }
        if ((value & 0x02) != 0) {
            readIsr = (value & 0x01) != 0;
        }
        if ((value & 0x40) != 0) {
            specialMask = (value & 0x20) != 0;
            updateOutput();
        }
    }

    /**
     * The poll word: bit 7 set and the level in bits 2:0 if a request was pending, which the read also
     * acknowledges as an INTA would; 0 otherwise. Either way poll mode ends.
     */
    private int pollRead() {
        poll = false;
        int irq = pendingIrq();
        if (irq == NONE) {
            return 0;
        }
        acknowledge(irq);
        return 0x80 | irq;
    }
}
