package org.kld86.emulator.dev.pit;

import org.kld86.emulator.cpu.VirtualClock;
import org.kld86.emulator.dev.IrqLine;
import org.kld86.emulator.io.IoPortHandler;
import org.kld86.emulator.io.IoPortSpace;

/**
 * The PC's 8254 programmable interval timer at ports 0x40-0x43: three 16-bit down counters clocked at
 * 1 193 182 Hz. Counter 0's OUT pin is IRQ 0; it is what a kernel programs in mode 2 (rate generator) for its
 * HZ tick, or in mode 0 for a one-shot. Counters 1 and 2 count but their OUT pins reach nothing here (on a PC
 * they refresh DRAM and drive the speaker through port 0x61, which is not part of this device).
 *
 * <pre>
 *   control word, port 0x43 (write only)
 *     7-6  SC   counter 0-2; 3 = read-back command
 *     5-4  RW   0 = counter latch command; 1 = LSB only; 2 = MSB only; 3 = LSB then MSB
 *     3-1  M    mode 0-5 (6 and 7 are modes 2 and 3)
 *     0    BCD  count in four BCD digits
 *   read-back, port 0x43 with SC = 3
 *     5 = 0: latch the count   4 = 0: latch the status   3, 2, 1: counters 2, 1, 0
 * </pre>
 *
 * <h2>Time</h2>
 * Counting starts at the cycle {@code L} at which the count is written. Tick {@code t} of the input clock
 * happens at the first cycle at which {@code floor((cycle - L) * 1193182 / hz) >= t}, that is at
 * <pre>
 *   cycle(t) = L + ceil(t * hz / 1193182)
 * </pre>
 * with {@code hz} the {@link VirtualClock}'s rate, in exact integer arithmetic. In mode 2 or 3 with count
 * {@code N}, OUT rises (and IRQ 0 latches at the PIC) at ticks {@code N, 2N, 3N, ...}, so the k-th interrupt
 * comes at {@code L + ceil(k * N * hz / 1193182)}: each expiry is computed from {@code L} and its tick
 * number, never by adding rounded periods, so there is no drift. At 1 GHz, N = 11932 (the divisor for
 * HZ = 100) gives 99.9985 Hz: periods of 10 000 150 or 10 000 151 cycles, the k-th interrupt at
 * {@code L + ceil(k * 11932 * 10^9 / 1193182)}.
 *
 * <p>OUT of counter 0 drives the IRQ line as the pin does (mode 2: high, low for the tick at which the count
 * is 1; mode 3: a square wave; mode 0: low until terminal count), one clock event per change of level, so the
 * edge-triggered PIC input sees one rising edge a period.
 *
 * <p>Reset state (QEMU {@code pit_reset_common}): every counter in mode 3 with count 0x10000 (18.2 Hz),
 * two-byte access, counting since construction; counter 0 interrupts at that rate until reprogrammed.
 * Reading port 0x43 returns all-ones: the control register is write-only and the data bus floats.
 */
public final class I8254 {

    public static final int BASE_PORT = 0x40;
    public static final int CONTROL_PORT = 0x43;
    /** The input clock, Hz. */
    public static final long PIT_HZ = PitCounter.PIT_HZ;
    public static final int COUNTERS = 3;

    private final VirtualClock clock;
    private final IrqLine irq0;
    private final PitCounter[] counters = new PitCounter[COUNTERS];
    private VirtualClock.Event nextEdge;
    private boolean irq0Level;

    public I8254(IoPortSpace ports, VirtualClock clock, IrqLine irq0) {
        this.clock = clock;
        this.irq0 = irq0;
        for (int i = 0; i < COUNTERS; i++) {
            counters[i] = new PitCounter(clock.hz(), clock.now());
        }
        ports.claim("i8254", BASE_PORT, 4, new Ports());
        irq0Level = counters[0].out(clock.now());
        irq0.set(irq0Level);
        scheduleFrom(counters[0].ticksAt(clock.now()));
    }

    /** The level of counter {@code channel}'s OUT pin now (port 0x61 bit 5 shows counter 2's). */
    public boolean out(int channel) {
        if (channel < 0 || channel >= COUNTERS) {
            throw new IllegalArgumentException("i8254: counter " + channel + " does not exist; there are 0-2");
        }
        return counters[channel].out(clock.now());
    }

    // ---------------------------------------------------------------------------------------------------------
    // Counter 0's OUT pin on the clock

    /** Counter 0 was reprogrammed: drive OUT as it is now and plan its next change. */
    private void counter0Changed() {
        if (nextEdge != null) {
            nextEdge.cancel();
            nextEdge = null;
        }
        long now = clock.now();
        drive(counters[0].out(now));
        scheduleFrom(counters[0].ticksAt(now));
    }

    private void scheduleFrom(long tick) {
        PitCounter c0 = counters[0];
        long next = c0.nextTransition(tick);
        if (next < 0) {
            return;
        }
        // Scheduled by tick number, so two changes that fall in one cycle (a clock slower than the PIT's)
        // still both reach the line, in order.
        nextEdge = clock.scheduleAt(c0.cyclesAtTick(next), () -> transition(next));
    }

    private void transition(long tick) {
        nextEdge = null;
        PitCounter c0 = counters[0];
        c0.normalize(tick);
        drive(c0.outAtTick(tick));
        scheduleFrom(tick);
    }

    private void drive(boolean level) {
        if (level != irq0Level) {
            irq0Level = level;
            irq0.set(level);
        }
    }

    // ---------------------------------------------------------------------------------------------------------
    // Ports

    private void writeControl(int value) {
        long now = clock.now();
        int select = value >> 6;
        if (select == 3) {
            boolean latchCount = (value & 0x20) == 0;
            boolean latchStatus = (value & 0x10) == 0;
            for (int i = 0; i < COUNTERS; i++) {
                if ((value & (2 << i)) != 0) {
                    if (latchStatus) {
                        counters[i].latchStatus(now);
                    }
                    if (latchCount) {
                        counters[i].latchCount(now);
                    }
                }
            }
            return;
        }
        int rw = (value >> 4) & 3;
        if (rw == 0) {
            counters[select].latchCount(now);
            return;
        }
        counters[select].control(rw, (value >> 1) & 7, (value & 1) != 0, now);
        if (select == 0) {
            counter0Changed();
        }
    }

    private int in8(int port) {
        int i = port - BASE_PORT;
        return i < COUNTERS ? counters[i].read(clock.now()) : 0xFF;
    }

    private void out8(int port, int value) {
        int i = port - BASE_PORT;
        if (i == CONTROL_PORT - BASE_PORT) {
            writeControl(value);
        } else if (i >= 0 && i < COUNTERS) {
            counters[i].write(value, clock.now());
            if (i == 0) {
                counter0Changed();
            }
        }
    }

    /** Byte ports; a wider access is split into bytes at consecutive ports, as the 8-bit data bus does. */
    private final class Ports implements IoPortHandler {
        @Override
        public int in(int port, int size) {
            int value = 0;
            for (int i = 0; i < size; i++) {
                int p = port + i;
                value |= (p <= CONTROL_PORT ? in8(p) : 0xFF) << (8 * i);
            }
            return value;
        }

        @Override
        public void out(int port, int size, int value) {
            for (int i = 0; i < size; i++) {
                int p = port + i;
                if (p <= CONTROL_PORT) {
                    out8(p, (value >>> (8 * i)) & 0xFF);
                }
            }
        }
    }
}
