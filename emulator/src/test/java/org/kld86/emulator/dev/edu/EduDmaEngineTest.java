package org.kld86.emulator.dev.edu;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.kld86.emulator.dev.edu.EduDmaEngine.BUFFER_ADDRESS;
import static org.kld86.emulator.dev.edu.EduDmaEngine.CMD_IRQ;
import static org.kld86.emulator.dev.edu.EduDmaEngine.CMD_RUN;
import static org.kld86.emulator.dev.edu.EduDmaEngine.CMD_TO_RAM;
import static org.kld86.emulator.dev.edu.EduDmaEngine.REG_CMD;
import static org.kld86.emulator.dev.edu.EduDmaEngine.REG_COUNT;
import static org.kld86.emulator.dev.edu.EduDmaEngine.REG_DST;
import static org.kld86.emulator.dev.edu.EduDmaEngine.REG_ERROR;
import static org.kld86.emulator.dev.edu.EduDmaEngine.REG_SRC;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.kld86.emulator.dev.RecordingIrqLine.Drive;
import org.kld86.emulator.dev.pci.PciHeader;

class EduDmaEngineTest {

    /** 100 ms at 1 GHz. */
    private static final long TRANSFER_CYCLES = 100_000_000L;

    private final EduMachine m = new EduMachine();

    EduDmaEngineTest() {
        m.enableBusMaster();
    }

    private void program(long src, long dst, long count, long cmd) {
        m.write64(REG_SRC, src);
        m.write64(REG_DST, dst);
        m.write64(REG_COUNT, count);
        m.write32(REG_CMD, cmd);
    }

    private static byte[] pattern(int length, int seed) {
        byte[] b = new byte[length];
        for (int i = 0; i < length; i++) {
            b[i] = (byte) (seed + 7 * i);
        }
        return b;
    }

    private byte[] ram(long pa, int length) {
        byte[] b = new byte[length];
        m.memory.read(pa, b, 0, length);
        return b;
    }

    // ---------------------------------------------------------------------------------------------------------
    // Transfers

    @Test
    void ramToDeviceLandsInTheBufferAtCompletion() {
        byte[] data = pattern(100, 3);
        m.memory.write(0x100000L, data, 0, data.length);
        program(0x100000L, BUFFER_ADDRESS + 0x10, 100, CMD_RUN);
        m.clock.advance(TRANSFER_CYCLES - 1);
        assertEquals(0, m.edu.dma().buffer()[0x10], "nothing moves before the 100 ms are up");
        m.clock.advance(1);
        assertArrayEquals(data, Arrays.copyOfRange(m.edu.dma().buffer(), 0x10, 0x10 + 100));
    }

    @Test
    void deviceToRamAppearsInRamExactly100MillisecondsAfterStart() {
        byte[] data = pattern(100, 5);
        m.memory.write(0x100000L, data, 0, data.length);
        program(0x100000L, BUFFER_ADDRESS, 100, CMD_RUN);
        m.clock.advance(TRANSFER_CYCLES);

        m.clock.advance(12345);
        long t0 = m.clock.now();
        program(BUFFER_ADDRESS, 0x200000L + 100, 100, CMD_RUN | CMD_TO_RAM); // the edu.rst example
        m.clock.advance(TRANSFER_CYCLES - 1);
        assertEquals(t0 + TRANSFER_CYCLES - 1, m.clock.now());
        assertArrayEquals(new byte[100], ram(0x200000L + 100, 100));
        assertEquals(CMD_RUN | CMD_TO_RAM, m.read32(REG_CMD), "still running one cycle before");
        m.clock.advance(1);
        assertArrayEquals(data, ram(0x200000L + 100, 100));
        assertEquals(CMD_TO_RAM, m.read32(REG_CMD), "bit 0 clears, the rest reads back as written");
    }

    @Test
    void aFullBufferTransferIsAccepted() {
        byte[] data = pattern(4096, 9);
        m.memory.write(0x300000L, data, 0, data.length);
        program(0x300000L, BUFFER_ADDRESS, 4096, CMD_RUN);
        m.clock.advance(TRANSFER_CYCLES);
        assertArrayEquals(data, m.edu.dma().buffer());
        assertEquals(0, m.read32(REG_ERROR));
    }

    @Test
    void theRamAddressIsMaskedTo28BitsByDefault() {
        byte[] data = pattern(64, 1);
        m.memory.write(0x100000L, data, 0, data.length);
        program(0x100000L, BUFFER_ADDRESS, 64, CMD_RUN);
        m.clock.advance(TRANSFER_CYCLES);
        // 0x10400000 is above 256 MiB: with dma_mask = (1 << 28) - 1 it wraps to 0x00400000.
        program(BUFFER_ADDRESS, 0x10400000L, 64, CMD_RUN | CMD_TO_RAM);
        m.clock.advance(TRANSFER_CYCLES);
        assertArrayEquals(data, ram(0x00400000L, 64));
        assertArrayEquals(new byte[64], ram(0x10400000L, 64));
    }

    @Test
    void theMaskAppliesToTheSourceOfARamToDeviceTransferToo() {
        byte[] data = pattern(32, 2);
        m.memory.write(0x00500000L, data, 0, data.length);
        program(0x10500000L, BUFFER_ADDRESS, 32, CMD_RUN);
        m.clock.advance(TRANSFER_CYCLES);
        assertArrayEquals(data, Arrays.copyOf(m.edu.dma().buffer(), 32));
    }

    @Test
    void aWiderMaskReachesAbove256Mib() {
        EduMachine wide = new EduMachine(0xFFFFFFFFL);
        wide.enableBusMaster();
        byte[] data = pattern(16, 4);
        wide.memory.write(0x100000L, data, 0, data.length);
        wide.write64(REG_SRC, 0x100000L);
        wide.write64(REG_DST, BUFFER_ADDRESS);
        wide.write64(REG_COUNT, 16);
        wide.write32(REG_CMD, CMD_RUN);
        wide.clock.advance(TRANSFER_CYCLES);
        wide.write64(REG_SRC, BUFFER_ADDRESS);
        wide.write64(REG_DST, 0x10400000L);
        wide.write32(REG_CMD, CMD_RUN | CMD_TO_RAM);
        wide.clock.advance(TRANSFER_CYCLES);
        byte[] got = new byte[16];
        wide.memory.read(0x10400000L, got, 0, 16);
        assertArrayEquals(data, got);
    }

    // ---------------------------------------------------------------------------------------------------------
    // Bus Master Enable

    @Test
    void withBusMasterEnableClearNothingReachesRam() {
        m.configWrite16(PciHeader.COMMAND, PciHeader.COMMAND_MEMORY);
        m.memory.write32(0x200000L, 0x11223344);
        program(BUFFER_ADDRESS, 0x200000L, 4, CMD_RUN | CMD_TO_RAM);
        m.clock.advance(TRANSFER_CYCLES);
        assertEquals(0x11223344, m.memory.read32(0x200000L));
        assertEquals(0, m.read32(REG_CMD) & CMD_RUN, "the engine still completes");
    }

    @Test
    void withBusMasterEnableClearAReadFromRamYieldsAllOnes() {
        m.configWrite16(PciHeader.COMMAND, PciHeader.COMMAND_MEMORY);
        m.memory.write32(0x200000L, 0x11223344);
        program(0x200000L, BUFFER_ADDRESS, 4, CMD_RUN);
        m.clock.advance(TRANSFER_CYCLES);
        assertArrayEquals(new byte[] {-1, -1, -1, -1}, Arrays.copyOf(m.edu.dma().buffer(), 4));
    }

    @Test
    void busMasterEnableIsCheckedAtCompletionNotAtStart() {
        m.memory.write32(0x200000L, 0x11223344);
        program(BUFFER_ADDRESS, 0x200000L, 4, CMD_RUN | CMD_TO_RAM);
        m.clock.advance(TRANSFER_CYCLES / 2);
        m.configWrite16(PciHeader.COMMAND, PciHeader.COMMAND_MEMORY);
        m.clock.advance(TRANSFER_CYCLES / 2);
        assertEquals(0x11223344, m.memory.read32(0x200000L));
    }

    // ---------------------------------------------------------------------------------------------------------
    // Completion interrupt

    @Test
    void completionRaisesIrq0x100WhenCmdBit2IsSet() {
        m.clock.advance(777);
        program(0x100000L, BUFFER_ADDRESS, 8, CMD_RUN | CMD_IRQ);
        m.clock.advance(TRANSFER_CYCLES);
        assertEquals(EduDevice.IRQ_DMA, m.read32(EduDevice.REG_IRQ_STATUS));
        assertEquals(List.of(new Drive(777 + TRANSFER_CYCLES, true)), m.irq.drives());
        m.write32(EduDevice.REG_IRQ_ACK, EduDevice.IRQ_DMA);
        assertFalse(m.irq.level());
    }

    @Test
    void completionIsQuietWithoutCmdBit2() {
        program(0x100000L, BUFFER_ADDRESS, 8, CMD_RUN);
        m.clock.advance(TRANSFER_CYCLES);
        assertEquals(0, m.read32(EduDevice.REG_IRQ_STATUS));
        assertEquals(List.of(), m.irq.drives());
    }

    // ---------------------------------------------------------------------------------------------------------
    // Register rules

    @Test
    void registersAreIgnoredWhileRunning() {
        byte[] data = pattern(16, 6);
        m.memory.write(0x100000L, data, 0, data.length);
        program(0x100000L, BUFFER_ADDRESS, 16, CMD_RUN);
        m.clock.advance(TRANSFER_CYCLES / 2);
        m.write64(REG_SRC, 0x700000L);
        m.write64(REG_DST, BUFFER_ADDRESS + 0x800);
        m.write64(REG_COUNT, 1);
        m.write32(REG_CMD, CMD_RUN | CMD_TO_RAM | CMD_IRQ);
        assertEquals(0x100000L, m.read64(REG_SRC));
        assertEquals(BUFFER_ADDRESS, m.read64(REG_DST));
        assertEquals(16, m.read64(REG_COUNT));
        assertEquals(CMD_RUN, m.read64(REG_CMD));
        m.clock.advance(TRANSFER_CYCLES / 2);
        assertFalse(m.edu.dma().running(), "the rewrite of cmd did not restart the timer");
        assertArrayEquals(data, Arrays.copyOf(m.edu.dma().buffer(), 16));
        assertEquals(List.of(), m.irq.drives());
    }

    @Test
    void aCommandWithoutTheStartBitIsIgnored() {
        program(0x100000L, BUFFER_ADDRESS, 16, CMD_TO_RAM | CMD_IRQ);
        assertEquals(0, m.read64(REG_CMD));
        assertFalse(m.clock.hasPendingEvents());
    }

    @Test
    void dmaRegistersAre64BitsWide() {
        m.write64(REG_SRC, 0x1122334455667788L);
        assertEquals(0x1122334455667788L, m.read64(REG_SRC));
        assertEquals(0x55667788L, m.read32(REG_SRC), "a 4-byte read returns the low half");
    }

    @Test
    void a4ByteWriteSetsTheWhole64BitRegisterZeroExtended() {
        m.write64(REG_DST, -1L);
        m.write32(REG_DST, 0x12345678);
        assertEquals(0x12345678L, m.read64(REG_DST));
    }

    @Test
    void theUpperHalvesAreNotRegistersOfTheirOwn() {
        m.write64(REG_COUNT, 0x0000000100000010L);
        for (int offset : new int[] {0x84, 0x8C, 0x94, 0x9C, 0xA4}) {
            assertEquals(0xFFFFFFFFL, m.read32(offset), String.format("0x%x", offset));
            m.write32(offset, 0);
        }
        assertEquals(0x0000000100000010L, m.read64(REG_COUNT));
        assertEquals(-1L, m.read64(0x84));
    }

    @Test
    void narrowAccessesToDmaRegistersAreIgnored() {
        m.write64(REG_SRC, 0x1000);
        assertEquals(0xFF, m.memory.read8(EduMachine.BAR0 + REG_SRC));
        assertEquals(0xFFFF, m.memory.read16(EduMachine.BAR0 + REG_SRC));
        m.memory.write16(EduMachine.BAR0 + REG_SRC, 0x2000);
        m.memory.write8(EduMachine.BAR0 + REG_CMD, (int) CMD_RUN);
        assertEquals(0x1000, m.read64(REG_SRC));
        assertFalse(m.edu.dma().running());
    }

    @Test
    void anEightByteCommandWriteStartsATransfer() {
        m.write64(REG_SRC, 0x100000L);
        m.write64(REG_DST, BUFFER_ADDRESS);
        m.write64(REG_COUNT, 4);
        m.write64(REG_CMD, CMD_RUN);
        assertTrue(m.edu.dma().running());
    }

    // ---------------------------------------------------------------------------------------------------------
    // Refused transfers (outside [0x40000, 0x41000))

    @Test
    void aTransferRunningPastTheBufferIsRefusedAndReported() {
        m.memory.write(0x100000L, pattern(0x200, 8), 0, 0x200);
        program(0x100000L, BUFFER_ADDRESS + 0xF00, 0x200, CMD_RUN | CMD_IRQ);
        m.clock.advance(TRANSFER_CYCLES);
        assertArrayEquals(new byte[4096], m.edu.dma().buffer(), "not one byte copied");
        assertEquals(EduDmaEngine.ERROR_REFUSED, m.read32(REG_ERROR));
        assertEquals(1, m.edu.dma().refusedTransfers());
        assertEquals(CMD_IRQ, m.read32(REG_CMD), "completes as usual: bit 0 clears");
        assertEquals(EduDevice.IRQ_DMA, m.read32(EduDevice.REG_IRQ_STATUS), "and the IRQ still comes");
    }

    @Test
    void aSourceBelowTheBufferIsRefusedAndRamIsUntouched() {
        m.memory.write32(0x200000L, 0xA5A5A5A5);
        program(BUFFER_ADDRESS - 1, 0x200000L, 4, CMD_RUN | CMD_TO_RAM);
        m.clock.advance(TRANSFER_CYCLES);
        assertEquals(0xA5A5A5A5, m.memory.read32(0x200000L));
        assertEquals(EduDmaEngine.ERROR_REFUSED, m.read64(REG_ERROR));
    }

    @Test
    void theErrorClearsWhenTheNextTransferStarts() {
        program(0x100000L, 0, 4, CMD_RUN);
        m.clock.advance(TRANSFER_CYCLES);
        assertEquals(EduDmaEngine.ERROR_REFUSED, m.read32(REG_ERROR));
        program(0x100000L, BUFFER_ADDRESS, 4, CMD_RUN);
        assertEquals(0, m.read32(REG_ERROR));
        m.clock.advance(TRANSFER_CYCLES);
        assertEquals(0, m.read32(REG_ERROR));
        assertEquals(1, m.edu.dma().refusedTransfers());
        assertEquals(2, m.edu.dma().completedTransfers());
    }

    @Test
    void theErrorRegisterIsReadOnly() {
        program(0x100000L, 0, 4, CMD_RUN);
        m.clock.advance(TRANSFER_CYCLES);
        m.write64(REG_ERROR, 0);
        assertEquals(EduDmaEngine.ERROR_REFUSED, m.read32(REG_ERROR));
    }

    @Test
    void insideBufferComparesUnsignedWithoutOverflow() {
        assertTrue(EduDmaEngine.insideBuffer(0x40000, 0x1000));
        assertTrue(EduDmaEngine.insideBuffer(0x40FFF, 1));
        assertTrue(EduDmaEngine.insideBuffer(0x41000, 0), "an empty transfer at the end");
        assertFalse(EduDmaEngine.insideBuffer(0x40001, 0x1000));
        assertFalse(EduDmaEngine.insideBuffer(0x3FFFF, 1));
        assertFalse(EduDmaEngine.insideBuffer(0x41000, 1));
        assertFalse(EduDmaEngine.insideBuffer(0x40000, -1L), "count 2^64 - 1");
        assertFalse(EduDmaEngine.insideBuffer(-0x1000L, 0x2000), "start near 2^64, end wrapping past zero");
        assertFalse(EduDmaEngine.insideBuffer(0x1_0004_0000L, 4), "no truncation to 32 bits");
    }
}
