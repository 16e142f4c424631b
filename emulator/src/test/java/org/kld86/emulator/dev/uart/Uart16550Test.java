package org.kld86.emulator.dev.uart;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.kld86.emulator.cpu.Cpu;
import org.kld86.emulator.cpu.VirtualClock;
import org.kld86.emulator.dev.pic.I8259Pair;
import org.kld86.emulator.io.IoPortSpace;
import org.kld86.emulator.memory.PhysicalMemory;
import org.kld86.emulator.mmu.Mmu;

/**
 * The 16550A as a console driver sees it at COM1 (0x3F8, IRQ 4). Register values are the PC16550D
 * datasheet's; the interrupt rules are the datasheet's as QEMU {@code hw/char/serial.c} implements them.
 */
class Uart16550Test {

    static final int COM1 = 0x3F8;
    static final int RBR = COM1, THR = COM1, DLL = COM1, IER = COM1 + 1, DLM = COM1 + 1;
    static final int IIR = COM1 + 2, FCR = COM1 + 2, LCR = COM1 + 3, MCR = COM1 + 4, LSR = COM1 + 5;
    static final int MSR = COM1 + 6, SCR = COM1 + 7;

    /** 115200 baud, 8N1: 10 bits of 1/115200 s each, at 1 GHz = 86805.6 cycles, rounded up. */
    static final long CHAR_CYCLES = 86_806L;

    VirtualClock clock;
    IoPortSpace ports;
    ByteArrayOutputStream sent;
    List<Boolean> irqLevels;
    Uart16550 uart;

    @BeforeEach
    void setUp() {
        clock = new VirtualClock(1_000_000_000L);
        ports = new IoPortSpace();
        sent = new ByteArrayOutputStream();
        irqLevels = new ArrayList<>();
        uart = new Uart16550(ports, COM1, clock, irqLevels::add, sent::write);
    }

    boolean irqHigh() {
        return !irqLevels.isEmpty() && irqLevels.get(irqLevels.size() - 1);
    }

    /** What a PC console driver writes: 115200 8N1, DTR, RTS and OUT2, and the given FCR and IER. */
    void configure(int fcr, int ier) {
        ports.out8(LCR, 0x80);
        ports.out8(DLL, 0x01);
        ports.out8(DLM, 0x00);
        ports.out8(LCR, 0x03);
        ports.out8(FCR, fcr);
        ports.out8(MCR, 0x0B);
        ports.out8(IER, ier);
    }

    void type(String s) {
        uart.receive(s.getBytes(StandardCharsets.US_ASCII));
    }

    @Test
    void claimsEightPortsAtAnAlignedBase() {
        for (int p = COM1; p < COM1 + 8; p++) {
            assertNotNull(ports.owner(p));
        }
        assertThrows(IllegalArgumentException.class,
                () -> new Uart16550(new IoPortSpace(), 0x3F9, clock, high -> { }, ConsoleSink.NONE));
        assertThrows(IllegalArgumentException.class,
                () -> new Uart16550(ports, COM1, clock, high -> { }, ConsoleSink.NONE));
    }

    @Test
    void resetState() {
        assertEquals(0x00, ports.in8(IER));
        assertEquals(0x01, ports.in8(IIR));
        assertEquals(0x00, ports.in8(LCR));
        assertEquals(0x00, ports.in8(MCR));
        assertEquals(0x60, ports.in8(LSR), "THRE and TEMT");
        assertEquals(0xB0, ports.in8(MSR), "DCD, DSR and CTS from the host end");
        assertEquals(0x00, ports.in8(SCR));
        ports.out8(LCR, 0x80);
        assertEquals(12, ports.in8(DLL) | ports.in8(DLM) << 8, "9600 baud");
        assertTrue(irqLevels.isEmpty(), "the line was never driven high");
    }

    @Nested
    class Transmit {

        @Test
        void thrBytesReachTheSinkInOrder() {
            configure(0x00, 0x00);
            for (byte b : "hi\n".getBytes(StandardCharsets.US_ASCII)) {
                ports.out8(THR, b);
            }
            assertEquals("hi\n", sent.toString(StandardCharsets.US_ASCII));
            assertEquals(0x60, ports.in8(LSR), "transmitter empty again at once");
        }

        @Test
        void withDlabSetOffsetZeroIsTheDivisorNotThr() {
            ports.out8(LCR, 0x80);
            ports.out8(DLL, 0x41);
            ports.out8(DLM, 0x02);
            assertEquals(0, sent.size());
            assertEquals(0x41, ports.in8(DLL));
            assertEquals(0x02, ports.in8(DLM));
            ports.out8(LCR, 0x03);
            assertEquals(0x00, ports.in8(IER), "DLAB clear: offset 1 is IER again");
            ports.out8(IER, 0x05);
            assertEquals(0x05, ports.in8(IER));
            ports.out8(LCR, 0x83);
            assertEquals(0x02, ports.in8(DLM), "IER writes did not touch the divisor");
        }

        @Test
        void sixteenBitWriteSetsBothDivisorBytes() {
            ports.out8(LCR, 0x80);
            ports.out16(DLL, 0x0180);
            assertEquals(0x0180, ports.in16(DLL));
        }

        @Test
        void characterTimeFollowsDivisorAndFrame() {
            configure(0x00, 0x00);
            assertEquals(CHAR_CYCLES, uart.characterCycles());
            ports.out8(LCR, 0x80);
            ports.out8(DLL, 12);
            ports.out8(LCR, 0x1F); // 8 data bits, 2 stop bits, even parity: 12 bits a character
            assertEquals(1_250_000L, uart.characterCycles(), "12 bits at 9600 baud = 1.25 ms");
        }

        @Test
        void thrEmptyInterruptIsClearedByReadingIirAndRearmedByAWrite() {
            configure(0x00, 0x02);
            assertEquals(0x02, ports.in8(IIR), "enabling ETBEI with THR empty raises it");
            assertFalse(irqHigh(), "reading IIR cleared it");
            assertEquals(0x01, ports.in8(IIR));
            ports.out8(THR, 'x');
            assertTrue(irqHigh(), "THR went empty again after the write");
            assertEquals(List.of(true, false, true), irqLevels);
        }

        @Test
        void thrEmptyIsResampledWhenEtbeiIsTurnedOn() {
            configure(0x00, 0x02);
            ports.in8(IIR);
            ports.out8(IER, 0x00);
            assertFalse(irqHigh());
            ports.out8(IER, 0x02);
            assertTrue(irqHigh());
            assertEquals(0x02, ports.in8(IIR));
        }
    }

    @Nested
    class Receive {

        @Test
        void byteArrivesOneCharacterTimeLaterAndRaisesDataAvailable() {
            configure(0x00, 0x01);
            type("A");
            assertEquals(0x60, ports.in8(LSR), "still on the wire");
            assertFalse(irqHigh());
            clock.advance(CHAR_CYCLES - 1);
            assertEquals(0x60, ports.in8(LSR));
            clock.advance(1);
            assertEquals(0x61, ports.in8(LSR), "DR");
            assertTrue(irqHigh());
            assertEquals(0x04, ports.in8(IIR), "received data available");
            assertEquals('A', ports.in8(RBR));
            assertEquals(0x60, ports.in8(LSR));
            assertEquals(0x01, ports.in8(IIR));
            assertFalse(irqHigh());
        }

        @Test
        void out2GatesTheIrqLine() {
            configure(0x00, 0x01);
            ports.out8(MCR, 0x03); // DTR and RTS, no OUT2
            type("A");
            clock.advance(CHAR_CYCLES);
            assertEquals(0x04, ports.in8(IIR), "the UART has an interrupt pending");
            assertFalse(irqHigh(), "but OUT2 keeps it off the bus");
            ports.out8(MCR, 0x0B);
            assertTrue(irqHigh());
        }

        @Test
        void dataAvailableOutranksThrEmpty() {
            configure(0x00, 0x03);
            type("Z");
            clock.advance(CHAR_CYCLES);
            assertEquals(0x04, ports.in8(IIR));
            assertEquals(0x04, ports.in8(IIR), "reading IIR does not clear data available");
            assertEquals('Z', ports.in8(RBR));
            assertEquals(0x02, ports.in8(IIR), "THR empty was pending underneath");
            assertEquals(0x01, ports.in8(IIR));
        }

        @Test
        void withoutFifoTheNextByteWaitsForTheReadAndNeverOverruns() {
            configure(0x00, 0x01);
            type("ab");
            clock.advance(10 * CHAR_CYCLES);
            assertEquals(0x61, ports.in8(LSR), "DR, no OE");
            assertEquals(1, uart.pendingInput());
            assertEquals('a', ports.in8(RBR));
            assertFalse(irqHigh(), "the interrupt drops with the read");
            clock.advance(CHAR_CYCLES);
            assertTrue(irqHigh(), "and rises again when the next byte is in");
            assertEquals('b', ports.in8(RBR));
            assertEquals(List.of(true, false, true, false), irqLevels);
        }

        @Test
        void fifoTriggerLevel() {
            configure(0xC7, 0x01); // FIFO on, both cleared, trigger at 14
            assertEquals(0xC1, ports.in8(IIR), "FIFOs enabled, nothing pending");
            type("0123456789ABCDEFGHIJ");
            clock.advance(13 * CHAR_CYCLES);
            assertEquals(0x61, ports.in8(LSR) & 0x61);
            assertEquals(0xC1, ports.in8(IIR), "13 bytes: below the trigger level");
            clock.advance(CHAR_CYCLES);
            assertEquals(0xC4, ports.in8(IIR));
            assertTrue(irqHigh());
            clock.advance(10 * CHAR_CYCLES);
            assertEquals(4, uart.pendingInput(), "16 in the FIFO, 4 held back by the host");
            StringBuilder got = new StringBuilder();
            while ((ports.in8(LSR) & 0x01) != 0) {
                got.append((char) ports.in8(RBR));
            }
            assertEquals("0123456789ABCDEF", got.toString());
            clock.advance(4 * CHAR_CYCLES);
            while ((ports.in8(LSR) & 0x01) != 0) {
                got.append((char) ports.in8(RBR));
            }
            assertEquals("0123456789ABCDEFGHIJ", got.toString());
        }

        @Test
        void characterTimeoutReportsBytesBelowTheTriggerLevel() {
            configure(0xC7, 0x01);
            type("abc");
            clock.advance(3 * CHAR_CYCLES);
            assertEquals(0xC1, ports.in8(IIR));
            clock.advance(4 * CHAR_CYCLES - 1);
            assertEquals(0xC1, ports.in8(IIR));
            clock.advance(1);
            assertEquals(0xCC, ports.in8(IIR), "character timeout");
            assertTrue(irqHigh());
            assertEquals('a', ports.in8(RBR));
            assertEquals(0xC1, ports.in8(IIR), "a read clears the timeout and restarts it");
            clock.advance(4 * CHAR_CYCLES);
            assertEquals(0xCC, ports.in8(IIR));
        }

        @Test
        void timeoutNeedsDataAvailableEnabled() {
            configure(0xC7, 0x00);
            type("abc");
            clock.advance(20 * CHAR_CYCLES);
            assertEquals(0xC1, ports.in8(IIR));
            ports.out8(IER, 0x01);
            assertEquals(0xCC, ports.in8(IIR));
        }

        @Test
        void fcrReceiverResetEmptiesTheFifo() {
            configure(0xC1, 0x01);
            type("xy");
            clock.advance(2 * CHAR_CYCLES);
            assertEquals(0x61, ports.in8(LSR));
            ports.out8(FCR, 0xC3);
            assertEquals(0x60, ports.in8(LSR));
            assertEquals(0xC1, ports.in8(IIR));
        }

        @Test
        void triggerLevelOneInterruptsOnTheFirstByte() {
            configure(0x07, 0x01);
            type("q");
            clock.advance(CHAR_CYCLES);
            assertEquals(0xC4, ports.in8(IIR));
        }
    }

    @Nested
    class Loopback {

        @Test
        void thrComesBackInRbrAndNotOnTheLine() {
            configure(0x00, 0x01);
            ports.out8(MCR, 0x1B);
            ports.out8(THR, 'L');
            assertEquals(0, sent.size());
            assertEquals(0x61, ports.in8(LSR));
            assertEquals(0x04, ports.in8(IIR));
            assertFalse(irqHigh(), "loopback forces OUT2 inactive: no IRQ on the bus");
            assertEquals('L', ports.in8(RBR));
        }

        @Test
        void modemOutputsLoopToModemInputs() {
            ports.out8(MCR, 0x1F);
            assertEquals(0xF0, ports.in8(MSR));
            ports.out8(MCR, 0x11); // DTR -> DSR
            assertEquals(0x20, ports.in8(MSR));
            ports.out8(MCR, 0x12); // RTS -> CTS
            assertEquals(0x10, ports.in8(MSR));
            ports.out8(MCR, 0x14); // OUT1 -> RI
            assertEquals(0x40, ports.in8(MSR));
            ports.out8(MCR, 0x18); // OUT2 -> DCD
            assertEquals(0x80, ports.in8(MSR));
        }

        @Test
        void secondByteWithoutFifoOverruns() {
            configure(0x00, 0x04);
            ports.out8(MCR, 0x1B);
            ports.out8(THR, '1');
            ports.out8(THR, '2');
            assertEquals(0x06, ports.in8(IIR), "receiver line status");
            assertEquals(0x63, ports.in8(LSR), "DR and OE");
            assertEquals(0x61, ports.in8(LSR), "reading LSR cleared OE");
            assertEquals(0x01, ports.in8(IIR));
            assertEquals('1', ports.in8(RBR), "the overrun lost the new byte");
        }

        @Test
        void hostInputWaitsWhileLoopbackIsOn() {
            configure(0x00, 0x01);
            ports.out8(MCR, 0x1B);
            type("h");
            clock.advance(5 * CHAR_CYCLES);
            assertEquals(0x60, ports.in8(LSR));
            ports.out8(MCR, 0x0B);
            clock.advance(CHAR_CYCLES);
            assertEquals('h', ports.in8(RBR));
        }
    }

    @Test
    void scratchRegisterHoldsAByte() {
        ports.out8(SCR, 0x5A);
        assertEquals(0x5A, ports.in8(SCR));
    }

    @Test
    void receiveInterruptReachesTheCpuThroughThePic() {
        PhysicalMemory ram = new PhysicalMemory(1 << 20);
        ports = new IoPortSpace();
        clock = new VirtualClock(1_000_000_000L);
        I8259Pair pic = new I8259Pair(ports);
        uart = new Uart16550(ports, COM1, clock, pic.irq(Uart16550.COM1_IRQ), sent::write);
        Cpu cpu = new Cpu(new Mmu(ram), clock, ports);
        cpu.setInterruptController(pic);
        cpu.out8(0x20, 0x11);
        cpu.out8(0x21, 0x20);
        cpu.out8(0x21, 0x04);
        cpu.out8(0x21, 0x01);
        cpu.out8(0x21, ~(1 << Uart16550.COM1_IRQ) & 0xFF);
        configure(0x00, 0x01);
        StringBuilder echoed = new StringBuilder();
        List<Long> times = new ArrayList<>();
        cpu.setGate(0x24, (vector, error) -> {
            times.add(clock.now());
            while ((cpu.in8(IIR) & 0x01) == 0) {
                char c = (char) cpu.in8(RBR);
                echoed.append(c);
                cpu.out8(THR, Character.toUpperCase(c));
            }
            cpu.out8(0x20, 0x20);
        });
        cpu.setInterruptsEnabled(true);
        type("ok");
        assertTrue(cpu.idle());
        assertTrue(cpu.idle());
        assertEquals("ok", echoed.toString());
        assertEquals("OK", sent.toString(StandardCharsets.US_ASCII));
        assertEquals(List.of(CHAR_CYCLES, 2 * CHAR_CYCLES), times);
    }
}
