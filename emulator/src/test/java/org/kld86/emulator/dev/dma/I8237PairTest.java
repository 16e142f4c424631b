package org.kld86.emulator.dev.dma;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.kld86.emulator.io.IoPortSpace;
import org.kld86.emulator.memory.PhysicalMemory;

/**
 * The 8237 pair as a driver programs it (FreeBSD isa_dmastart, isa_dmastatus, isa_dmatc) and as a device uses
 * it. Expected addresses follow MACHINE-SEMANTICS §3.1: page:counter with no carry into the page.
 */
class I8237PairTest {

    // Ports from FreeBSD sys/isa/isa_dmareg.h and isa_dma.c's dmapageport[].
    private static final int DMA1_STATUS = 0x08;
    private static final int DMA1_SMSK = 0x0A;
    private static final int DMA1_MODE = 0x0B;
    private static final int DMA1_FFC = 0x0C;
    private static final int DMA1_RESET = 0x0D;
    private static final int DMA1_ALL_MASKS = 0x0F;
    private static final int DMA2_STATUS = 0xD0;
    private static final int DMA2_REQUEST = 0xD2;
    private static final int DMA2_SMSK = 0xD4;
    private static final int DMA2_MODE = 0xD6;
    private static final int DMA2_FFC = 0xD8;
    private static final int DMA2_RESET = 0xDA;
    private static final int[] PAGE_PORT = {0x87, 0x83, 0x81, 0x82, 0x8F, 0x8B, 0x89, 0x8A};

    // i8237.h mode bits.
    private static final int DMA37MD_SINGLE = 0x40;
    private static final int DMA37MD_AUTO = 0x50;
    private static final int DMA37MD_WRITE = 0x04;
    private static final int DMA37MD_READ = 0x08;
    private static final int MODE_BLOCK = 0x80;
    private static final int MODE_DECREMENT = 0x20;

    private IoPortSpace ports;
    private PhysicalMemory memory;
    private I8237Pair dma;

    @BeforeEach
    void setUp() {
        ports = new IoPortSpace();
        memory = new PhysicalMemory(32L << 20);
        dma = new I8237Pair(ports, memory);
    }

    /**
     * FreeBSD isa_dmastart's register writes, in its order: mode, clear flip-flop, address low and high, page,
     * count low and high, unmask. {@code deviceToMemory} is its ISADMA_READ flag, {@code autoInit} ISADMA_RAW.
     */
    private void isaDmaStart(boolean deviceToMemory, boolean autoInit, long phys, int nbytes, int chan) {
        int type = deviceToMemory ? DMA37MD_WRITE : DMA37MD_READ;
        int mode = (autoInit ? DMA37MD_AUTO : DMA37MD_SINGLE) | type;
        if ((chan & 4) == 0) {
            ports.out8(DMA1_MODE, mode | chan);
            ports.out8(DMA1_FFC, 0);
            int waport = 2 * chan;
            ports.out8(waport, (int) phys);
            ports.out8(waport, (int) (phys >> 8));
            ports.out8(PAGE_PORT[chan], (int) (phys >> 16));
            nbytes--;
            ports.out8(waport + 1, nbytes);
            ports.out8(waport + 1, nbytes >> 8);
            ports.out8(DMA1_SMSK, chan);
        } else {
            ports.out8(DMA2_MODE, mode | (chan & 3));
            ports.out8(DMA2_FFC, 0);
            int waport = 0xC0 + 4 * (chan - 4);
            ports.out8(waport, (int) (phys >> 1));
            ports.out8(waport, (int) (phys >> 9));
            ports.out8(PAGE_PORT[chan], (int) (phys >> 16));
            nbytes >>= 1;
            nbytes--;
            ports.out8(waport + 2, nbytes);
            ports.out8(waport + 2, nbytes >> 8);
            ports.out8(DMA2_SMSK, chan & 3);
        }
    }

    /** Reads a channel's current count the way isa_dmastatus does: clear the flip-flop, low byte, high byte. */
    private int readCount(int chan) {
        if (chan < 4) {
            ports.out8(DMA1_FFC, 0);
            return ports.in8(2 * chan + 1) | ports.in8(2 * chan + 1) << 8;
        }
        ports.out8(DMA2_FFC, 0);
        int port = 0xC0 + 4 * (chan - 4) + 2;
        return ports.in8(port) | ports.in8(port) << 8;
    }

    private int readAddress(int chan) {
        if (chan < 4) {
            ports.out8(DMA1_FFC, 0);
            return ports.in8(2 * chan) | ports.in8(2 * chan) << 8;
        }
        ports.out8(DMA2_FFC, 0);
        int port = 0xC0 + 4 * (chan - 4);
        return ports.in8(port) | ports.in8(port) << 8;
    }

    /** A device that supplies bytes 0x01, 0x02, ... (or words 0x0201, 0x0403, ...) and notes TC. */
    private static final class Source implements DmaPeer {
        final boolean words;
        int next = 1;
        int reads;
        int terminalCounts;

        Source(boolean words) {
            this.words = words;
        }

        @Override
        public int ioRead() {
            reads++;
            int lo = next++ & 0xFF;
            if (!words) {
                return lo;
            }
            return lo | (next++ & 0xFF) << 8;
        }

        @Override
        public void ioWrite(int unit) {
            throw new AssertionError("a write transfer must not strobe IOW#");
        }

        @Override
        public void terminalCount() {
            terminalCounts++;
        }
    }

    /** A device that collects what memory sends it. */
    private static final class Sink implements DmaPeer {
        final ByteArrayOutputStream units = new ByteArrayOutputStream();
        final boolean words;
        int terminalCounts;

        Sink(boolean words) {
            this.words = words;
        }

        @Override
        public int ioRead() {
            throw new AssertionError("a read transfer must not strobe IOR#");
        }

        @Override
        public void ioWrite(int unit) {
            units.write(unit & 0xFF);
            if (words) {
                units.write(unit >>> 8 & 0xFF);
            }
        }

        @Override
        public void terminalCount() {
            terminalCounts++;
        }
    }

    private static byte[] sequence(int first, int n) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) (first + i);
        }
        return b;
    }

    private byte[] memoryAt(long pa, int n) {
        byte[] b = new byte[n];
        memory.read(pa, b, 0, n);
        return b;
    }

    // ---------------------------------------------------------------------------------------------------------
    // Programming

    @Test
    void isaDmaStartProgramsAddressCountPageAndUnmasks() {
        isaDmaStart(true, false, 0x12345, 0x100, 1);

        assertEquals(0x2345, readAddress(1));
        assertEquals(0x00FF, readCount(1), "the count register holds N - 1");
        assertEquals(0x01, ports.in8(0x83), "page register of channel 1");
        assertEquals(0xF0 | 0b1101, ports.in8(DMA1_ALL_MASKS), "only channel 1 unmasked on DMA1");
    }

    @Test
    void sixteenBitChannelTakesWordAddressAndWordCount() {
        isaDmaStart(true, false, 0x24680, 0x40, 5);

        assertEquals((0x24680 >> 1) & 0xFFFF, readAddress(5), "word address phys >> 1 (A16:A1)");
        assertEquals(0x40 / 2 - 1, readCount(5), "count in words, minus one");
        assertEquals(0x02, ports.in8(0x8B), "page register of channel 5");
    }

    @Test
    void flipFlopAlternatesAndClearFlipFlopRestartsAtTheLowByte() {
        isaDmaStart(true, false, 0xABCD, 0x10, 2);
        ports.out8(DMA1_FFC, 0);
        assertEquals(0xCD, ports.in8(0x04));
        assertEquals(0xAB, ports.in8(0x04));
        assertEquals(0xCD, ports.in8(0x04), "a third access is a low byte again");
        ports.out8(DMA1_FFC, 0);
        assertEquals(0xCD, ports.in8(0x04), "after a clear the next access is the low byte");
    }

    @Test
    void pageRegistersReadBackAndTheRestOfTheBlockIsEmpty() {
        for (int ch = 0; ch < 8; ch++) {
            ports.out8(PAGE_PORT[ch], 0x10 + ch);
        }
        for (int ch = 0; ch < 8; ch++) {
            assertEquals(0x10 + ch, ports.in8(PAGE_PORT[ch]), "page register of channel " + ch);
        }
        for (int port : new int[] {0x80, 0x84, 0x85, 0x86, 0x88, 0x8C, 0x8D, 0x8E}) {
            ports.out8(port, 0x42);
            assertEquals(0xFF, ports.in8(port), String.format("port 0x%x has no page register", port));
            assertEquals("dma-page", ports.owner(port));
        }
    }

    @Test
    void wideAccessIsSplitIntoByteCyclesOnConsecutivePorts() {
        ports.out8(0x81, 0x22); // channel 2
        ports.out8(0x82, 0x33); // channel 3
        assertEquals(0x3322, ports.in16(0x81));
        ports.out16(0x81, 0x5544);
        assertEquals(0x44, ports.in8(0x81));
        assertEquals(0x55, ports.in8(0x82));
    }

    @Test
    void dma2RegistersSitOnEvenPortsOnly() {
        isaDmaStart(true, false, 0x20000, 0x20, 5);
        assertEquals(0xFF, ports.in8(0xC5), "odd port inside DMA2");
        ports.out8(0xC5, 0x00); // dropped: it must not touch channel 5's address
        assertEquals(0x0000, readAddress(5));
        assertEquals(0x000F, readCount(5));
    }

    @Test
    void portsAreClaimed() {
        assertEquals("dma1", ports.owner(0x00));
        assertEquals("dma1", ports.owner(0x0F));
        assertEquals("dma2", ports.owner(0xC0));
        assertEquals("dma2", ports.owner(0xDF));
        assertEquals("dma-page", ports.owner(0x8F));
        assertEquals(null, ports.owner(0x10));
        assertThrows(IllegalArgumentException.class, () -> new I8237Pair(ports, memory),
                "a second pair on the same ports is a configuration error");
    }

    // ---------------------------------------------------------------------------------------------------------
    // Transfers

    @Test
    void writeTransferLandsAtThePhysicalAddress() {
        isaDmaStart(true, false, 0x12340, 0x100, 1);
        Source dev = new Source(false);

        assertEquals(0x100, dma.transfer(1, dev, 0x100));

        assertArrayEquals(sequence(1, 0x100), memoryAt(0x12340, 0x100));
        assertEquals(0, memory.read8(0x1233F), "byte before the buffer");
        assertEquals(0, memory.read8(0x12440), "byte after the buffer");
        assertEquals(1, dev.terminalCounts);
    }

    @Test
    void readTransferFeedsTheDeviceFromThePhysicalAddress() {
        memory.write(0x30000, sequence(0x40, 0x80), 0, 0x80);
        isaDmaStart(false, false, 0x30000, 0x80, 3);
        Sink dev = new Sink(false);

        assertEquals(0x80, dma.transfer(3, dev, 0x1000));

        assertArrayEquals(sequence(0x40, 0x80), dev.units.toByteArray());
        assertEquals(1, dev.terminalCounts);
    }

    @Test
    void transferStopsAtMaxUnitsAndResumesWhereItLeftOff() {
        isaDmaStart(true, false, 0x40000, 0x10, 0);
        Source dev = new Source(false);

        assertEquals(6, dma.transfer(0, dev, 6));
        assertEquals(0, dev.terminalCounts);
        assertEquals(0x0006, readAddress(0));
        assertEquals(0x0009, readCount(0));
        assertEquals(10, dma.transfer(0, dev, 100), "stops at terminal count, not at maxUnits");
        assertEquals(1, dev.terminalCounts);
        assertArrayEquals(sequence(1, 0x10), memoryAt(0x40000, 0x10));
    }

    @Test
    void eightBitChannelWrapsInsideItsSixtyFourKibPage() {
        isaDmaStart(true, false, 0x12FFF0, 0x20, 1);
        Source dev = new Source(false);

        assertEquals(0x20, dma.transfer(1, dev, 0x20));

        assertArrayEquals(sequence(1, 0x10), memoryAt(0x12FFF0, 0x10), "first 16 bytes at the end of the page");
        assertArrayEquals(sequence(0x11, 0x10), memoryAt(0x120000, 0x10), "next 16 at the start of the SAME page");
        assertArrayEquals(new byte[0x10], memoryAt(0x130000, 0x10), "nothing carried into the next page");
        assertEquals(0x12, ports.in8(0x83), "page register untouched");
    }

    @Test
    void sixteenBitChannelWrapsInsideItsOneTwentyEightKibPage() {
        // 0x2DFFE0: page 0x2D (bit 0 is A16, ignored by the page latch), word address 0xFFF0. Page 0x2C has
        // A17 clear, so a carry out of the counter would show at 0x2E0000.
        isaDmaStart(true, false, 0x2DFFE0, 0x40, 5);
        assertEquals(0xFFF0, readAddress(5));
        assertEquals(0x1F, readCount(5), "0x40 bytes are 0x20 words");
        Source dev = new Source(true);

        assertEquals(0x20, dma.transfer(5, dev, 0x20), "units are words");

        assertArrayEquals(sequence(1, 0x20), memoryAt(0x2DFFE0, 0x20), "16 words at the end of the 128 KiB page");
        assertArrayEquals(sequence(0x21, 0x20), memoryAt(0x2C0000, 0x20), "16 words at the start of the same page");
        assertArrayEquals(new byte[0x20], memoryAt(0x2E0000, 0x20), "nothing in the next 128 KiB page");
        assertEquals(0x20, dev.reads, "one IOR# cycle a word");
    }

    @Test
    void sixteenBitReadTransferSendsLittleEndianWords() {
        memory.write(0x60000, new byte[] {0x11, 0x22, 0x33, 0x44}, 0, 4);
        isaDmaStart(false, false, 0x60000, 4, 6);
        java.util.List<Integer> units = new java.util.ArrayList<>();
        DmaPeer dev = new DmaPeer() {
            @Override
            public int ioRead() {
                throw new AssertionError();
            }

            @Override
            public void ioWrite(int unit) {
                units.add(unit);
            }
        };
        assertEquals(2, dma.transfer(6, dev, 2));
        assertEquals(java.util.List.of(0x2211, 0x4433), units);
    }

    @Test
    void maskedChannelMovesNothing() {
        isaDmaStart(true, false, 0x50000, 0x10, 1);
        ports.out8(DMA1_SMSK, 4 | 1); // isa_dmadone's mask
        Source dev = new Source(false);

        assertEquals(0, dma.transfer(1, dev, 0x10));
        assertEquals(0, dev.reads);
        assertEquals(0, dev.terminalCounts);
        assertEquals(0x000F, readCount(1), "count untouched");
        assertArrayEquals(new byte[0x10], memoryAt(0x50000, 0x10));
        assertEquals(0, ports.in8(DMA1_STATUS) & 0x0F, "no terminal count");
    }

    @Test
    void writeAllMasksAndMasterClearMaskToo() {
        isaDmaStart(true, false, 0x50000, 0x10, 2);
        ports.out8(DMA1_ALL_MASKS, 0b0100);
        assertEquals(0, dma.transfer(2, new Source(false), 1));
        ports.out8(0x0E, 0); // clear all masks
        assertEquals(1, dma.transfer(2, new Source(false), 1));
        ports.out8(DMA1_RESET, 0);
        assertEquals(0xFF, ports.in8(DMA1_ALL_MASKS), "master clear masks every channel");
        assertEquals(0, dma.transfer(2, new Source(false), 1));
    }

    @Test
    void statusTerminalCountBitsAreSetAndClearedByReading() {
        isaDmaStart(true, false, 0x50000, 4, 1);
        isaDmaStart(true, false, 0x60000, 4, 7);
        dma.transfer(1, new Source(false), 4);
        dma.transfer(7, new Source(true), 2);

        assertEquals(0b0010, ports.in8(DMA1_STATUS) & 0x0F, "TC1 (isa_dmatc reads bit 1 << chan)");
        assertEquals(0, ports.in8(DMA1_STATUS) & 0x0F, "cleared by the first read");
        assertEquals(0b1000, ports.in8(DMA2_STATUS) & 0x0F, "TC for channel 7 is bit 3 of DMA2");
        assertEquals(0, ports.in8(DMA2_STATUS) & 0x0F);
    }

    @Test
    void statusRequestBitsShowDreqAndSoftwareRequests() {
        dma.setDreq(2, true);
        assertEquals(0b0100 << 4, ports.in8(DMA1_STATUS) & 0xF0);
        assertEquals(0b0100 << 4, ports.in8(DMA1_STATUS) & 0xF0, "request bits are not cleared by reading");
        dma.setDreq(2, false);
        assertEquals(0, ports.in8(DMA1_STATUS));

        isaDmaStart(true, false, 0x70000, 2, 6);
        ports.out8(DMA2_REQUEST, 4 | 2); // software request, channel 6
        assertEquals(0b0100 << 4, ports.in8(DMA2_STATUS) & 0xF0);
        dma.transfer(6, new Source(true), 1);
        assertEquals(0b0100, ports.in8(DMA2_STATUS), "terminal count drops the software request");
    }

    @Test
    void countReadsFfffAfterTerminalCountAndTheChannelMasksItself() {
        isaDmaStart(true, false, 0x50000, 8, 1);
        dma.transfer(1, new Source(false), 8);

        assertEquals(0xFFFF, readCount(1));
        assertEquals(0x0008, readAddress(1), "the address has moved past the buffer");
        assertEquals(0xF0 | 0b1111, ports.in8(DMA1_ALL_MASKS), "no auto-init: masked at TC");
        assertEquals(0, dma.transfer(1, new Source(false), 8));
    }

    @Test
    void autoInitReloadsBaseValuesAndKeepsGoing() {
        isaDmaStart(true, true, 0x50100, 8, 1);
        Source dev = new Source(false);

        assertEquals(8, dma.transfer(1, dev, 100));
        assertEquals(0x0100, readAddress(1), "current address back at base");
        assertEquals(0x0007, readCount(1), "current count back at base");
        assertEquals(0xF0 | 0b1101, ports.in8(DMA1_ALL_MASKS), "still unmasked");
        assertEquals(0b0010, ports.in8(DMA1_STATUS) & 0x0F);

        assertEquals(8, dma.transfer(1, dev, 100));
        assertArrayEquals(sequence(9, 8), memoryAt(0x50100, 8), "the second pass overwrote the same buffer");
        assertEquals(2, dev.terminalCounts);
    }

    @Test
    void addressDecrementWalksDownAndWrapsInsideThePage() {
        ports.out8(DMA1_MODE, DMA37MD_SINGLE | MODE_DECREMENT | DMA37MD_WRITE | 1);
        ports.out8(DMA1_FFC, 0);
        ports.out8(0x02, 0x03); // address 0x0003
        ports.out8(0x02, 0x00);
        ports.out8(0x83, 0x05); // page 0x05
        ports.out8(0x03, 0x07); // 8 bytes
        ports.out8(0x03, 0x00);
        ports.out8(DMA1_SMSK, 1);

        assertEquals(8, dma.transfer(1, new Source(false), 8));

        assertArrayEquals(new byte[] {4, 3, 2, 1}, memoryAt(0x50000, 4), "bytes 1-4 at 0x50003 down to 0x50000");
        assertArrayEquals(new byte[] {8, 7, 6, 5}, memoryAt(0x5FFFC, 4), "then 0xFFFF and down, same page");
        assertEquals(0, memory.read8(0x4FFFF), "no borrow from the page");
        assertEquals(0xFFFB, readAddress(1));
    }

    @Test
    void nothingAboveSixteenMibIsReachable() {
        memory.fill(0x1000000, 0x20000, 0xEE); // RAM above 16 MiB that must stay as it is
        isaDmaStart(true, false, 0xFFFFF0, 0x20, 1); // page 0xFF, the top of the 24-bit space
        assertEquals(0x20, dma.transfer(1, new Source(false), 0x20));
        assertArrayEquals(sequence(1, 0x10), memoryAt(0xFFFFF0, 0x10));
        assertArrayEquals(sequence(0x11, 0x10), memoryAt(0xFF0000, 0x10));

        isaDmaStart(true, false, 0xFFFFE0, 0x40, 7); // page 0xFF, word address 0xFFF0
        assertEquals(0x20, dma.transfer(7, new Source(true), 0x20));
        assertArrayEquals(sequence(1, 0x20), memoryAt(0xFFFFE0, 0x20));
        assertArrayEquals(sequence(0x21, 0x20), memoryAt(0xFE0000, 0x20));

        byte[] above = memoryAt(0x1000000, 0x20000);
        for (byte b : above) {
            assertEquals((byte) 0xEE, b, "a DMA write reached above 16 MiB");
        }
    }

    @Test
    void verifyTransferRunsTheCountersWithoutTouchingMemoryOrTheDevice() {
        memory.fill(0x50000, 0x10, 0x77);
        ports.out8(DMA1_MODE, DMA37MD_SINGLE | 1); // type 00: verify
        ports.out8(DMA1_FFC, 0);
        ports.out8(0x02, 0);
        ports.out8(0x02, 0);
        ports.out8(0x83, 0x05);
        ports.out8(0x03, 0x0F);
        ports.out8(0x03, 0);
        ports.out8(DMA1_SMSK, 1);
        Source dev = new Source(false);

        assertEquals(0x10, dma.transfer(1, dev, 0x10));
        assertEquals(0, dev.reads);
        assertEquals(1, dev.terminalCounts);
        assertEquals(0xFFFF, readCount(1));
        for (byte b : memoryAt(0x50000, 0x10)) {
            assertEquals((byte) 0x77, b);
        }
    }

    @Test
    void blockModeRunsToTerminalCountOnceGranted() {
        ports.out8(DMA1_MODE, MODE_BLOCK | DMA37MD_WRITE | 3);
        ports.out8(DMA1_FFC, 0);
        ports.out8(0x06, 0);
        ports.out8(0x06, 0);
        ports.out8(0x82, 0x05);
        ports.out8(0x07, 0x1F);
        ports.out8(0x07, 0);
        ports.out8(DMA1_SMSK, 3);
        Source dev = new Source(false);

        assertEquals(0x20, dma.transfer(3, dev, 1), "DREQ is only needed to start a block transfer");
        assertEquals(1, dev.terminalCounts);
        assertArrayEquals(sequence(1, 0x20), memoryAt(0x50000, 0x20));
    }

    @Test
    void cascadeChannelGatesTheFirstController() {
        isaDmaStart(true, true, 0x50000, 0x10, 1);
        ports.out8(DMA2_SMSK, 4 | 0); // mask channel 4
        assertEquals(0, dma.transfer(1, new Source(false), 1), "DMA1 is cut off from the bus");
        ports.out8(DMA2_SMSK, 0);
        assertEquals(1, dma.transfer(1, new Source(false), 1));

        ports.out8(DMA2_RESET, 0); // master clear of DMA2 masks channel 4 too
        assertEquals(0, dma.transfer(1, new Source(false), 1));
        ports.out8(DMA2_SMSK, 0);
        assertEquals(1, dma.transfer(1, new Source(false), 1), "the cascade mode survived the master clear");

        ports.out8(DMA2_MODE, DMA37MD_SINGLE | 0); // channel 4 out of cascade mode
        assertEquals(0, dma.transfer(1, new Source(false), 1));
    }

    @Test
    void aChannelInCascadeModeIsNotDrivenByTheController() {
        isaDmaStart(true, false, 0x50000, 0x10, 5);
        ports.out8(DMA2_MODE, 0xC0 | 1); // FreeBSD isa_dmacascade(5)
        assertEquals(0, dma.transfer(5, new Source(true), 4));
    }

    @Test
    void commandRegisterDisableStopsTheController() {
        isaDmaStart(true, false, 0x50000, 0x10, 6);
        ports.out8(DMA2_STATUS, 0x04); // command: controller disable
        assertEquals(0, dma.transfer(6, new Source(true), 1));
        isaDmaStart(true, false, 0x50000, 0x10, 1);
        assertEquals(0, dma.transfer(1, new Source(false), 1), "DMA1 goes through the disabled DMA2");
        ports.out8(DMA2_STATUS, 0x00);
        assertEquals(1, dma.transfer(6, new Source(true), 1));
    }

    @Test
    void masterClearResetsTheFlipFlopAndKeepsAddresses() {
        isaDmaStart(true, false, 0x51234, 0x10, 1);
        ports.in8(0x02); // leave the flip-flop on the high byte
        ports.out8(DMA1_RESET, 0);
        assertEquals(0x34, ports.in8(0x02), "first access after master clear is the low byte");
        assertEquals(0x12, ports.in8(0x02));
        assertEquals(0x0F, readCount(1));
    }

    @Test
    void writeOnlyRegistersReadAllOnes() {
        for (int port : new int[] {0x09, 0x0A, 0x0B, 0x0C, 0x0E}) {
            assertEquals(0xFF, ports.in8(port), String.format("port 0x%x", port));
        }
        assertEquals(0x00, ports.in8(DMA1_RESET), "the temporary register");
    }

    @Test
    void zeroUnitsIsNoHandshake() {
        isaDmaStart(true, false, 0x50000, 0x10, 1);
        assertEquals(0, dma.transfer(1, new Source(false), 0));
        assertEquals(0x0F, readCount(1));
    }

    @Test
    void unitsToTerminalCountIsCountPlusOne() {
        isaDmaStart(true, false, 0x50000, 0x300, 1);
        assertEquals(0x300, dma.unitsToTerminalCount(1));
        isaDmaStart(true, false, 0x50000, 0x300, 5);
        assertEquals(0x180, dma.unitsToTerminalCount(5), "words on a 16-bit channel");
    }

    @Test
    void refusesBadArguments() {
        Source dev = new Source(false);
        assertThrows(IllegalArgumentException.class, () -> dma.transfer(4, dev, 1));
        assertThrows(IllegalArgumentException.class, () -> dma.transfer(8, dev, 1));
        assertThrows(IllegalArgumentException.class, () -> dma.transfer(-1, dev, 1));
        assertThrows(IllegalArgumentException.class, () -> dma.transfer(1, null, 1));
        assertThrows(IllegalArgumentException.class, () -> dma.transfer(1, dev, -1));
        assertThrows(IllegalArgumentException.class, () -> dma.setDreq(4, true));
        assertThrows(IllegalArgumentException.class, () -> dma.unitsToTerminalCount(9));
        assertThrows(IllegalArgumentException.class, () -> new I8237Pair(null, memory));
        assertThrows(IllegalArgumentException.class, () -> new I8237Pair(new IoPortSpace(), null));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> I8237Pair.unitBytes(4));
        assertTrue(e.getMessage().contains("cascade"), e.getMessage());
        assertEquals(1, I8237Pair.unitBytes(3));
        assertEquals(2, I8237Pair.unitBytes(5));
        assertFalse(dev.reads > 0);
    }
}
