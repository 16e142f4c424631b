package org.kld86.emulator.dev.pic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.kld86.emulator.io.IoPortSpace;

/**
 * The 8259A pair as a guest sees it through ports 0x20/0x21, 0xA0/0xA1 and 0x4D0/0x4D1 and as the CPU sees it
 * through INTR and INTA. Expected values come from MACHINE-SEMANTICS.md §4.1, the 8259A datasheet and QEMU
 * {@code hw/intc/i8259.c}.
 */
class I8259PairTest {

    /** The bases Linux and FreeBSD program: IRQ 0-7 at 0x20, IRQ 8-15 at 0x28. */
    static final int MASTER_BASE = 0x20;
    static final int SLAVE_BASE = 0x28;
    static final int EOI = 0x20;
    static final int READ_IRR = 0x0A;
    static final int READ_ISR = 0x0B;
    static final int POLL = 0x0C;

    IoPortSpace ports;
    I8259Pair pic;

    @BeforeEach
    void setUp() {
        ports = new IoPortSpace();
        pic = new I8259Pair(ports);
    }

    /** The PC init sequence of §4.1: ICW1 0x11, ICW2 base, ICW3 cascade, ICW4 8086 mode; everything unmasked. */
    void init(int icw4) {
        ports.out8(0x20, 0x11);
        ports.out8(0x21, MASTER_BASE);
        ports.out8(0x21, 0x04);
        ports.out8(0x21, icw4);
        ports.out8(0xA0, 0x11);
        ports.out8(0xA1, SLAVE_BASE);
        ports.out8(0xA1, 0x02);
        ports.out8(0xA1, icw4);
        ports.out8(0x21, 0x00);
        ports.out8(0xA1, 0x00);
    }

    void init() {
        init(0x01);
    }

    int masterIsr() {
        ports.out8(0x20, READ_ISR);
        return ports.in8(0x20);
    }

    int masterIrr() {
        ports.out8(0x20, READ_IRR);
        return ports.in8(0x20);
    }

    int slaveIsr() {
        ports.out8(0xA0, READ_ISR);
        return ports.in8(0xA0);
    }

    int slaveIrr() {
        ports.out8(0xA0, READ_IRR);
        return ports.in8(0xA0);
    }

    @Test
    void claimsItsPorts() {
        for (int port : new int[] {0x20, 0x21, 0xA0, 0xA1, 0x4D0, 0x4D1}) {
            assertNotNull(ports.owner(port), String.format("port 0x%x", port));
        }
        assertEquals(null, ports.owner(0x22));
        assertThrows(IllegalArgumentException.class, () -> new I8259Pair(ports));
    }

    @Test
    void refusesIrqsThatAreNotInputs() {
        assertThrows(IllegalArgumentException.class, () -> pic.irq(-1));
        assertThrows(IllegalArgumentException.class, () -> pic.irq(16));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> pic.irq(2));
        assertTrue(e.getMessage().contains("cascade"), e.getMessage());
    }

    @Nested
    class ResetAndInit {

        @Test
        void powerOnStateIsQemus() {
            assertEquals(0x00, ports.in8(0x21), "IMR");
            assertEquals(0x00, ports.in8(0xA1), "IMR");
            assertEquals(0x00, masterIrr());
            assertEquals(0x00, ports.in8(0x4D0), "ELCR1");
            assertFalse(pic.intr());
            // Nothing masked and vector base 0: an uninitialised PIC delivers IRQ 1 as vector 1.
            pic.irq(1).pulse();
            assertTrue(pic.intr());
            assertEquals(1, pic.acknowledge());
        }

        @Test
        void initSequenceSetsBothVectorBases() {
            init();
            pic.irq(3).pulse();
            assertEquals(MASTER_BASE + 3, pic.acknowledge());
            pic.irq(10).pulse();
            assertEquals(SLAVE_BASE + 2, pic.acknowledge());
        }

        @Test
        void icw2IgnoresTheLowThreeBits() {
            ports.out8(0x20, 0x11);
            ports.out8(0x21, 0x47);
            ports.out8(0x21, 0x04);
            ports.out8(0x21, 0x01);
            pic.irq(0).pulse();
            assertEquals(0x40, pic.acknowledge());
        }

        @Test
        void withoutIc4TheThirdDataWriteIsTheImr() {
            ports.out8(0x20, 0x10); // ICW1: cascade, no ICW4
            ports.out8(0x21, 0x40); // ICW2
            ports.out8(0x21, 0x04); // ICW3
            ports.out8(0x21, 0xF5); // OCW1
            assertEquals(0xF5, ports.in8(0x21));
        }

        @Test
        void singleModeSkipsIcw3() {
            ports.out8(0x20, 0x13); // ICW1: single, ICW4 needed
            ports.out8(0x21, 0x40); // ICW2
            ports.out8(0x21, 0x01); // ICW4
            ports.out8(0x21, 0x3C); // OCW1
            assertEquals(0x3C, ports.in8(0x21));
        }

        @Test
        void icw1ClearsMaskInServiceAndLatchedRequests() {
            init();
            ports.out8(0x21, 0xFF);
            pic.irq(4).pulse(); // masked: latched in IRR only
            ports.out8(0x21, 0x00);
            pic.acknowledge();
            pic.irq(6).pulse(); // pending behind nothing, but not yet acknowledged
            assertEquals(0x10, masterIsr());
            ports.out8(0x20, 0x11);
            assertEquals(0x00, ports.in8(0x20), "IRR after ICW1");
            ports.out8(0x21, MASTER_BASE);
            ports.out8(0x21, 0x04);
            ports.out8(0x21, 0x01);
            assertEquals(0x00, ports.in8(0x21), "IMR");
            assertEquals(0x00, masterIsr());
            assertFalse(pic.intr());
        }

        @Test
        void afterIcw1ALineAlreadyHighMustRiseAgain() {
            init();
            pic.irq(5).raise();
            pic.acknowledge();
            ports.out8(0x20, EOI);
            init();
            pic.irq(5).raise(); // still high: no edge
            assertFalse(pic.intr());
            pic.irq(5).lower();
            pic.irq(5).raise();
            assertTrue(pic.intr());
            assertEquals(MASTER_BASE + 5, pic.acknowledge());
        }

        @Test
        void ltimMakesEveryInputLevelTriggered() {
            ports.out8(0x20, 0x19); // ICW1 with LTIM
            ports.out8(0x21, MASTER_BASE);
            ports.out8(0x21, 0x04);
            ports.out8(0x21, 0x01);
            pic.irq(1).raise();
            pic.irq(1).lower();
            assertFalse(pic.intr(), "a level request goes away with its line");
            assertEquals(0x00, masterIrr());
        }
    }

    @Nested
    class MaskingAndPriority {

        @BeforeEach
        void initialise() {
            init();
        }

        @Test
        void maskedRequestWaitsInIrr() {
            ports.out8(0x21, 0x08);
            pic.irq(3).pulse();
            assertFalse(pic.intr());
            assertEquals(0x08, masterIrr());
            ports.out8(0x21, 0x00);
            assertTrue(pic.intr());
            assertEquals(MASTER_BASE + 3, pic.acknowledge());
        }

        @Test
        void slaveMaskAndMasterCascadeMaskBothBlock() {
            ports.out8(0xA1, 0x01 << 4); // mask IRQ 12 at the slave
            pic.irq(12).pulse();
            assertFalse(pic.intr());
            assertEquals(0x00, masterIrr(), "the slave's INT stays low");
            ports.out8(0xA1, 0x00);
            ports.out8(0x21, 0x04); // now mask the cascade input at the master
            assertEquals(0x04, masterIrr());
            assertFalse(pic.intr());
            ports.out8(0x21, 0x00);
            assertEquals(SLAVE_BASE + 4, pic.acknowledge());
        }

        @Test
        void lowestNumberWins() {
            pic.irq(5).pulse();
            pic.irq(3).pulse();
            pic.irq(7).pulse();
            assertEquals(MASTER_BASE + 3, pic.acknowledge());
        }

        @Test
        void inServiceLevelBlocksLowerAndEqualPriority() {
            pic.irq(3).pulse();
            pic.acknowledge();
            pic.irq(5).pulse();
            assertFalse(pic.intr());
            pic.irq(3).pulse(); // the same level again waits for its own EOI too
            assertFalse(pic.intr());
            ports.out8(0x20, EOI);
            assertEquals(MASTER_BASE + 3, pic.acknowledge());
        }

        @Test
        void higherPriorityNestsOverLowerInService() {
            pic.irq(5).pulse();
            assertEquals(MASTER_BASE + 5, pic.acknowledge());
            pic.irq(3).pulse();
            assertTrue(pic.intr());
            assertEquals(MASTER_BASE + 3, pic.acknowledge());
            assertEquals(0x28, masterIsr());
        }

        @Test
        void slaveInputsRankAtTheCascadeLevel() {
            // Order on a PC: 0, 1, 8..15, 3..7.
            pic.irq(4).pulse();
            pic.irq(15).pulse();
            assertEquals(SLAVE_BASE + 7, pic.acknowledge());
            pic.irq(1).pulse();
            assertEquals(MASTER_BASE + 1, pic.acknowledge());
        }

        @Test
        void specialMaskModeLetsLowerLevelsThroughAMaskedInServiceLevel() {
            pic.irq(3).pulse();
            pic.acknowledge();
            pic.irq(5).pulse();
            assertFalse(pic.intr());
            ports.out8(0x21, 0x08); // mask the level in service
            ports.out8(0x20, 0x68); // OCW3: set special mask
            assertTrue(pic.intr());
            assertEquals(MASTER_BASE + 5, pic.acknowledge());
            ports.out8(0x20, 0x48); // OCW3: reset special mask
            pic.irq(6).pulse();
            assertFalse(pic.intr());
        }
    }

    @Nested
    class EndOfInterrupt {

        @BeforeEach
        void initialise() {
            init();
        }

        @Test
        void nonSpecificEoiClearsTheHighestPriorityInServiceBit() {
            pic.irq(5).pulse();
            pic.acknowledge();
            pic.irq(3).pulse();
            pic.acknowledge();
            assertEquals(0x28, masterIsr());
            ports.out8(0x20, EOI);
            assertEquals(0x20, masterIsr());
            ports.out8(0x20, EOI);
            assertEquals(0x00, masterIsr());
        }

        @Test
        void specificEoiClearsTheNamedBitOnly() {
            pic.irq(5).pulse();
            pic.acknowledge();
            pic.irq(3).pulse();
            pic.acknowledge();
            ports.out8(0x20, 0x65);
            assertEquals(0x08, masterIsr());
        }

        @Test
        void eoiReleasesTheWaitingRequest() {
            pic.irq(4).pulse();
            pic.acknowledge();
            pic.irq(6).pulse();
            assertFalse(pic.intr());
            ports.out8(0x20, 0x64);
            assertTrue(pic.intr());
            assertEquals(MASTER_BASE + 6, pic.acknowledge());
        }

        @Test
        void autoEoiLeavesNothingInService() {
            init(0x03); // ICW4 with AEOI
            pic.irq(3).pulse();
            assertEquals(MASTER_BASE + 3, pic.acknowledge());
            assertEquals(0x00, masterIsr());
            pic.irq(6).pulse();
            assertTrue(pic.intr(), "no EOI needed before a lower level");
            assertEquals(MASTER_BASE + 6, pic.acknowledge());
        }

        @Test
        void slaveIrqNeedsEoiAtBothChips() {
            pic.irq(12).pulse();
            assertTrue(pic.intr());
            assertEquals(SLAVE_BASE + 4, pic.acknowledge());
            assertEquals(0x04, masterIsr());
            assertEquals(0x10, slaveIsr());

            ports.out8(0x20, EOI); // master only
            pic.irq(14).pulse();
            assertFalse(pic.intr(), "IRQ 14 ranks below IRQ 12, still in service at the slave");
            ports.out8(0xA0, EOI);
            assertTrue(pic.intr());
            assertEquals(SLAVE_BASE + 6, pic.acknowledge());

            ports.out8(0xA0, EOI); // slave only this time
            pic.irq(3).pulse();
            assertFalse(pic.intr(), "IRQ 3 ranks below the cascade level, still in service at the master");
            ports.out8(0x20, EOI);
            assertEquals(MASTER_BASE + 3, pic.acknowledge());
        }

        @Test
        void secondSlaveRequestComesThroughAfterBothEois() {
            pic.irq(9).pulse();
            pic.irq(11).pulse();
            assertEquals(SLAVE_BASE + 1, pic.acknowledge());
            assertFalse(pic.intr());
            ports.out8(0xA0, EOI);
            assertFalse(pic.intr(), "the master still has the cascade level in service");
            ports.out8(0x20, EOI);
            assertTrue(pic.intr());
            assertEquals(SLAVE_BASE + 3, pic.acknowledge());
        }
    }

    @Nested
    class EdgeAndLevel {

        @BeforeEach
        void initialise() {
            init();
        }

        @Test
        void edgeRequestIsLatchedOnTheRisingEdgeOnly() {
            pic.irq(4).raise();
            assertEquals(MASTER_BASE + 4, pic.acknowledge());
            ports.out8(0x20, EOI);
            assertFalse(pic.intr(), "a line held high does not request again");
            pic.irq(4).raise();
            assertFalse(pic.intr(), "driving it high again is no edge");
            pic.irq(4).lower();
            pic.irq(4).raise();
            assertEquals(MASTER_BASE + 4, pic.acknowledge());
        }

        @Test
        void edgeRequestOutlivesItsPulse() {
            pic.irq(6).pulse();
            assertEquals(0x40, masterIrr());
            assertEquals(MASTER_BASE + 6, pic.acknowledge());
            assertEquals(0x00, masterIrr(), "INTA clears an edge request");
        }

        @Test
        void elcrSelectsLevelModeAndKeepsTheBoardsEdgeInputs() {
            ports.out8(0x4D0, 0xFF);
            ports.out8(0x4D1, 0xFF);
            assertEquals(0xF8, ports.in8(0x4D0));
            assertEquals(0xDE, ports.in8(0x4D1));
            assertEquals(0xDEF8, ports.in16(0x4D0));
            ports.out16(0x4D0, 0x0820);
            assertEquals(0x20, ports.in8(0x4D0));
            assertEquals(0x08, ports.in8(0x4D1));
        }

        @Test
        void levelRequestFollowsTheLine() {
            ports.out8(0x4D1, 0x08); // IRQ 11 level-triggered
            pic.irq(11).raise();
            assertEquals(0x08, slaveIrr());
            assertTrue(pic.intr());
            pic.irq(11).lower();
            assertEquals(0x00, slaveIrr());
        }

        @Test
        void levelLineStillHighAfterEoiRequestsAgain() {
            ports.out8(0x4D1, 0x08);
            pic.irq(11).raise();
            assertEquals(SLAVE_BASE + 3, pic.acknowledge());
            assertEquals(0x08, slaveIrr(), "INTA does not clear a level request");
            assertFalse(pic.intr());
            ports.out8(0xA0, EOI);
            ports.out8(0x20, EOI);
            assertTrue(pic.intr(), "the device has not been acked: it interrupts again");
            assertEquals(SLAVE_BASE + 3, pic.acknowledge());

            pic.irq(11).lower(); // the handler acks the device this time
            ports.out8(0xA0, EOI);
            ports.out8(0x20, EOI);
            assertFalse(pic.intr());
        }

        @Test
        void masterLevelInputReRequestsAfterEoi() {
            ports.out8(0x4D0, 0x20); // IRQ 5 level-triggered
            pic.irq(5).raise();
            assertEquals(MASTER_BASE + 5, pic.acknowledge());
            ports.out8(0x20, EOI);
            assertEquals(MASTER_BASE + 5, pic.acknowledge());
        }

        @Test
        void switchingToLevelSamplesTheLineNow() {
            pic.irq(10).raise();
            pic.acknowledge();
            ports.out8(0xA0, EOI);
            ports.out8(0x20, EOI);
            assertFalse(pic.intr(), "edge mode: already taken");
            ports.out8(0x4D1, 0x04);
            assertTrue(pic.intr(), "level mode: the line is high, so it requests");
        }
    }

    @Nested
    class Spurious {

        @BeforeEach
        void initialise() {
            init();
        }

        @Test
        void nothingPendingGivesIrq7WithoutInService() {
            assertFalse(pic.intr());
            assertEquals(MASTER_BASE + 7, pic.acknowledge());
            assertEquals(0x00, masterIsr());
        }

        @Test
        void levelRequestWithdrawnBeforeIntaGivesIrq7() {
            ports.out8(0x4D0, 0x08);
            pic.irq(3).raise();
            assertTrue(pic.intr());
            pic.irq(3).lower(); // the device dropped its request before the CPU got to INTA
            assertEquals(MASTER_BASE + 7, pic.acknowledge());
            assertEquals(0x00, masterIsr());
        }

        @Test
        void slaveRequestWithdrawnGivesIrq15WithCascadeInServiceAtTheMasterOnly() {
            ports.out8(0x4D1, 0x40); // IRQ 14 level-triggered
            pic.irq(14).raise();
            pic.irq(14).lower(); // the master has latched the slave's INT edge on input 2
            assertTrue(pic.intr());
            assertEquals(SLAVE_BASE + 7, pic.acknowledge());
            assertEquals(0x00, slaveIsr());
            assertEquals(0x04, masterIsr());
            ports.out8(0x20, EOI);
            assertEquals(0x00, masterIsr());
        }
    }

    @Nested
    class PollAndRegisterReads {

        @BeforeEach
        void initialise() {
            init();
        }

        @Test
        void ocw3SelectsIrrOrIsrAndTheSelectionSticks() {
            pic.irq(3).pulse();
            pic.acknowledge();
            pic.irq(5).pulse();
            ports.out8(0x20, READ_ISR);
            assertEquals(0x08, ports.in8(0x20));
            assertEquals(0x08, ports.in8(0x20));
            assertEquals(0x00, ports.in8(0x21), "the data port still reads IMR");
            ports.out8(0x20, READ_IRR);
            assertEquals(0x20, ports.in8(0x20));
            ports.out8(0x20, 0x08); // OCW3 with RR=0: no change of selection
            assertEquals(0x20, ports.in8(0x20));
        }

        @Test
        void pollReadAcknowledgesAndReportsTheLevel() {
            pic.irq(4).pulse();
            ports.out8(0x20, POLL);
            assertEquals(0x84, ports.in8(0x20));
            assertEquals(0x10, masterIsr(), "the poll read is an INTA");
            assertFalse(pic.intr());
            ports.out8(0x21, 0x80);
            ports.out8(0x20, POLL);
            assertEquals(0x00, ports.in8(0x21), "nothing pending: bit 7 clear");
            assertEquals(0x80, ports.in8(0x21), "one read only: back to IMR");
        }

        @Test
        void sixteenBitReadSplitsIntoTwoPorts() {
            ports.out8(0x21, 0x5A);
            pic.irq(1).pulse();
            ports.out8(0x20, READ_IRR);
            assertEquals(0x5A02, ports.in16(0x20));
        }
    }

    @Nested
    class Rotation {

        @BeforeEach
        void initialise() {
            init();
        }

        @Test
        void rotateOnNonSpecificEoiMakesTheServedLevelLowest() {
            pic.irq(3).pulse();
            pic.acknowledge();
            ports.out8(0x20, 0xA0);
            assertEquals(0x00, masterIsr());
            // Priority is now 4, 5, 6, 7, 0, 1, 2, 3.
            pic.irq(3).pulse();
            pic.irq(0).pulse();
            pic.irq(5).pulse();
            assertEquals(MASTER_BASE + 5, pic.acknowledge());
            ports.out8(0x20, EOI);
            assertEquals(MASTER_BASE + 0, pic.acknowledge());
        }

        @Test
        void setPriorityMakesTheNamedLevelLowest() {
            ports.out8(0x20, 0xC4); // IRQ 4 lowest, 5 highest
            pic.irq(4).pulse();
            pic.irq(6).pulse();
            pic.irq(0).pulse();
            assertEquals(MASTER_BASE + 6, pic.acknowledge());
            pic.irq(5).pulse();
            assertTrue(pic.intr(), "IRQ 5 outranks IRQ 6 in service");
            assertEquals(MASTER_BASE + 5, pic.acknowledge());
        }

        @Test
        void nonSpecificEoiFollowsRotatedPriority() {
            ports.out8(0x20, 0xC4); // order 5, 6, 7, 0, 1, 2, 3, 4
            pic.irq(1).pulse();
            pic.acknowledge();
            pic.irq(7).pulse();
            pic.acknowledge(); // 7 outranks 1 now, so it nests
            assertEquals(0x82, masterIsr());
            ports.out8(0x20, EOI);
            assertEquals(0x02, masterIsr(), "EOI cleared IRQ 7, the highest-priority level in service");
        }

        @Test
        void rotateOnSpecificEoi() {
            pic.irq(6).pulse();
            pic.acknowledge();
            ports.out8(0x20, 0xE6); // EOI IRQ 6 and make it lowest
            assertEquals(0x00, masterIsr());
            pic.irq(6).pulse();
            pic.irq(7).pulse();
            assertEquals(MASTER_BASE + 7, pic.acknowledge());
        }

        @Test
        void rotateInAutoEoiMode() {
            init(0x03);
            ports.out8(0x20, 0x80); // rotate in AEOI: set
            pic.irq(0).pulse();
            pic.acknowledge(); // IRQ 0 becomes lowest
            pic.irq(0).pulse();
            pic.irq(1).pulse();
            assertEquals(MASTER_BASE + 1, pic.acknowledge());
            ports.out8(0x20, 0x00); // rotate in AEOI: clear
            pic.irq(3).pulse();
            pic.acknowledge(); // no rotation now: order stays 2, 3, ..., 0
            pic.irq(4).pulse();
            pic.irq(0).pulse();
            assertEquals(MASTER_BASE + 4, pic.acknowledge());
        }
    }

    @Test
    void intrListenerHearsEveryChange() {
        init();
        List<Boolean> heard = new ArrayList<>();
        pic.setIntrListener(heard::add);
        pic.irq(9).pulse();
        assertEquals(List.of(true), heard);
        pic.acknowledge();
        assertEquals(List.of(true, false), heard);
        assertFalse(pic.intr());
    }

    @Test
    void resetClearsElcrAndInit() {
        init();
        ports.out8(0x4D0, 0x08);
        ports.out8(0x21, 0xFF);
        pic.reset();
        assertEquals(0x00, ports.in8(0x4D0));
        assertEquals(0x00, ports.in8(0x21));
        pic.irq(3).pulse();
        assertEquals(3, pic.acknowledge(), "vector base back to 0");
    }
}
