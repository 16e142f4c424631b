package org.kld86.emulator.dev.isa;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.kld86.emulator.cpu.VirtualClock;
import org.kld86.emulator.dev.IrqLine;
import org.kld86.emulator.dev.dma.I8237Pair;
import org.kld86.emulator.io.IoPortSpace;
import org.kld86.emulator.memory.PhysicalMemory;

/**
 * The stream device end to end: a driver programs the 8237 as FreeBSD isa_dmastart does and the device through
 * its registers; bytes land in {@link PhysicalMemory}; the IRQ edge comes at the virtual time the rate gives.
 * The clock runs at 1 GHz, so one cycle is one nanosecond.
 */
class IsaStreamDeviceTest {

    private static final int BASE = 0x300;
    private static final int ID = BASE;
    private static final int STATUS = BASE + 1;
    private static final int COMMAND = BASE + 2;
    private static final int CHANNEL = BASE + 3;
    private static final int LENGTH = BASE + 4;

    private static final int BUSY = 0x01;
    private static final int DONE = 0x02;
    private static final int ERROR = 0x04;
    private static final int TC = 0x08;
    private static final int PLAYBACK = 0x10;

    private static final int[] PAGE_PORT = {0x87, 0x83, 0x81, 0x82, 0x8F, 0x8B, 0x89, 0x8A};

    private VirtualClock clock;
    private IoPortSpace ports;
    private PhysicalMemory memory;
    private I8237Pair dma;
    private RecordingIrq irq;

    /** An IRQ input that records the virtual time of every rising edge and the level it was left at. */
    private static final class RecordingIrq implements IrqLine {
        final VirtualClock clock;
        final List<Long> risingEdges = new ArrayList<>();
        boolean level;

        RecordingIrq(VirtualClock clock) {
            this.clock = clock;
        }

        @Override
        public void set(boolean high) {
            if (high && !level) {
                risingEdges.add(clock.now());
            }
            level = high;
        }
    }

    @BeforeEach
    void setUp() {
        clock = new VirtualClock(1_000_000_000L);
        ports = new IoPortSpace();
        memory = new PhysicalMemory(16L << 20);
        dma = new I8237Pair(ports, memory);
        irq = new RecordingIrq(clock);
    }

    private IsaStreamDevice defaultDevice() {
        return new IsaStreamDevice(ports, clock, dma, irq);
    }

    /** FreeBSD isa_dmastart's sequence: mode, clear flip-flop, address, page, count - 1, unmask. */
    private void isaDmaStart(int modeBits, long phys, int nbytes, int chan) {
        if (chan < 4) {
            ports.out8(0x0B, modeBits | chan);
            ports.out8(0x0C, 0);
            ports.out8(2 * chan, (int) phys);
            ports.out8(2 * chan, (int) (phys >> 8));
            ports.out8(PAGE_PORT[chan], (int) (phys >> 16));
            ports.out8(2 * chan + 1, nbytes - 1);
            ports.out8(2 * chan + 1, (nbytes - 1) >> 8);
            ports.out8(0x0A, chan);
        } else {
            int waport = 0xC0 + 4 * (chan - 4);
            ports.out8(0xD6, modeBits | (chan & 3));
            ports.out8(0xD8, 0);
            ports.out8(waport, (int) (phys >> 1));
            ports.out8(waport, (int) (phys >> 9));
            ports.out8(PAGE_PORT[chan], (int) (phys >> 16));
            int words = nbytes >> 1;
            ports.out8(waport + 2, words - 1);
            ports.out8(waport + 2, (words - 1) >> 8);
            ports.out8(0xD4, chan & 3);
        }
    }

    private static final int CAPTURE_MODE = 0x40 | 0x04; // DMA37MD_SINGLE | DMA37MD_WRITE
    private static final int PLAYBACK_MODE = 0x40 | 0x08; // DMA37MD_SINGLE | DMA37MD_READ

    private int dmaCount(int chan) {
        ports.out8(0x0C, 0);
        return ports.in8(2 * chan + 1) | ports.in8(2 * chan + 1) << 8;
    }

    private static byte[] pattern(int from, int n) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) ((from + i) * 7 + 3);
        }
        return b;
    }

    private byte[] memoryAt(long pa, int n) {
        byte[] b = new byte[n];
        memory.read(pa, b, 0, n);
        return b;
    }

    // ---------------------------------------------------------------------------------------------------------

    @Test
    void registersAtTheBasePort() {
        defaultDevice();
        assertEquals(0x5A, ports.in8(ID));
        assertEquals(1, ports.in8(CHANNEL));
        assertEquals(0, ports.in8(STATUS));
        assertEquals(0xFF, ports.in8(COMMAND), "COMMAND is write-only");
        ports.out32(LENGTH, 0x12345678);
        assertEquals(0x12345678, ports.in32(LENGTH));
        assertEquals(0x34, ports.in8(LENGTH + 2));
        assertEquals("stream@0x300", ports.owner(0x307));
        assertEquals(null, ports.owner(0x308));
    }

    @Test
    void captureLandsInMemoryAndInterruptsAtTheExactTime() {
        IsaStreamDevice dev = defaultDevice();
        clock.advance(12_345); // start at an arbitrary time
        isaDmaStart(CAPTURE_MODE, 0x20000, 0x1000, 1);
        ports.out32(LENGTH, 0x1000);
        ports.out8(COMMAND, 0x01);
        assertEquals(BUSY, ports.in8(STATUS));
        assertEquals(0x20, ports.in8(0x08) & 0xF0, "the device holds DREQ1 while busy");

        long done = 12_345 + 0x1000 * 1_000L; // 4096 bytes at 1 us a byte
        clock.runUntil(done - 1);
        assertEquals(List.of(), irq.risingEdges, "not a cycle early");
        assertEquals(BUSY, ports.in8(STATUS));
        clock.runUntil(done + 1_000_000);

        assertEquals(List.of(done), irq.risingEdges);
        assertFalse(irq.level, "an ISA edge: the line is left low");
        assertEquals(DONE | TC, ports.in8(STATUS));
        assertArrayEquals(pattern(0, 0x1000), memoryAt(0x20000, 0x1000));
        assertEquals(0, memory.read8(0x21000));
        assertEquals(0xFFFF, dmaCount(1));
        assertEquals(0x02, ports.in8(0x08), "TC1 set, DREQ1 dropped");
        assertEquals(0, dev.played().length);
    }

    @Test
    void captureUsesFedBytesFirstThenThePattern() {
        IsaStreamDevice dev = defaultDevice();
        dev.feed(new byte[] {(byte) 0xAA, (byte) 0xBB});
        dev.feed(new byte[] {(byte) 0xCC});
        isaDmaStart(CAPTURE_MODE, 0x30000, 8, 1);
        ports.out32(LENGTH, 8);
        ports.out8(COMMAND, 0x01);
        clock.runUntil(1_000_000);

        byte[] expected = {(byte) 0xAA, (byte) 0xBB, (byte) 0xCC, 24, 31, 38, 45, 52}; // i * 7 + 3 for i = 3..7
        assertArrayEquals(expected, memoryAt(0x30000, 8));
    }

    @Test
    void playbackReadsMemoryIntoTheHostBuffer() {
        IsaStreamDevice dev = defaultDevice();
        byte[] song = pattern(100, 0x300);
        memory.write(0x40000, song, 0, song.length);
        isaDmaStart(PLAYBACK_MODE, 0x40000, 0x300, 1);
        ports.out32(LENGTH, 0x300);
        ports.out8(COMMAND, 0x02);
        clock.runUntil(10_000_000);

        assertArrayEquals(song, dev.played());
        assertEquals(List.of(0x300 * 1_000L), irq.risingEdges);
        assertEquals(PLAYBACK | DONE | TC, ports.in8(STATUS));
        dev.clearPlayed();
        assertEquals(0, dev.played().length);
    }

    @Test
    void lengthShorterThanTheDmaCountEndsWithoutTerminalCount() {
        defaultDevice();
        isaDmaStart(CAPTURE_MODE, 0x20000, 0x800, 1);
        ports.out32(LENGTH, 100);
        ports.out8(COMMAND, 0x01);
        clock.runUntil(10_000_000);

        assertEquals(List.of(100_000L), irq.risingEdges);
        assertEquals(DONE, ports.in8(STATUS));
        assertEquals(0x7FF - 100, dmaCount(1));
        assertEquals(0, memory.read8(0x20000 + 100));
    }

    @Test
    void terminalCountInsideAChunkStillEndsAtTheExactByte() {
        defaultDevice();
        isaDmaStart(CAPTURE_MODE, 0x20000, 0x301, 1); // 769 bytes: a chunk of 512, then 257
        ports.out32(LENGTH, 0x10000);
        ports.out8(COMMAND, 0x01);
        clock.runUntil(10_000_000);

        assertEquals(List.of(0x301 * 1_000L), irq.risingEdges);
        assertEquals(DONE | TC, ports.in8(STATUS));
        assertArrayEquals(pattern(0, 0x301), memoryAt(0x20000, 0x301));
        assertEquals(0, memory.read8(0x20301));
    }

    @Test
    void sixteenBitChannelMovesWordsAndWrapsInsideItsPage() {
        new IsaStreamDevice(ports, clock, dma, 5, 0x310, irq, 250);
        isaDmaStart(CAPTURE_MODE, 0x05FF00, 0x200, 5); // 0x100 bytes to the end of the 128 KiB page, then wrap
        ports.out32(0x314, 0x200);
        ports.out8(0x312, 0x01);
        clock.runUntil(10_000_000);

        assertEquals(List.of(0x200 * 250L), irq.risingEdges);
        assertEquals(DONE | TC, ports.in8(0x311));
        assertEquals(5, ports.in8(0x313));
        assertArrayEquals(pattern(0, 0x100), memoryAt(0x05FF00, 0x100));
        assertArrayEquals(pattern(0x100, 0x100), memoryAt(0x040000, 0x100), "the start of the same page");
        assertEquals(0, memory.read8(0x060000), "nothing in the next 128 KiB page");
    }

    @Test
    void sixteenBitPlayback() {
        IsaStreamDevice dev = new IsaStreamDevice(ports, clock, dma, 6, 0x318, irq, 1_000);
        byte[] song = pattern(7, 0x40);
        memory.write(0x60000, song, 0, song.length);
        isaDmaStart(PLAYBACK_MODE, 0x60000, 0x40, 6);
        ports.out32(0x31C, 0x40);
        ports.out8(0x31A, 0x02);
        clock.runUntil(1_000_000);
        assertArrayEquals(song, dev.played());
        assertEquals(List.of(0x40 * 1_000L), irq.risingEdges);
    }

    @Test
    void maskedChannelEndsTheRunWithAnError() {
        defaultDevice();
        isaDmaStart(CAPTURE_MODE, 0x20000, 0x10, 1);
        ports.out8(0x0A, 4 | 1); // masked again
        ports.out32(LENGTH, 0x10);
        ports.out8(COMMAND, 0x01);
        clock.runUntil(1_000_000);

        assertEquals(ERROR, ports.in8(STATUS));
        assertEquals(List.of(0x10 * 1_000L), irq.risingEdges, "noticed when the first chunk falls due");
        assertArrayEquals(new byte[0x10], memoryAt(0x20000, 0x10));
        assertEquals(0, ports.in8(0x08) & 0xF0, "DREQ dropped");
    }

    @Test
    void badLengthIsRefusedAtOnce() {
        defaultDevice();
        clock.advance(500);
        ports.out32(LENGTH, 0);
        ports.out8(COMMAND, 0x01);
        assertEquals(ERROR, ports.in8(STATUS));
        assertEquals(List.of(500L), irq.risingEdges);

        new IsaStreamDevice(ports, clock, dma, 5, 0x310, irq, 1_000);
        ports.out32(0x314, 3); // odd on a 16-bit channel
        ports.out8(0x312, 0x02);
        assertEquals(PLAYBACK | ERROR, ports.in8(0x311));
        assertEquals(List.of(500L, 500L), irq.risingEdges);
    }

    @Test
    void stopMovesTheBytesAlreadyDueAndRaisesNoInterrupt() {
        defaultDevice();
        isaDmaStart(CAPTURE_MODE, 0x20000, 0x1000, 1);
        ports.out32(LENGTH, 0x1000);
        ports.out8(COMMAND, 0x01);
        clock.runUntil(1_500_500); // 1500 bytes due, the 1501st half way
        ports.out8(COMMAND, 0x03);

        assertEquals(0, ports.in8(STATUS));
        assertArrayEquals(pattern(0, 1500), memoryAt(0x20000, 1500));
        assertEquals(0, memory.read8(0x20000 + 1500));
        assertEquals(0xFFF - 1500, dmaCount(1));
        clock.runUntil(100_000_000);
        assertEquals(List.of(), irq.risingEdges);
    }

    @Test
    void stopInTheCycleOfTheLastByteStillReportsCompletion() {
        defaultDevice();
        clock.scheduleAt(0x10 * 1_000L, () -> ports.out8(COMMAND, 0x03)); // runs before the device's own event
        isaDmaStart(CAPTURE_MODE, 0x20000, 0x10, 1);
        ports.out32(LENGTH, 0x10);
        ports.out8(COMMAND, 0x01);
        clock.runUntil(1_000_000);

        assertEquals(List.of(0x10 * 1_000L), irq.risingEdges);
        assertEquals(DONE | TC, ports.in8(STATUS));
        assertArrayEquals(pattern(0, 0x10), memoryAt(0x20000, 0x10));
    }

    @Test
    void dmaCountAdvancesAChunkAtATime() {
        defaultDevice();
        isaDmaStart(CAPTURE_MODE, 0x20000, 0x1000, 1);
        ports.out32(LENGTH, 0x1000);
        ports.out8(COMMAND, 0x01);
        clock.runUntil(600_000); // 600 bytes due; the first 512-byte chunk has moved
        assertEquals(0xFFF - 512, dmaCount(1));
        assertEquals(BUSY, ports.in8(STATUS));
    }

    @Test
    void interruptAckClearsTheStickyBits() {
        defaultDevice();
        isaDmaStart(PLAYBACK_MODE, 0x20000, 4, 1);
        ports.out32(LENGTH, 4);
        ports.out8(COMMAND, 0x02);
        clock.runUntil(1_000_000);
        assertEquals(PLAYBACK | DONE | TC, ports.in8(STATUS));
        ports.out8(STATUS, DONE);
        assertEquals(PLAYBACK | TC, ports.in8(STATUS));
        ports.out8(STATUS, 0xFF);
        assertEquals(PLAYBACK, ports.in8(STATUS), "BUSY and PLAYBACK are not acknowledged away");
    }

    @Test
    void startWhileBusyIsIgnored() {
        defaultDevice();
        isaDmaStart(CAPTURE_MODE, 0x20000, 0x100, 1);
        ports.out32(LENGTH, 0x100);
        ports.out8(COMMAND, 0x01);
        clock.runUntil(50_000);
        ports.out8(COMMAND, 0x02);
        assertEquals(BUSY, ports.in8(STATUS), "still capturing");
        clock.runUntil(1_000_000);
        assertEquals(List.of(0x100 * 1_000L), irq.risingEdges);
    }

    @Test
    void blockModeHogsTheBusAndEndsAtTheFirstChunk() {
        defaultDevice();
        isaDmaStart(0x80 | 0x04, 0x20000, 0x1000, 1); // block, write
        ports.out32(LENGTH, 0x1000);
        ports.out8(COMMAND, 0x01);
        clock.runUntil(100_000_000);
        assertEquals(List.of(512 * 1_000L), irq.risingEdges);
        assertEquals(DONE | TC, ports.in8(STATUS));
        assertArrayEquals(pattern(0, 0x1000), memoryAt(0x20000, 0x1000));
    }

    @Test
    void autoInitChannelServesASecondRunWithoutReprogramming() {
        IsaStreamDevice dev = defaultDevice();
        isaDmaStart(0x50 | 0x04, 0x20000, 0x10, 1); // DMA37MD_AUTO | DMA37MD_WRITE
        ports.out32(LENGTH, 0x10);
        ports.out8(COMMAND, 0x01);
        clock.runUntil(1_000_000);
        assertEquals(DONE | TC, ports.in8(STATUS));

        dev.feed(new byte[] {1, 2, 3, 4});
        ports.out8(COMMAND, 0x01);
        clock.runUntil(2_000_000);
        assertEquals(List.of(0x10 * 1_000L, 1_000_000L + 0x10 * 1_000L), irq.risingEdges);
        byte[] expected = pattern(0, 0x10);
        System.arraycopy(new byte[] {1, 2, 3, 4}, 0, expected, 0, 4);
        assertArrayEquals(expected, memoryAt(0x20000, 0x10), "the same buffer again, fed bytes first");
    }

    @Test
    void wrongDmaDirectionMovesNoData() {
        IsaStreamDevice dev = defaultDevice();
        memory.fill(0x20000, 0x10, 0x99);
        isaDmaStart(PLAYBACK_MODE, 0x20000, 0x10, 1); // the driver set memory-to-device
        ports.out32(LENGTH, 0x10);
        ports.out8(COMMAND, 0x01); // but asked the device to capture
        clock.runUntil(1_000_000);
        assertEquals(DONE | TC, ports.in8(STATUS));
        assertEquals(0, dev.played().length, "a capturing device ignores IOW#");
        assertEquals(0x99, memory.read8(0x20000), "memory was only read");
    }

    @Test
    void twoRunsOfTheSameScriptAreIdentical() {
        assertEquals(script(), script());
    }

    /** A mixed session on a fresh machine; returns everything observable as a string. */
    private static String script() {
        VirtualClock clock = new VirtualClock(1_000_000_000L);
        IoPortSpace ports = new IoPortSpace();
        PhysicalMemory memory = new PhysicalMemory(16L << 20);
        I8237Pair dma = new I8237Pair(ports, memory);
        List<Long> edges = new ArrayList<>();
        IrqLine line = high -> {
            if (high) {
                edges.add(clock.now());
            }
        };
        IsaStreamDevice dev8 = new IsaStreamDevice(ports, clock, dma, 1, 0x300, line, 730);
        IsaStreamDevice dev16 = new IsaStreamDevice(ports, clock, dma, 5, 0x310, line, 333);
        IsaStreamDeviceTest t = new IsaStreamDeviceTest();
        t.ports = ports;
        dev8.feed(new byte[] {9, 8, 7});
        t.isaDmaStart(CAPTURE_MODE, 0x2FF00, 0x1234, 1);
        ports.out32(0x304, 0x1234);
        ports.out8(0x302, 0x01);
        clock.advance(77_777);
        memory.write(0x50000, pattern(3, 0x2000), 0, 0x2000);
        t.isaDmaStart(PLAYBACK_MODE, 0x50000, 0x2000, 5);
        ports.out32(0x314, 0x2000);
        ports.out8(0x312, 0x02);
        clock.advance(1_000_000);
        ports.out8(0x312, 0x03);
        clock.advance(10_000_000);
        StringBuilder s = new StringBuilder();
        s.append("edges=").append(edges);
        s.append(" status8=").append(ports.in8(0x301)).append(" status16=").append(ports.in8(0x311));
        byte[] captured = new byte[0x1234];
        memory.read(0x2FF00, captured, 0, 0x100);
        memory.read(0x20000, captured, 0x100, 0x1134);
        s.append(" captured=").append(java.util.Arrays.hashCode(captured));
        s.append(" played=").append(java.util.Arrays.toString(dev16.played()));
        s.append(" now=").append(clock.now());
        return s.toString();
    }

    @Test
    void refusesBadConstructorArguments() {
        assertThrows(IllegalArgumentException.class, () -> new IsaStreamDevice(null, clock, dma, irq));
        assertThrows(IllegalArgumentException.class, () -> new IsaStreamDevice(ports, null, dma, irq));
        assertThrows(IllegalArgumentException.class, () -> new IsaStreamDevice(ports, clock, null, irq));
        assertThrows(IllegalArgumentException.class, () -> new IsaStreamDevice(ports, clock, dma, null));
        IllegalArgumentException cascade = assertThrows(IllegalArgumentException.class,
                () -> new IsaStreamDevice(ports, clock, dma, 4, 0x300, irq, 1_000));
        assertTrue(cascade.getMessage().contains("channel 4"), cascade.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new IsaStreamDevice(ports, clock, dma, 8, 0x300, irq, 1_000));
        assertThrows(IllegalArgumentException.class, () -> new IsaStreamDevice(ports, clock, dma, 1, 0x301, irq, 1_000));
        assertThrows(IllegalArgumentException.class, () -> new IsaStreamDevice(ports, clock, dma, 1, 0x10000, irq, 1_000));
        assertThrows(IllegalArgumentException.class, () -> new IsaStreamDevice(ports, clock, dma, 1, 0x300, irq, 0));
        assertThrows(IllegalArgumentException.class,
                () -> new IsaStreamDevice(ports, clock, dma, 1, 0x300, irq, IsaStreamDevice.MAX_NANOS_PER_BYTE + 1));
        IsaStreamDevice dev = defaultDevice();
        assertThrows(IllegalArgumentException.class, this::defaultDevice, "ports 0x300-0x307 are taken");
        assertThrows(IllegalArgumentException.class, () -> dev.feed(null));
    }
}
