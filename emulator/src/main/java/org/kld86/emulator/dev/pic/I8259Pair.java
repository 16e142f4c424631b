package org.kld86.emulator.dev.pic;

import org.kld86.emulator.cpu.InterruptController;
import org.kld86.emulator.dev.IrqLine;
import org.kld86.emulator.io.IoPortHandler;
import org.kld86.emulator.io.IoPortSpace;

/**
 * The PC's cascaded 8259A pair (MACHINE-SEMANTICS.md §4.1): a master at ports 0x20-0x21 driving the CPU's
 * INTR, a slave at 0xA0-0xA1 whose INT output is the master's input 2, and the edge/level control registers
 * (ELCR) at 0x4D0 (master) and 0x4D1 (slave). ISA interrupts 0-7 enter the master, 8-15 the slave.
 *
 * <pre>
 *   IRQ 0 1 . 3 4 5 6 7 ──► master (0x20, ELCR 0x4D0) ──INT──► CPU INTR
 *                 ▲ input 2
 *   IRQ 8 ... 15 ──► slave (0xA0, ELCR 0x4D1) ──INT──┘
 * </pre>
 *
 * <p>The INTA cycle ({@link #acknowledge()}) follows QEMU {@code pic_read_irq}: the master resolves; if it
 * picked input 2, the slave resolves too and both chips put their level in service, so a driver must EOI the
 * slave and then the master for IRQ 8-15. With nothing to acknowledge the master answers with its spurious
 * IRQ 7 (base + 7) and sets no ISR bit; a slave with nothing to give answers IRQ 15 (slave base + 7), sets no
 * slave ISR bit, but the master has already put input 2 in service, so IRQ 15 is EOIed at the master only.
 *
 * <p>Reset state, as QEMU's {@code pic_reset}: IMR 0 (nothing masked), vector base 0, ELCR 0 (every input
 * edge-triggered), no init sequence in progress. A real 8259A's state before ICW1 is undefined; the kernel
 * must run the init sequence before it sets IF. The board wires IRQ 0, 1, 2, 8 and 13 to edge mode: their
 * ELCR bits read 0 whatever is written (QEMU {@code elcr_mask} 0xF8 and 0xDE).
 *
 * <p>Multi-byte port accesses are split into byte accesses at consecutive ports, as the chips have 8-bit
 * data buses; ports in the split that are not the PIC's read all-ones.
 */
public final class I8259Pair implements InterruptController {

    public static final int MASTER_PORT = 0x20;
    public static final int SLAVE_PORT = 0xA0;
    public static final int ELCR_PORT = 0x4D0;
    /** The master input the slave's INT output drives. */
    public static final int CASCADE_IRQ = 2;
    public static final int IRQS = 16;

    private static final int MASTER_ELCR_MASK = 0xF8;
    private static final int SLAVE_ELCR_MASK = 0xDE;

    private final I8259 master;
    private final I8259 slave;
    private final IrqLine[] lines = new IrqLine[IRQS];
    /** Told of every change of INTR; a hint for the CPU side, since {@link #intr()} is always exact. */
    private IrqLine intrListener = IrqLine.NONE;

    public I8259Pair(IoPortSpace ports) {
        master = new I8259(true, MASTER_ELCR_MASK, high -> intrListener.set(high));
        slave = new I8259(false, SLAVE_ELCR_MASK, high -> master.setInput(CASCADE_IRQ, high));
        for (int n = 0; n < IRQS; n++) {
            I8259 chip = n < 8 ? master : slave;
            int input = n & 7;
            lines[n] = high -> chip.setInput(input, high);
        }
        ports.claim("i8259 master", MASTER_PORT, 2, new ChipPorts(master, MASTER_PORT));
        ports.claim("i8259 slave", SLAVE_PORT, 2, new ChipPorts(slave, SLAVE_PORT));
        ports.claim("i8259 elcr", ELCR_PORT, 2, new ElcrPorts());
    }

    /**
     * The request wire of ISA interrupt {@code n}.
     *
     * @throws IllegalArgumentException for n outside 0-15, or 2, which is the slave's cascade input (an ISA
     *                                  device on IRQ 2 is wired to IRQ 9 on an AT)
     */
    public IrqLine irq(int n) {
        if (n < 0 || n >= IRQS) {
            throw new IllegalArgumentException("i8259: IRQ " + n + " does not exist; the pair has IRQ 0-15");
        }
        if (n == CASCADE_IRQ) {
            throw new IllegalArgumentException("i8259: IRQ 2 is the slave's cascade input; use IRQ 9");
        }
        return lines[n];
    }

    /**
     * Installs a listener driven with the level of INTR whenever it changes, so a CPU loop can learn cheaply
     * that an interrupt became pending. It may be called several times during one port access or INTA.
     */
    public void setIntrListener(IrqLine listener) {
        this.intrListener = listener == null ? IrqLine.NONE : listener;
    }

    @Override
    public boolean watchIntr(IrqLine listener) {
        setIntrListener(listener);
        listener.set(intr());
        return true;
    }

    @Override
    public boolean intr() {
        return master.output();
    }

    @Override
    public int acknowledge() {
        int irq = master.pendingIrq();
        if (irq == I8259.NONE) {
            return master.vectorBase() + 7; // spurious IRQ 7: the request went away before INTA
        }
        if (irq != CASCADE_IRQ) {
            master.acknowledge(irq);
            return master.vectorBase() + irq;
        }
        // The slave resolves first, so its INT falls before the master clears its input 2 request.
        int slaveIrq = slave.pendingIrq();
        int vector;
        if (slaveIrq == I8259.NONE) {
            vector = slave.vectorBase() + 7; // spurious IRQ 15
        } else {
            slave.acknowledge(slaveIrq);
            vector = slave.vectorBase() + slaveIrq;
        }
        master.acknowledge(CASCADE_IRQ);
        return vector;
    }

    /** Both chips' registers as text, for logs and failure messages. */
    public String describe() {
        return master.describe() + "\n" + slave.describe();
    }

    /** Power-on reset of both chips (QEMU {@code pic_reset}). */
    public void reset() {
        slave.reset();
        master.reset();
    }

    // ---------------------------------------------------------------------------------------------------------
    // Port decoders

    /** Command and data ports of one chip. */
    private static final class ChipPorts implements IoPortHandler {
        private final I8259 chip;
        private final int basePort;

        ChipPorts(I8259 chip, int basePort) {
            this.chip = chip;
            this.basePort = basePort;
        }

        @Override
        public int in(int port, int size) {
            int value = 0;
            for (int i = 0; i < size; i++) {
                value |= in8(port + i) << (8 * i);
            }
            return value;
        }

        @Override
        public void out(int port, int size, int value) {
            for (int i = 0; i < size; i++) {
                out8(port + i, (value >>> (8 * i)) & 0xFF);
            }
        }

        private int in8(int port) {
            return switch (port - basePort) {
                case 0 -> chip.readCommand();
                case 1 -> chip.readData();
                default -> 0xFF;
            };
        }

        private void out8(int port, int value) {
            switch (port - basePort) {
                case 0 -> chip.writeCommand(value);
                case 1 -> chip.writeData(value);
                default -> { }
            }
        }
    }

    /** ELCR1 (master) and ELCR2 (slave). */
    private final class ElcrPorts implements IoPortHandler {
        @Override
        public int in(int port, int size) {
            int value = 0;
            for (int i = 0; i < size; i++) {
                int p = port + i;
                int b = p == ELCR_PORT ? master.elcr() : p == ELCR_PORT + 1 ? slave.elcr() : 0xFF;
                value |= b << (8 * i);
            }
            return value;
        }

        @Override
        public void out(int port, int size, int value) {
            for (int i = 0; i < size; i++) {
                int p = port + i;
                int b = (value >>> (8 * i)) & 0xFF;
                if (p == ELCR_PORT) {
                    master.writeElcr(b);
                } else if (p == ELCR_PORT + 1) {
                    slave.writeElcr(b);
                }
            }
        }
    }
}
