package org.kld86.kernel.tty;

import java.util.function.IntConsumer;
import org.kld86.emulator.cpu.Cpu;

/**
 * The driver for a 16550A UART (FreeBSD sys/dev/uart/uart_dev_ns8250.c, in short), through port I/O only:
 * setting the line up, sending a character, and the receive interrupt.
 *
 * <pre>
 *   offset  register   what the driver writes
 *   0       THR/RBR    characters; DLL with DLAB set
 *   1       IER        0x01: interrupt when data is available; DLM with DLAB set
 *   2       IIR/FCR    FCR 0x07: FIFOs on and cleared, interrupt at 1 byte
 *   3       LCR        0x80 (DLAB) while the divisor is written, then 0x03: 8 data bits, no parity, 1 stop bit
 *   4       MCR        0x0B: DTR, RTS and OUT2, which connects the UART's interrupt to the ISA line on a PC
 *   5       LSR        read: bit 0 data ready, bit 5 THR empty
 * </pre>
 *
 * <p>The divisor is 1: 115200 baud, a character every 86.8 us of virtual time. IRQ 4 is edge-triggered, so the
 * interrupt routine serves every pending cause until IIR says none is left; otherwise the line never falls and
 * the next character brings no new edge.
 */
final class Ns8250 {

    static final int RBR = 0;
    static final int THR = 0;
    static final int DLL = 0;
    static final int IER = 1;
    static final int DLM = 1;
    static final int IIR = 2;
    static final int FCR = 2;
    static final int LCR = 3;
    static final int MCR = 4;
    static final int LSR = 5;
    static final int MSR = 6;

    static final int IER_ERXRDY = 0x01;
    static final int FCR_ENABLE_CLEAR_TRIGGER1 = 0x07;
    static final int LCR_DLAB = 0x80;
    static final int LCR_8N1 = 0x03;
    static final int MCR_DTR_RTS_OUT2 = 0x0B;
    static final int LSR_RXRDY = 0x01;
    static final int LSR_THRE = 0x20;
    static final int IIR_NOPEND = 0x01;
    static final int IIR_IMASK = 0x0E;
    static final int IIR_RLS = 0x06;
    static final int IIR_MLSC = 0x00;
    static final int IIR_TXRDY = 0x02;
    /** How long putc waits for THR to empty (ns8250_putc's limit); the emulated THR is never busy. */
    static final int PUTC_LIMIT = 250_000;

    private final Cpu cpu;
    private final int base;

    Ns8250(Cpu cpu, int basePort) {
        this.cpu = cpu;
        this.base = basePort;
    }

    /** Sets 115200 8N1 with FIFOs and turns the receive interrupt on. */
    void init() {
        cpu.out8(base + IER, 0);
        cpu.out8(base + LCR, LCR_DLAB);
        cpu.out8(base + DLL, 1);
        cpu.out8(base + DLM, 0);
        cpu.out8(base + LCR, LCR_8N1);
        cpu.out8(base + FCR, FCR_ENABLE_CLEAR_TRIGGER1);
        cpu.out8(base + MCR, MCR_DTR_RTS_OUT2);
        cpu.out8(base + IER, IER_ERXRDY);
    }

    /** Sends one character once THR is empty. */
    void putc(int c) {
        for (int i = 0; i < PUTC_LIMIT && (cpu.in8(base + LSR) & LSR_THRE) == 0; i++) {
            // the transmitter is still busy
        }
        cpu.out8(base + THR, c & 0xFF);
    }

    /**
     * The receive interrupt: every received character goes to {@code rint}; every other pending cause is read
     * away. Returns whether the UART had anything to say (false for an interrupt that was not ours).
     */
    boolean interrupt(IntConsumer rint) {
        boolean ours = false;
        for (int guard = 0; guard < 64; guard++) {
            int iir = cpu.in8(base + IIR);
            if ((iir & IIR_NOPEND) != 0) {
                break;
            }
            ours = true;
            switch (iir & IIR_IMASK) {
                case IIR_RLS -> cpu.in8(base + LSR);
                case IIR_MLSC -> cpu.in8(base + MSR);
                case IIR_TXRDY -> { } // reading IIR with THRE as its cause cleared it
                default -> {
                    while ((cpu.in8(base + LSR) & LSR_RXRDY) != 0) {
                        rint.accept(cpu.in8(base + RBR));
                    }
                }
            }
        }
        return ours;
    }
}
