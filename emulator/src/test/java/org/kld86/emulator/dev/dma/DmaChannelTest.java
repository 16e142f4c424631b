package org.kld86.emulator.dev.dma;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/** One channel's counters and address composition (MACHINE-SEMANTICS §3.1, "Limits"). */
class DmaChannelTest {

    private static DmaChannel programmed(boolean word, int page, int address, int count, int mode) {
        DmaChannel ch = new DmaChannel(word);
        ch.writeMode(mode);
        ch.writePage(page);
        ch.writeAddressByte(false, address);
        ch.writeAddressByte(true, address >>> 8);
        ch.writeCountByte(false, count);
        ch.writeCountByte(true, count >>> 8);
        return ch;
    }

    @Test
    void modeBitsDecode() {
        DmaChannel ch = programmed(false, 0, 0, 0, 0x50 | 0x20 | 0x08 | 3); // auto-init single, decrement, read
        assertEquals(DmaChannel.MODE_SINGLE, ch.transferMode());
        assertEquals(DmaChannel.TYPE_READ, ch.transferType());
        assertTrue(ch.autoInit());
        assertTrue(ch.decrement());
        DmaChannel cascade = programmed(false, 0, 0, 0, 0xC0);
        assertEquals(DmaChannel.MODE_CASCADE, cascade.transferMode());
        assertEquals(DmaChannel.TYPE_VERIFY, cascade.transferType());
        assertFalse(cascade.autoInit());
    }

    @Test
    void byteChannelAddressIsPageThenCounter() {
        assertEquals(0xAB1234L, programmed(false, 0xAB, 0x1234, 0, 0).pa());
    }

    @Test
    void wordChannelAddressDropsPageBitZeroAndShiftsTheCounter() {
        assertEquals(0xAA2468L, programmed(true, 0xAB, 0x1234, 0, 0).pa(), "A23:A17 from page, A16:A1 from counter");
    }

    @Test
    void terminalCountIsTheRollFromZeroToFfff() {
        DmaChannel ch = programmed(false, 0, 0, 1, 0);
        assertEquals(2, ch.unitsToTerminalCount());
        assertFalse(ch.step());
        assertTrue(ch.step());
        assertEquals(0xFFFF, ch.currentCount());
        assertEquals(0x10000, ch.unitsToTerminalCount());
    }

    @Test
    void reloadRestoresBaseRegisters() {
        DmaChannel ch = programmed(false, 0, 0x100, 3, 0);
        ch.step();
        ch.step();
        ch.reload();
        assertEquals(0x100, ch.currentAddress());
        assertEquals(3, ch.currentCount());
    }

    /** The page never changes and the address never leaves 24 bits, whatever the counter does. */
    @Property(tries = 200, seed = "8237")
    void addressStaysInsideThePage(@ForAll @IntRange(max = 0xFF) int page, @ForAll @IntRange(max = 0xFFFF) int address,
            @ForAll boolean word, @ForAll boolean decrement, @ForAll @IntRange(min = 1, max = 0x20000) int steps) {
        DmaChannel ch = programmed(word, page, address, 0xFFFF, decrement ? 0x20 : 0);
        long pageBase = word ? (long) (page & 0xFE) << 16 : (long) page << 16;
        long pageSize = word ? 0x20000 : 0x10000;
        for (int i = 0; i < steps % 0x11000; i++) {
            long pa = ch.pa();
            assertTrue(pa >= pageBase && pa < pageBase + pageSize, String.format("0x%x outside page 0x%x", pa, pageBase));
            assertTrue(pa < 1L << 24);
            ch.step();
        }
    }
}
