package org.kld86.emulator.dev.dma;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** One controller's register file, by register index (the port decoding is {@link I8237PairTest}'s). */
class I8237Test {

    @Test
    void resetMasksEveryChannelAndEnablesTheController() {
        I8237 c = new I8237(false);
        assertEquals(0xFF, c.read(I8237.REG_ALL_MASKS));
        assertTrue(c.enabled());
        assertEquals(0, c.read(I8237.REG_STATUS_COMMAND));
    }

    @Test
    void singleMaskSetsAndClearsOneChannel() {
        I8237 c = new I8237(false);
        c.write(I8237.REG_SINGLE_MASK, 2); // clear channel 2
        assertFalse(c.masked(2));
        assertTrue(c.masked(1));
        c.write(I8237.REG_SINGLE_MASK, 4 | 2);
        assertTrue(c.masked(2));
    }

    @Test
    void modeWriteSelectsTheChannelByItsLowBits() {
        I8237 c = new I8237(false);
        c.write(I8237.REG_MODE, 0x80 | 0x04 | 2);
        assertEquals(DmaChannel.MODE_BLOCK, c.channel(2).transferMode());
        assertEquals(DmaChannel.TYPE_WRITE, c.channel(2).transferType());
        assertEquals(DmaChannel.MODE_DEMAND, c.channel(0).transferMode(), "other channels untouched");
    }

    @Test
    void terminalCountWithoutAutoInitMasksAndSetsStatus() {
        I8237 c = new I8237(false);
        c.write(I8237.REG_CLEAR_MASKS, 0);
        c.write(I8237.REG_REQUEST, 4 | 3);
        c.terminalCount(3);
        assertTrue(c.masked(3));
        assertEquals(0x08, c.read(I8237.REG_STATUS_COMMAND), "TC3 set, request 3 dropped");
        assertEquals(0x00, c.read(I8237.REG_STATUS_COMMAND));
    }

    @Test
    void terminalCountWithAutoInitReloadsAndStaysUnmasked() {
        I8237 c = new I8237(false);
        c.write(I8237.REG_CLEAR_MASKS, 0);
        c.write(I8237.REG_MODE, 0x50 | 0x04 | 0);
        c.write(0, 0x10); // address 0x0010
        c.write(0, 0x00);
        c.write(1, 0x03); // count 3
        c.write(1, 0x00);
        c.channel(0).step();
        c.terminalCount(0);
        assertFalse(c.masked(0));
        assertEquals(0x10, c.channel(0).currentAddress());
        assertEquals(3, c.channel(0).currentCount());
    }

    @Test
    void commandDisableBit() {
        I8237 c = new I8237(true);
        c.write(I8237.REG_STATUS_COMMAND, 0x04);
        assertFalse(c.enabled());
        c.write(I8237.REG_MASTER_CLEAR, 0);
        assertTrue(c.enabled(), "master clear clears the command register");
    }
}
