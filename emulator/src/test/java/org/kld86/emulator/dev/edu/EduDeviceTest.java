package org.kld86.emulator.dev.edu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.kld86.emulator.cpu.VirtualClock;
import org.kld86.emulator.dev.RecordingIrqLine.Drive;
import org.kld86.emulator.dev.pci.PciHeader;

class EduDeviceTest {

    /** 10 µs at 1 GHz. */
    private static final long FACTORIAL_CYCLES = 10_000;

    private final EduMachine m = new EduMachine();

    // ---------------------------------------------------------------------------------------------------------
    // PCI identity

    @Test
    void identifiesAs1234_11e8Revision10() {
        assertEquals(0x11E81234, m.config32(0x00));
        // Revision 0x10; QEMU's PCI_CLASS_OTHERS (0xFF) goes into the 16-bit class word: subclass 0xFF, base 0x00.
        assertEquals(0x00FF0010, m.config32(0x08));
        assertEquals(0, (m.config32(0x0C) >>> 16) & 0xFF, "header type 0");
    }

    @Test
    void hasInterruptPinAWithTheRoutedLine() {
        assertEquals(0x010B, m.config32(PciHeader.INTERRUPT_LINE) & 0xFFFF, "pin 1 (INTA), line 11");
    }

    @Test
    void bar0IsOneMibOfMemory() {
        m.ports.out32(0xCF8, 0x80000000 | EduMachine.SLOT << 11 | PciHeader.BAR0);
        m.ports.out32(0xCFC, 0xFFFFFFFF);
        assertEquals(0xFFF00000, m.ports.in32(0xCFC), "size mask of 1 MiB, 32-bit memory BAR");
        for (int i = 1; i < PciHeader.BAR_COUNT; i++) {
            assertEquals(0, m.config32(PciHeader.bar(i)), "BAR" + i);
        }
    }

    @Test
    void theFirmwarePlacedBar0AndTurnedOnMemoryDecodeOnly() {
        assertEquals(0xFE000000, m.config32(PciHeader.BAR0));
        assertEquals(PciHeader.COMMAND_MEMORY, m.config32(PciHeader.COMMAND) & 0xFFFF);
    }

    @Test
    void theBarReadsAllOnesWithMemoryDecodeOff() {
        m.configWrite16(PciHeader.COMMAND, 0);
        assertEquals(0xFFFFFFFFL, m.read32(EduDevice.REG_ID));
    }

    // ---------------------------------------------------------------------------------------------------------
    // 0x00 identification, 0x04 liveness

    @Test
    void idRegisterReads010000edAndIgnoresWrites() {
        assertEquals(0x010000EDL, m.read32(EduDevice.REG_ID));
        m.write32(EduDevice.REG_ID, 0);
        assertEquals(0x010000EDL, m.read32(EduDevice.REG_ID));
    }

    @Test
    void livenessReadsTheComplementOfTheLastWrite() {
        assertEquals(0, m.read32(EduDevice.REG_LIVENESS), "nothing written yet");
        m.write32(EduDevice.REG_LIVENESS, 1); // kvm-unit-tests edu_check_alive
        assertEquals(0xFFFFFFFEL, m.read32(EduDevice.REG_LIVENESS));
        m.write32(EduDevice.REG_LIVENESS, 0x12345678);
        assertEquals(0xEDCBA987L, m.read32(EduDevice.REG_LIVENESS));
    }

    // ---------------------------------------------------------------------------------------------------------
    // 0x08 factorial, 0x20 status

    @Test
    void factorialAppears10MicrosecondsAfterTheWrite() {
        m.write32(EduDevice.REG_FACTORIAL, 5);
        assertEquals(EduDevice.STATUS_COMPUTING, m.read32(EduDevice.REG_STATUS));
        assertEquals(5, m.read32(EduDevice.REG_FACTORIAL), "n itself until the unit is done");
        m.clock.advance(FACTORIAL_CYCLES - 1);
        assertEquals(EduDevice.STATUS_COMPUTING, m.read32(EduDevice.REG_STATUS));
        assertEquals(5, m.read32(EduDevice.REG_FACTORIAL));
        m.clock.advance(1);
        assertEquals(0, m.read32(EduDevice.REG_STATUS));
        assertEquals(120, m.read32(EduDevice.REG_FACTORIAL));
    }

    @Test
    void factorialWrapsAt32Bits() {
        m.write32(EduDevice.REG_FACTORIAL, 13);
        m.clock.advance(FACTORIAL_CYCLES);
        // 13! = 6227020800 = 6227020800 - 4294967296 (mod 2^32).
        assertEquals(1_932_053_504L, m.read32(EduDevice.REG_FACTORIAL));
    }

    @Test
    void factorialTable() {
        assertEquals(1, EduDevice.factorial(0));
        assertEquals(1, EduDevice.factorial(1));
        assertEquals(479_001_600, EduDevice.factorial(12));
        assertEquals(1_932_053_504, EduDevice.factorial(13));
        // 34! holds 17 + 8 + 4 + 2 + 1 = 32 factors of two, so from 34 on the result is 0 mod 2^32.
        assertEquals(0, EduDevice.factorial(34));
        assertEquals(0, EduDevice.factorial(0xFFFFFFFF));
        // 33! holds 31 factors of two: bit 31 is its lowest set bit.
        assertEquals(0x80000000, EduDevice.factorial(33) & -EduDevice.factorial(33));
    }

    @Test
    void factorialWritesAreIgnoredWhileComputing() {
        m.write32(EduDevice.REG_FACTORIAL, 4);
        m.clock.advance(FACTORIAL_CYCLES / 2);
        m.write32(EduDevice.REG_FACTORIAL, 6);
        assertEquals(4, m.read32(EduDevice.REG_FACTORIAL));
        m.clock.advance(FACTORIAL_CYCLES / 2);
        assertEquals(24, m.read32(EduDevice.REG_FACTORIAL), "4!, completed at the first write's time");
        m.write32(EduDevice.REG_FACTORIAL, 6);
        m.clock.advance(FACTORIAL_CYCLES);
        assertEquals(720, m.read32(EduDevice.REG_FACTORIAL));
    }

    @Test
    void theComputingBitIsReadOnly() {
        m.write32(EduDevice.REG_STATUS, 0xFF);
        assertEquals(EduDevice.STATUS_IRQ_FACTORIAL, m.read32(EduDevice.REG_STATUS), "only bit 7 sticks");
        m.write32(EduDevice.REG_FACTORIAL, 3);
        m.write32(EduDevice.REG_STATUS, 0);
        assertEquals(EduDevice.STATUS_COMPUTING, m.read32(EduDevice.REG_STATUS), "bit 7 cleared, bit 0 kept");
    }

    @Test
    void factorialCompletionRaisesIrq1WhenStatusBit7IsSet() {
        m.write32(EduDevice.REG_STATUS, EduDevice.STATUS_IRQ_FACTORIAL);
        long t0 = m.clock.now();
        m.write32(EduDevice.REG_FACTORIAL, 3);
        m.clock.advance(FACTORIAL_CYCLES);
        assertEquals(EduDevice.IRQ_FACTORIAL, m.read32(EduDevice.REG_IRQ_STATUS));
        assertEquals(List.of(new Drive(t0 + FACTORIAL_CYCLES, true)), m.irq.drives());
    }

    @Test
    void statusBit7IsLookedAtWhenTheFactorialCompletes() {
        m.write32(EduDevice.REG_FACTORIAL, 3);
        m.write32(EduDevice.REG_STATUS, EduDevice.STATUS_IRQ_FACTORIAL);
        m.clock.advance(FACTORIAL_CYCLES);
        assertTrue(m.irq.level(), "bit 7 set while computing still raises the IRQ");
    }

    @Test
    void factorialCompletionStaysQuietWithoutStatusBit7() {
        m.write32(EduDevice.REG_FACTORIAL, 3);
        m.clock.advance(FACTORIAL_CYCLES);
        assertEquals(0, m.read32(EduDevice.REG_IRQ_STATUS));
        assertEquals(List.of(), m.irq.drives());
    }

    // ---------------------------------------------------------------------------------------------------------
    // 0x24 interrupt status, 0x60 raise, 0x64 acknowledge

    @Test
    void raiseAndAckHaveLevelSemantics() {
        m.clock.advance(500);
        m.write32(EduDevice.REG_IRQ_RAISE, 0x5);
        assertEquals(5, m.read32(EduDevice.REG_IRQ_STATUS));
        assertTrue(m.irq.level());
        m.clock.advance(100);
        m.write32(EduDevice.REG_IRQ_RAISE, 0x2);
        assertEquals(7, m.read32(EduDevice.REG_IRQ_STATUS));
        m.write32(EduDevice.REG_IRQ_ACK, 0x1);
        assertEquals(6, m.read32(EduDevice.REG_IRQ_STATUS));
        assertTrue(m.irq.level(), "still requested while any status bit is set");
        m.clock.advance(100);
        m.write32(EduDevice.REG_IRQ_ACK, 0x6);
        assertEquals(0, m.read32(EduDevice.REG_IRQ_STATUS));
        assertFalse(m.irq.level());
        assertEquals(List.of(new Drive(500, true), new Drive(700, false)), m.irq.drives());
    }

    @Test
    void theIsrIdiomAckWithTheStatusItReadLowersTheLine() {
        m.write32(EduDevice.REG_IRQ_RAISE, 1); // x86/intel-iommu.c: raise 1, ISR writes ACK = STATUS
        m.write32(EduDevice.REG_IRQ_ACK, m.read32(EduDevice.REG_IRQ_STATUS));
        assertFalse(m.irq.level());
    }

    @Test
    void raisingZeroDoesNotAssert() {
        m.write32(EduDevice.REG_IRQ_RAISE, 0);
        assertEquals(List.of(), m.irq.drives());
    }

    @Test
    void interruptStatusIsReadOnlyAndTheRaiseAndAckRegistersAreWriteOnly() {
        m.write32(EduDevice.REG_IRQ_STATUS, 0xFF);
        assertEquals(0, m.read32(EduDevice.REG_IRQ_STATUS));
        assertEquals(0xFFFFFFFFL, m.read32(EduDevice.REG_IRQ_RAISE));
        assertEquals(0xFFFFFFFFL, m.read32(EduDevice.REG_IRQ_ACK));
    }

    @Test
    void interruptDisableKeepsTheLineLowButTheStatusBitShowsTheRequest() {
        m.configWrite16(PciHeader.COMMAND, PciHeader.COMMAND_MEMORY | PciHeader.COMMAND_INTX_DISABLE);
        m.write32(EduDevice.REG_IRQ_RAISE, 1);
        assertFalse(m.irq.level());
        assertEquals(PciHeader.STATUS_INTERRUPT, m.config32(PciHeader.COMMAND) >>> 16);
    }

    // ---------------------------------------------------------------------------------------------------------
    // Access rules

    @Test
    void registersBelow0x80TakeOnly4ByteAccesses() {
        assertEquals(0xFF, m.memory.read8(EduMachine.BAR0));
        assertEquals(0xFFFF, m.memory.read16(EduMachine.BAR0));
        assertEquals(-1L, m.memory.read64(EduMachine.BAR0));
        m.write32(EduDevice.REG_LIVENESS, 0); // reads 0xFFFFFFFF
        m.memory.write8(EduMachine.BAR0 + EduDevice.REG_LIVENESS, 0xFF);
        m.memory.write16(EduMachine.BAR0 + EduDevice.REG_LIVENESS, 0xFFFF);
        m.memory.write64(EduMachine.BAR0 + EduDevice.REG_LIVENESS, -1L);
        assertEquals(0xFFFFFFFFL, m.read32(EduDevice.REG_LIVENESS), "no narrow or wide write got through");
        m.memory.write64(EduMachine.BAR0 + EduDevice.REG_IRQ_RAISE, 1);
        assertEquals(0, m.read32(EduDevice.REG_IRQ_STATUS));
    }

    @ParameterizedTest
    @ValueSource(ints = {0x0C, 0x10, 0x1C, 0x28, 0x5C, 0x68, 0x7C, 0xA8, 0x100, 0x40000, 0xFFFFC})
    void offsetsWithoutARegisterReadAllOnes(int offset) {
        assertEquals(0xFFFFFFFFL, m.read32(offset));
        m.write32(offset, 0);
        assertEquals(0xFFFFFFFFL, m.read32(offset));
    }

    @Test
    void misaligned4ByteAccessesNameNoRegister() {
        assertEquals(0xFFFFFFFFL, m.read32(0x02));
        m.write32(0x06, 0x1234);
        assertEquals(0, m.read32(EduDevice.REG_LIVENESS));
    }

    @Test
    void theDmaMaskMustBeAContiguousLowMask() {
        VirtualClock clock = new VirtualClock(1_000_000_000L);
        assertThrows(IllegalArgumentException.class, () -> new EduDevice(clock, 0));
        assertThrows(IllegalArgumentException.class, () -> new EduDevice(clock, 0x0FFFFFFEL));
        assertThrows(IllegalArgumentException.class, () -> new EduDevice(clock, 0x10FFFFFFL));
        assertEquals(0xFFFFFFFFL, new EduDevice(clock, 0xFFFFFFFFL).dma().dmaMask());
        assertEquals(-1L, new EduDevice(clock, -1L).dma().dmaMask());
        assertEquals((1L << 28) - 1, new EduDevice(clock).dma().dmaMask());
    }

    // ---------------------------------------------------------------------------------------------------------
    // Determinism

    @Test
    void theSameScriptGivesTheSameEventTimes() {
        List<String> first = script(new EduMachine());
        List<String> second = script(new EduMachine());
        assertEquals(first, second);
        // The script's own timeline: the factorial written at 1000 completes 10 µs later, the ISR acks at 12000
        // and starts a DMA that completes 100 ms later.
        assertEquals(List.of(
                "irq high at 11000",
                "factorial 720 at 11000",
                "irq low at 12000",
                "irq high at 100012000",
                "dma done at 100012000"), first);
    }

    /** A driver session: a factorial with its IRQ, then a DMA with its IRQ; returns what happened when. */
    private static List<String> script(EduMachine m) {
        List<String> log = new ArrayList<>();
        m.enableBusMaster();
        m.clock.advance(1000);
        m.write32(EduDevice.REG_STATUS, EduDevice.STATUS_IRQ_FACTORIAL);
        m.write32(EduDevice.REG_FACTORIAL, 6);
        m.clock.advance(FACTORIAL_CYCLES);
        for (Drive d : m.irq.drives()) {
            log.add("irq " + (d.high() ? "high" : "low") + " at " + d.cycles());
        }
        log.add("factorial " + m.read32(EduDevice.REG_FACTORIAL) + " at " + m.clock.now());
        m.clock.advance(1000);
        m.write32(EduDevice.REG_IRQ_ACK, m.read32(EduDevice.REG_IRQ_STATUS));
        m.write64(EduDmaEngine.REG_SRC, 0x100000L);
        m.write64(EduDmaEngine.REG_DST, EduDmaEngine.BUFFER_ADDRESS);
        m.write64(EduDmaEngine.REG_COUNT, 64);
        m.write32(EduDmaEngine.REG_CMD, EduDmaEngine.CMD_RUN | EduDmaEngine.CMD_IRQ);
        while ((m.read32(EduDmaEngine.REG_CMD) & EduDmaEngine.CMD_RUN) != 0) {
            m.clock.advance(m.clock.nextEventCycles() - m.clock.now());
        }
        List<Drive> drives = m.irq.drives();
        for (Drive d : drives.subList(1, drives.size())) {
            log.add("irq " + (d.high() ? "high" : "low") + " at " + d.cycles());
        }
        log.add("dma done at " + m.clock.now());
        return log;
    }
}
