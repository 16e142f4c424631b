package org.kld86.emulator.dev.uart;

import java.util.ArrayDeque;
import org.kld86.emulator.cpu.VirtualClock;
import org.kld86.emulator.dev.IrqLine;
import org.kld86.emulator.io.IoPortHandler;
import org.kld86.emulator.io.IoPortSpace;

/**
 * A 16550A UART, the machine's console (COM1: ports 0x3F8-0x3FF, IRQ 4). What the guest transmits goes to a
 * {@link ConsoleSink} at once; what the host types ({@link #receive(byte[])}) arrives one character time
 * apart, so the receiver FIFO, its trigger level and the character timeout behave as on the chip. Registers
 * and interrupt rules follow the National PC16550D datasheet and QEMU {@code hw/char/serial.c}.
 *
 * <pre>
 *   offset  read (DLAB=0)  write (DLAB=0)  DLAB=1
 *   0       RBR            THR             DLL  divisor latch, low byte
 *   1       IER            IER             DLM  divisor latch, high byte
 *   2       IIR            FCR
 *   3       LCR            LCR             7: DLAB  6: break  5-3: parity  2: stop bits  1-0: word length - 5
 *   4       MCR            MCR             4: LOOP  3: OUT2  2: OUT1  1: RTS  0: DTR
 *   5       LSR            (ignored)       6: TEMT  5: THRE  4: BI  3: FE  2: PE  1: OE  0: DR
 *   6       MSR            (ignored)       7: DCD  6: RI  5: DSR  4: CTS  3-0: deltas
 *   7       SCR            SCR
 *
 *   IER  3: modem status  2: line status  1: THR empty  0: data available
 *   IIR  7-6: 11 with FIFOs on  3-1: interrupt id  0: 1 = nothing pending
 *        id, by priority: 011 line status, 110 character timeout, 010 data available, 001 THR empty, 000 modem
 *   FCR  7-6: trigger level 1, 4, 8, 14  2: clear TX FIFO  1: clear RX FIFO  0: FIFO enable
 * </pre>
 *
 * <p>The interrupt output reaches the IRQ line only while MCR.OUT2 is set and loopback is off: on a PC, OUT2
 * enables the UART's ISA interrupt driver, and loopback forces the OUT pins inactive (PC16550D, loopback mode).
 * The line is driven at its level; ISA IRQ 4 is edge-triggered at the PIC, so, as on a PC, a driver must
 * serve every pending cause (until IIR bit 0 reads 1) to get the next edge.
 *
 * <p>Transmission takes no time: THR goes to the sink during the OUT, and THRE and TEMT read 1 again when the
 * OUT returns; the THR-empty interrupt is withdrawn by the write and re-armed by the transmission, as on the
 * chip. The sink gets the byte written whole, whatever the word length in LCR (QEMU does the same); the frame
 * format only sets the character time. The host side never overruns the receiver: a byte waits in the host queue until the FIFO (or RBR,
 * with FIFOs off) has room, like QEMU's character-device flow control.
 *
 * <p>Reset state (PC16550D master reset): IER, FCR, LCR and MCR 0, IIR 0x01, LSR 0x60, MSR 0xB0 (the host end
 * asserts DCD, DSR and CTS), SCR 0, and the divisor 12 (9600 baud) as QEMU resets it.
 */
public final class Uart16550 {

    public static final int COM1_PORT = 0x3F8;
    public static final int COM1_IRQ = 4;
    /** The baud generator's input, 1.8432 MHz, divided by the 16 samples per bit. */
    public static final long BAUD_BASE = 115_200L;
    public static final int FIFO_BYTES = 16;

    private static final int IER_RDI = 0x01;
    private static final int IER_THRI = 0x02;
    private static final int IER_RLSI = 0x04;
    private static final int IER_MSI = 0x08;

    private static final int IIR_NO_INT = 0x01;
    private static final int IIR_RLSI = 0x06;
    private static final int IIR_CTI = 0x0C;
    private static final int IIR_RDI = 0x04;
    private static final int IIR_THRI = 0x02;
    private static final int IIR_MSI = 0x00;
    private static final int IIR_ID_MASK = 0x0F;
    private static final int IIR_FIFO_ON = 0xC0;

    private static final int FCR_FE = 0x01;
    private static final int FCR_RFR = 0x02;
    private static final int FCR_XFR = 0x04;

    private static final int LCR_DLAB = 0x80;
    private static final int MCR_OUT2 = 0x08;
    private static final int MCR_LOOP = 0x10;

    private static final int LSR_DR = 0x01;
    private static final int LSR_OE = 0x02;
    private static final int LSR_THRE = 0x20;
    private static final int LSR_TEMT = 0x40;

    private static final int MSR_HOST_LINES = 0xB0;
    private static final int[] TRIGGER_BYTES = {1, 4, 8, 14};

    private final VirtualClock clock;
    private final IrqLine irq;
    private final ConsoleSink sink;
    private final int basePort;

    private final ArrayDeque<Byte> hostQueue = new ArrayDeque<>();
    private final ArrayDeque<Byte> rxFifo = new ArrayDeque<>();
    private VirtualClock.Event rxArrival;
    private VirtualClock.Event rxTimeout;

    private int ier;
    private int iir = IIR_NO_INT;
    private int fcr;
    private int lcr;
    private int mcr;
    private int scr;
    private int divisor = 12;
    private int lastRbr;
    private boolean overrun;
    private boolean thrPending;
    private boolean timeoutPending;
    private boolean irqLevel;

    /**
     * @throws IllegalArgumentException if {@code basePort} is not a multiple of 8 (a UART decodes eight ports)
     *                                  or its ports are taken
     */
    public Uart16550(IoPortSpace ports, int basePort, VirtualClock clock, IrqLine irq, ConsoleSink sink) {
        if ((basePort & 7) != 0) {
            throw new IllegalArgumentException(String.format(
                    "uart: base port 0x%x is not a multiple of 8", basePort));
        }
        this.clock = clock;
        this.irq = irq;
        this.sink = sink;
        this.basePort = basePort;
        ports.claim(String.format("uart16550@0x%x", basePort), basePort, 8, new Ports());
    }

    // ---------------------------------------------------------------------------------------------------------
    // Host side

    /** The host sends {@code data} down the line; the bytes arrive one character time apart. */
    public void receive(byte[] data) {
        for (byte b : data) {
            hostQueue.add(b);
        }
        pumpReceiver();
    }

    /** Bytes the host has sent that have not yet arrived in the receiver. */
    public int pendingInput() {
        return hostQueue.size();
    }

    /**
     * One character time at the current divisor and frame format, in cycles, rounded up: (start bit, 5-8 data
     * bits, parity bit if any, 1 or 2 stop bits, 1.5 counting as 2) times {@code divisor / 115200} seconds.
     * A divisor of 0, which the datasheet forbids, counts as 65536.
     */
    public long characterCycles() {
        int frameBits = 1 + (lcr & 3) + 5 + ((lcr & 0x08) != 0 ? 1 : 0) + ((lcr & 0x04) != 0 ? 2 : 1);
        long div = divisor == 0 ? 0x10000 : divisor;
        long bitTimes = frameBits * div; // in units of 1/115200 s
        return (bitTimes * clock.hz() + BAUD_BASE - 1) / BAUD_BASE;
    }

    // ---------------------------------------------------------------------------------------------------------
    // Receiver

    private int rxCapacity() {
        return (fcr & FCR_FE) != 0 ? FIFO_BYTES : 1;
    }

    private boolean loopback() {
        return (mcr & MCR_LOOP) != 0;
    }

    /** Starts the next byte down the line if one waits, the line is idle and the receiver has room. */
    private void pumpReceiver() {
        if (rxArrival != null || hostQueue.isEmpty() || loopback() || rxFifo.size() >= rxCapacity()) {
            return;
        }
        rxArrival = clock.schedule(characterCycles(), () -> {
            rxArrival = null;
            if (!loopback() && rxFifo.size() < rxCapacity() && !hostQueue.isEmpty()) {
                accept(hostQueue.poll());
            }
            pumpReceiver();
        });
    }

    /** A complete character arrives in the receiver (from the host or, in loopback, from THR). */
    private void accept(byte b) {
        if (rxFifo.size() >= rxCapacity()) {
            overrun = true; // the chip keeps the FIFO and loses the new character
        } else {
            rxFifo.add(b);
        }
        restartTimeout();
        updateInterrupt();
    }

    /** The character timeout: FIFO mode, data waiting, and nothing read or received for 4 character times. */
    private void restartTimeout() {
        if (rxTimeout != null) {
            rxTimeout.cancel();
            rxTimeout = null;
        }
        if ((fcr & FCR_FE) != 0 && !rxFifo.isEmpty()) {
            rxTimeout = clock.schedule(4 * characterCycles(), () -> {
                rxTimeout = null;
                if (!rxFifo.isEmpty()) {
                    timeoutPending = true;
                    updateInterrupt();
                }
            });
        }
    }

    private int readRbr() {
        if (!rxFifo.isEmpty()) {
            lastRbr = rxFifo.poll() & 0xFF;
        }
        timeoutPending = false;
        restartTimeout();
        updateInterrupt();
        pumpReceiver();
        return lastRbr;
    }

    private void clearRx() {
        rxFifo.clear();
        timeoutPending = false;
        restartTimeout();
    }

    // ---------------------------------------------------------------------------------------------------------
    // Transmitter

    private void writeThr(int b) {
        thrPending = false;
        updateInterrupt();
        if (loopback()) {
            accept((byte) b);
        } else {
            sink.write(b);
        }
        thrPending = true; // the shift register took it: THR is empty again
        updateInterrupt();
    }

    // ---------------------------------------------------------------------------------------------------------
    // Interrupts

    private int lsr() {
        return (rxFifo.isEmpty() ? 0 : LSR_DR) | (overrun ? LSR_OE : 0) | LSR_THRE | LSR_TEMT;
    }

    private int msr() {
        if (loopback()) {
            // The modem outputs loop back to the inputs: DTR->DSR, RTS->CTS, OUT1->RI, OUT2->DCD.
            return (mcr & 0x0C) << 4 | (mcr & 0x02) << 3 | (mcr & 0x01) << 5;
        }
        return MSR_HOST_LINES;
    }

    /** Recomputes IIR by priority (QEMU {@code serial_update_irq}) and drives the IRQ line. */
    private void updateInterrupt() {
        int id;
        boolean fifoOn = (fcr & FCR_FE) != 0;
        if ((ier & IER_RLSI) != 0 && overrun) {
            id = IIR_RLSI;
        } else if ((ier & IER_RDI) != 0 && timeoutPending) {
            id = IIR_CTI;
        } else if ((ier & IER_RDI) != 0 && !rxFifo.isEmpty()
                && (!fifoOn || rxFifo.size() >= TRIGGER_BYTES[fcr >> 6])) {
            id = IIR_RDI;
        } else if ((ier & IER_THRI) != 0 && thrPending) {
            id = IIR_THRI;
        } else if ((ier & IER_MSI) != 0 && (msr() & 0x0F) != 0) {
            id = IIR_MSI;
        } else {
            id = IIR_NO_INT;
        }
        iir = id | (fifoOn ? IIR_FIFO_ON : 0);
        boolean level = id != IIR_NO_INT && (mcr & MCR_OUT2) != 0 && !loopback();
        if (level != irqLevel) {
            irqLevel = level;
            irq.set(level);
        }
    }

    // ---------------------------------------------------------------------------------------------------------
    // Registers

    private int in8(int offset) {
        boolean dlab = (lcr & LCR_DLAB) != 0;
        switch (offset) {
            case 0:
                return dlab ? divisor & 0xFF : readRbr();
            case 1:
                return dlab ? divisor >> 8 : ier;
            case 2: {
                int value = iir;
                if ((value & IIR_ID_MASK) == IIR_THRI) {
                    thrPending = false; // reading IIR with THRE as its cause clears that cause
                    updateInterrupt();
                }
                return value;
            }
            case 3:
                return lcr;
            case 4:
                return mcr;
            case 5: {
                int value = lsr();
                if (overrun) {
                    overrun = false; // reading LSR clears the error bits
                    updateInterrupt();
                }
                return value;
            }
            case 6:
                return msr();
            default:
                return scr;
        }
    }

    private void out8(int offset, int value) {
        boolean dlab = (lcr & LCR_DLAB) != 0;
        switch (offset) {
            case 0 -> {
                if (dlab) {
                    divisor = (divisor & 0xFF00) | value;
                } else {
                    writeThr(value);
                }
            }
            case 1 -> {
                if (dlab) {
                    divisor = (divisor & 0x00FF) | value << 8;
                } else {
                    writeIer(value);
                }
            }
            case 2 -> writeFcr(value);
            case 3 -> lcr = value;
            case 4 -> {
                mcr = value & 0x1F;
                updateInterrupt();
                pumpReceiver(); // leaving loopback lets the host line deliver again
            }
            case 7 -> scr = value;
            default -> { } // LSR and MSR are read-only here
        }
    }

    private void writeIer(int value) {
        int old = ier;
        ier = value & 0x0F;
        // Enabling the THRE interrupt while THR is empty raises it even if a read of IIR had cleared it (QEMU,
        // after Bochs and what Windows relies on): resampled on the 0 -> 1 change of IER bit 1 only.
        if (((old ^ ier) & IER_THRI) != 0) {
            thrPending = (ier & IER_THRI) != 0;
        }
        updateInterrupt();
    }

    private void writeFcr(int value) {
        int v = value;
        if (((v ^ fcr) & FCR_FE) != 0) {
            v |= FCR_RFR | FCR_XFR; // switching the FIFOs on or off empties them
        }
        fcr = v & 0xC9;
        if ((v & FCR_RFR) != 0) {
            clearRx();
        }
        if ((v & FCR_XFR) != 0) {
            thrPending = true; // the (always empty) transmit FIFO was reset: THR empty again
        }
        updateInterrupt();
        pumpReceiver();
    }

    /** The eight byte ports; a wider access is split into bytes at consecutive ports. */
    private final class Ports implements IoPortHandler {
        @Override
        public int in(int port, int size) {
            int value = 0;
            for (int i = 0; i < size; i++) {
                int offset = port + i - basePort;
                value |= (offset < 8 ? in8(offset) : 0xFF) << (8 * i);
            }
            return value;
        }

        @Override
        public void out(int port, int size, int value) {
            for (int i = 0; i < size; i++) {
                int offset = port + i - basePort;
                if (offset < 8) {
                    out8(offset, (value >>> (8 * i)) & 0xFF);
                }
            }
        }
    }
}
