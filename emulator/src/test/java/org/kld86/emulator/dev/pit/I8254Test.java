package org.kld86.emulator.dev.pit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.kld86.emulator.cpu.Cpu;
import org.kld86.emulator.cpu.VirtualClock;
import org.kld86.emulator.dev.IrqLine;
import org.kld86.emulator.dev.pic.I8259Pair;
import org.kld86.emulator.io.IoPortSpace;
import org.kld86.emulator.memory.PhysicalMemory;
import org.kld86.emulator.mmu.Mmu;

/**
 * The 8254 through its ports and its IRQ 0 line, on a 1 GHz virtual clock. Expected times use the formula of
 * the class documentation, written out here on its own: tick t after a count written at cycle L happens at
 * {@code L + ceil(t * 10^9 / 1193182)}; mode behaviour is the Intel 8254 datasheet's.
 */
class I8254Test {

    static final long HZ = 1_000_000_000L;
    static final long PIT_HZ = 1_193_182L;
    /** The HZ = 100 divisor every PC kernel uses: round(1193182 / 100). */
    static final int DIVISOR_100HZ = 11932;

    /** The first cycle at which {@code ticks} PIT ticks have passed since {@code loadCycles}. */
    static long cyclesAt(long loadCycles, long ticks) {
        return loadCycles + (ticks * HZ + PIT_HZ - 1) / PIT_HZ;
    }

    /** Ticks passed {@code elapsedCycles} after the load. */
    static long ticksAfter(long elapsedCycles) {
        return Math.floorDiv(elapsedCycles * PIT_HZ, HZ);
    }

    /** One change of the IRQ 0 wire. */
    record Edge(long atCycles, boolean high) { }

    VirtualClock clock;
    IoPortSpace ports;
    List<Edge> edges;
    I8254 pit;

    @BeforeEach
    void setUp() {
        clock = new VirtualClock(HZ);
        ports = new IoPortSpace();
        edges = new ArrayList<>();
        pit = new I8254(ports, clock, high -> edges.add(new Edge(clock.now(), high)));
    }

    List<Long> risingEdges() {
        return edges.stream().filter(Edge::high).map(Edge::atCycles).toList();
    }

    List<Long> fallingEdges() {
        return edges.stream().filter(e -> !e.high()).map(Edge::atCycles).toList();
    }

    /** Control word then a two-byte count, as Linux's {@code init_pit_timer} does. */
    void program(int counter, int modeBits, int count) {
        ports.out8(0x43, counter << 6 | 0x30 | modeBits << 1);
        ports.out8(0x40 + counter, count & 0xFF);
        ports.out8(0x40 + counter, count >> 8 & 0xFF);
    }

    int readCount(int counter) {
        int lsb = ports.in8(0x40 + counter);
        return lsb | ports.in8(0x40 + counter) << 8;
    }

    @Test
    void claimsPorts0x40To0x43() {
        for (int p = 0x40; p <= 0x43; p++) {
            assertNotNull(ports.owner(p));
        }
        assertEquals(null, ports.owner(0x44));
        assertEquals(0xFF, ports.in8(0x43), "the control register is write-only");
        assertThrows(IllegalArgumentException.class, () -> pit.out(3));
    }

    @Test
    void resetStateIsMode3WithCount65536() {
        // Status: OUT high, null count 0, RW = 3, mode 3, binary.
        ports.out8(0x43, 0xE2);
        assertEquals(0xB6, ports.in8(0x40));
        clock.advance(cyclesAt(0, 2 * 0x10000));
        // OUT is high from reset, low for the second half of each period of 65536 ticks.
        assertEquals(List.of(new Edge(0, true),
                new Edge(cyclesAt(0, 0x8000), false), new Edge(cyclesAt(0, 0x10000), true),
                new Edge(cyclesAt(0, 0x18000), false), new Edge(cyclesAt(0, 0x20000), true)), edges);
        assertEquals(54_925_402L, cyclesAt(0, 0x10000), "the 18.2 Hz BIOS tick");
    }

    @Nested
    class Periodic {

        static final long T0 = 123_456_789L;

        @BeforeEach
        void startLate() {
            clock.advance(T0);
            edges.clear();
        }

        @Test
        void mode2InterruptsAtExactTickTimesWithoutDrift() {
            program(0, 2, DIVISOR_100HZ);
            clock.advance(10 * HZ + 1);
            List<Long> rising = risingEdges();
            assertEquals(999, rising.size(), "N/F = 10.000151 ms: 999 periods fit in 10 s");
            for (int k = 1; k <= rising.size(); k++) {
                assertEquals(cyclesAt(T0, (long) k * DIVISOR_100HZ), rising.get(k - 1), "interrupt " + k);
            }
            // Literal values of the formula, worked by hand: 11932 * 10^9 / 1193182 = 10000150.86...
            assertEquals(T0 + 10_000_151L, rising.get(0));
            assertEquals(T0 + 20_000_302L, rising.get(1));
            // Adding the rounded period 999 times would give T0 + 9 990 150 849: 142 cycles of drift.
            assertEquals(T0 + 9_990_150_707L, rising.get(998));
        }

        @Test
        void mode2OutIsLowForTheTickAtWhichTheCountIsOne() {
            program(0, 2, DIVISOR_100HZ);
            assertTrue(pit.out(0), "mode 2 starts with OUT high");
            clock.advance(cyclesAt(0, 3L * DIVISOR_100HZ));
            for (int k = 1; k <= 3; k++) {
                assertEquals(cyclesAt(T0, (long) k * DIVISOR_100HZ - 1), fallingEdges().get(k - 1));
            }
        }

        @Test
        void mode3IsASquareWaveLongerHighForOddCounts() {
            program(0, 3, 5);
            clock.advance(cyclesAt(0, 10));
            // High for ticks 0-2, low for 3-4, high again at 5; then 8 and 10.
            assertEquals(List.of(cyclesAt(T0, 3), cyclesAt(T0, 8)), fallingEdges());
            assertEquals(List.of(cyclesAt(T0, 5), cyclesAt(T0, 10)), risingEdges());
        }

        @Test
        void mode3AtTheHzDivisorInterruptsLikeMode2() {
            program(0, 3, DIVISOR_100HZ);
            clock.advance(HZ / 10);
            List<Long> rising = risingEdges();
            assertEquals(9, rising.size());
            for (int k = 1; k <= rising.size(); k++) {
                assertEquals(cyclesAt(T0, (long) k * DIVISOR_100HZ), rising.get(k - 1));
            }
            assertEquals(cyclesAt(T0, DIVISOR_100HZ / 2), fallingEdges().get(0));
        }

        @Test
        void countWrittenWhileCountingTakesEffectAtTheEndOfThePeriod() {
            program(0, 2, 1000);
            clock.advance(cyclesAt(0, 1500)); // half way into the second period
            ports.out8(0x40, 100);
            ports.out8(0x40, 0);
            clock.advance(cyclesAt(0, 600));
            // Periods end at 1000 and 2000 with the old count, then every 100 ticks.
            assertEquals(List.of(cyclesAt(T0, 1000), cyclesAt(T0, 2000), cyclesAt(T0, 2100)),
                    risingEdges().subList(0, 3));
        }

        @Test
        void controlWordStopsTheCounter() {
            program(0, 2, 1000);
            ports.out8(0x43, 0x34);
            clock.advance(cyclesAt(0, 5000));
            assertTrue(risingEdges().isEmpty());
            assertFalse(clock.hasPendingEvents(), "no count: nothing scheduled");
        }
    }

    @Nested
    class OneShot {

        @BeforeEach
        void forgetTheResetEdge() {
            edges.clear();
        }

        @Test
        void mode0RaisesOutOnceAtTerminalCount() {
            clock.advance(1000);
            program(0, 0, 500);
            assertEquals(List.of(new Edge(1000, false)), edges, "OUT goes low on the control word");
            clock.advance(HZ);
            assertEquals(List.of(cyclesAt(1000, 500)), risingEdges());
            assertFalse(clock.hasPendingEvents());
            assertTrue(pit.out(0), "OUT stays high after terminal count");
        }

        @Test
        void mode0CounterWrapsAfterTerminalCount() {
            program(0, 0, 500);
            clock.advance(cyclesAt(0, 503));
            ports.out8(0x43, 0x00);
            assertEquals(0xFFFD, readCount(0));
        }

        @Test
        void mode0FirstByteStopsCountingAndSecondRestarts() {
            program(0, 0, 500);
            clock.advance(cyclesAt(0, 100));
            ports.out8(0x40, 0x20); // LSB of a new count
            ports.out8(0x43, 0x00);
            assertEquals(400, readCount(0));
            clock.advance(cyclesAt(0, 1000));
            ports.out8(0x43, 0x00);
            assertEquals(400, readCount(0), "held");
            assertTrue(risingEdges().isEmpty());
            long load = clock.now();
            ports.out8(0x40, 0x01); // MSB: count 0x120 starts now
            clock.advance(cyclesAt(0, 0x120));
            assertEquals(List.of(cyclesAt(load, 0x120)), risingEdges());
        }

        @Test
        void mode4StrobesLowForOneTick() {
            program(0, 4, 300);
            clock.advance(cyclesAt(0, 400));
            assertEquals(List.of(cyclesAt(0, 300)), fallingEdges());
            assertEquals(List.of(cyclesAt(0, 301)), risingEdges());
        }
    }

    @Nested
    class Reading {

        @BeforeEach
        void forgetTheResetEdge() {
            edges.clear();
        }

        @Test
        void latchFreezesTheCountUntilRead() {
            program(0, 2, DIVISOR_100HZ);
            long at = 3_000_000L;
            clock.advance(at);
            ports.out8(0x43, 0x00); // latch counter 0
            clock.advance(1_234_567L);
            ports.out8(0x43, 0x00); // ignored: the first latch is still unread
            int expected = (int) (DIVISOR_100HZ - ticksAfter(at) % DIVISOR_100HZ);
            assertEquals(8353, expected, "3 ms of 1193182 Hz is 3579 ticks");
            assertEquals(expected, readCount(0));
            int live = readCount(0);
            assertEquals(DIVISOR_100HZ - ticksAfter(at + 1_234_567L) % DIVISOR_100HZ, live);
        }

        @Test
        void liveReadsAlternateLsbAndMsb() {
            program(2, 0, 0x1234);
            assertEquals(0x34, ports.in8(0x42));
            assertEquals(0x12, ports.in8(0x42));
            assertEquals(0x34, ports.in8(0x42));
        }

        @Test
        void singleByteAccessModes() {
            ports.out8(0x43, 0x50); // counter 1, LSB only, mode 0
            ports.out8(0x41, 0x80);
            assertEquals(0x80, ports.in8(0x41));
            assertEquals(0x80, ports.in8(0x41), "no toggling");
            ports.out8(0x43, 0x60); // counter 1, MSB only, mode 0
            ports.out8(0x41, 0x02);
            assertEquals(0x02, ports.in8(0x41));
            ports.out8(0x43, 0x40); // latch counter 1
            clock.advance(cyclesAt(0, 10));
            assertEquals(0x02, ports.in8(0x41), "a latched count reads as the RW mode says: one byte");
            assertEquals(0x01, ports.in8(0x41), "512 - 10 ticks = 0x1F6");
        }

        @Test
        void readBackLatchesStatusThenCount() {
            ports.out8(0x43, 0xB4); // counter 2, mode 2
            ports.out8(0x43, 0xE8); // read-back: status of counter 2
            assertEquals(0x40 | 0x80 | 0x34, ports.in8(0x42), "OUT high, null count: no count written yet");
            ports.out8(0x42, 0x00);
            ports.out8(0x42, 0x10); // 0x1000
            clock.advance(cyclesAt(0, 0x10));
            ports.out8(0x43, 0xC8); // read-back: count and status of counter 2
            assertEquals(0x80 | 0x34, ports.in8(0x42), "count loaded: null count clear");
            assertEquals(0x1000 - 0x10, readCount(2));
        }

        @Test
        void readBackOfSeveralCountersAndStatusOnly() {
            program(1, 0, 0x200);
            program(2, 3, 0x300);
            ports.out8(0x43, 0xEC); // read-back: status only, counters 1 and 2
            assertEquals(0x30, ports.in8(0x41), "mode 0 before terminal count: OUT low");
            assertEquals(0xB6, ports.in8(0x42));
            assertEquals(0x00, ports.in8(0x41), "status read once, then the live count");
        }

        @Test
        void modes6And7AreModes2And3ButReadBackAsWritten() {
            ports.out8(0x43, 0x3C); // counter 0, mode 6
            ports.out8(0x40, 100);
            ports.out8(0x40, 0);
            clock.advance(cyclesAt(0, 250));
            assertEquals(List.of(cyclesAt(0, 99), cyclesAt(0, 199)), fallingEdges());
            ports.out8(0x43, 0xE2);
            assertEquals(0x3C | 0x80, ports.in8(0x40));
        }

        @Test
        void bcdCountsInDecimal() {
            ports.out8(0x43, 0x35); // counter 0, mode 2, BCD
            ports.out8(0x40, 0x00);
            ports.out8(0x40, 0x10); // 1000 decimal
            clock.advance(cyclesAt(0, 1001));
            assertEquals(cyclesAt(0, 1000), risingEdges().get(0));
            ports.out8(0x43, 0x00);
            assertEquals(0x0999, readCount(0));
        }
    }

    @Nested
    class WithPicAndCpu {

        static final int TIMER_VECTOR = 0x20;

        Cpu cpu;
        I8259Pair pic;
        List<Long> handled;

        @BeforeEach
        void machine() {
            ports = new IoPortSpace();
            clock = new VirtualClock(HZ);
            pic = new I8259Pair(ports);
            pit = new I8254(ports, clock, pic.irq(0));
            cpu = new Cpu(new Mmu(new PhysicalMemory(1 << 20)), clock, ports);
            cpu.setInterruptController(pic);
            handled = new ArrayList<>();
            cpu.setGate(TIMER_VECTOR, (vector, error) -> {
                handled.add(clock.now());
                cpu.out8(0x20, 0x20);
            });
            cpu.out8(0x20, 0x11);
            cpu.out8(0x21, TIMER_VECTOR);
            cpu.out8(0x21, 0x04);
            cpu.out8(0x21, 0x01);
            cpu.out8(0x21, 0xFE); // IRQ 0 only
        }

        @Test
        void idleWakesAtEachTimerInterrupt() {
            long t0 = 5_000L;
            clock.advance(t0);
            program(0, 2, DIVISOR_100HZ);
            cpu.setInterruptsEnabled(true);
            // Each idle step covers one event; mode 2 makes two a period (OUT low, then high again).
            while (handled.size() < 5) {
                assertTrue(cpu.idle());
            }
            List<Long> expected = new ArrayList<>();
            for (int k = 1; k <= 5; k++) {
                expected.add(cyclesAt(t0, (long) k * DIVISOR_100HZ));
            }
            assertEquals(expected, handled);
        }

        @Test
        void safepointsTakeTheInterruptAtTheFirstSafepointAfterTheEdge() {
            program(0, 2, DIVISOR_100HZ);
            cpu.setInterruptsEnabled(true);
            while (handled.size() < 3) {
                cpu.safepoint(1_000_000L);
            }
            // Edges at 10000151, 20000302, 30000453: taken at the next whole millisecond.
            assertEquals(List.of(11_000_000L, 21_000_000L, 31_000_000L), handled);
        }

        @Test
        void timerWaitsForInterruptsEnabled() {
            program(0, 2, DIVISOR_100HZ);
            cpu.safepoint(50_000_000L);
            assertTrue(handled.isEmpty(), "IF = 0");
            cpu.setInterruptsEnabled(true);
            cpu.safepoint(0);
            assertEquals(List.of(50_000_000L), handled, "one latched edge, however many periods passed");
        }

        /** A scripted run: reprogramming, CLI/STI and uneven safepoints, from a fixed seed. */
        List<String> scriptedRun() {
            List<String> log = new ArrayList<>();
            cpu.setGate(TIMER_VECTOR, (vector, error) -> {
                log.add(vector + "@" + clock.now());
                cpu.out8(0x20, 0x20);
            });
            Random costs = new Random(86);
            program(0, 2, DIVISOR_100HZ);
            cpu.setInterruptsEnabled(true);
            for (int step = 0; step < 3000; step++) {
                cpu.safepoint(costs.nextInt(200_000));
                if (step == 700) {
                    program(0, 3, 2000);
                } else if (step == 1500) {
                    program(0, 0, 30000);
                } else if (step == 1800) {
                    cpu.setInterruptsEnabled(false);
                } else if (step == 2000) {
                    cpu.setInterruptsEnabled(true);
                    program(0, 2, 597);
                } else if (step % 400 == 0) {
                    ports.out8(0x43, 0x00);
                    log.add("count " + readCount(0));
                }
            }
            log.add("end@" + clock.now());
            return log;
        }

        @Test
        void identicalScriptedRunsGiveIdenticalInterruptTimes() {
            List<String> first = scriptedRun();
            machine(); // a fresh machine: clock, ports, PIC, PIT and CPU
            List<String> second = scriptedRun();
            assertTrue(first.size() > 100, "the script takes many interrupts: " + first.size());
            assertEquals(first, second);
        }
    }

    @Test
    void changesThatFallInOneCycleOfASlowClockAllReachTheLine() {
        // At 100 kHz one cycle spans about 12 PIT ticks: mode 2 with N = 2 falls and rises within it.
        VirtualClock slow = new VirtualClock(100_000);
        IoPortSpace p = new IoPortSpace();
        List<Boolean> levels = new ArrayList<>();
        new I8254(p, slow, levels::add);
        p.out8(0x43, 0x34);
        p.out8(0x40, 2);
        p.out8(0x40, 0);
        levels.clear();
        slow.advance(1);
        // Ticks 1-11 fall within cycle 1 (11 * 100000 / 1193182 < 1 < 12 * 100000 / 1193182): OUT falls at
        // every odd tick and rises at every even one.
        assertEquals(List.of(false, true, false, true, false, true, false, true, false, true, false), levels);
    }

    @Test
    void lineIsDrivenOnlyOnChanges() {
        List<Boolean> levels = new ArrayList<>();
        IrqLine line = levels::add;
        VirtualClock c = new VirtualClock(HZ);
        IoPortSpace p = new IoPortSpace();
        new I8254(p, c, line);
        p.out8(0x43, 0x34);
        p.out8(0x40, 0x10);
        p.out8(0x40, 0x00); // mode 2, count 16: OUT stays high through programming
        c.advance(cyclesAt(0, 32));
        assertEquals(List.of(true, false, true, false, true), levels);
    }
}
