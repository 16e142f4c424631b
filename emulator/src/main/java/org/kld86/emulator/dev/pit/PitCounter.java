package org.kld86.emulator.dev.pit;

/**
 * One counter of an 8254: its mode, the count register, the counting element as a function of virtual time,
 * the OUT pin, the output latch and the status latch, and the byte-at-a-time read and write sequences.
 * {@link I8254} owns three and decodes the ports.
 *
 * <p>Nothing here ticks. While counting, the counter keeps the cycle at which counting started
 * ({@code loadCycles}) and derives everything from the number of input-clock ticks since then, so no rounding
 * ever accumulates (see {@link #ticksAt(long)} and {@link #cyclesAtTick(long)}). A count written in mode 2 or 3
 * while counting takes effect at the end of the current period, as on the chip; the counter then keeps its
 * load time and records the tick at which the new period began ({@code phaseTicks}).
 *
 * <p>Simplifications, all invisible to a PC kernel: a written count is loaded at the instant of the write,
 * not on the next CLK edge (QEMU {@code hw/timer/i8254.c} does the same); GATE is tied high, as for counters
 * 0 and 1 on a PC, so modes 1 and 5, which wait for a rising GATE, never start and hold OUT high; in mode 3
 * the counting element reads {@code N - (2d mod N)}, QEMU's model, and a new count takes effect at the end
 * of the whole period rather than of the half period. Mode 2 or 3 with a count of 1 (illegal per the
 * datasheet) holds OUT high.
 */
final class PitCounter {

    /** The 8254 input clock on a PC: 14.31818 MHz / 12. */
    static final long PIT_HZ = 1_193_182L;

    static final int RW_LSB = 1;
    static final int RW_MSB = 2;
    static final int RW_WORD = 3;

    private enum State {
        /** A control word was written and no count yet (or mode 1/5, waiting for a GATE trigger). */
        IDLE,
        /** Mode 0, the first byte of a two-byte count written: counting stops and OUT is low. */
        HELD,
        COUNTING
    }

    private final long clockHz;

    private int rwMode = RW_WORD;
    /** Control word bits 3:1 as written; status reads return these. */
    private int modeBits = 3;
    /** The mode those bits select: 0-5 (6 and 7 are modes 2 and 3). */
    private int mode = 3;
    private boolean bcd;

    private State state = State.COUNTING;
    private long loadCycles;
    private long phaseTicks;
    /** The count N in binary: 1 to 0x10000 (1 to 10000 in BCD mode). */
    private int count = 0x10000;
    private boolean pending;
    private int pendingCount;
    private long switchTick;
    /** What the counting element reads while not counting. */
    private int heldValue;
    private boolean nullCount;

    private boolean writeMsbNext;
    private int writeLsb;
    private boolean readMsbNext;
    /** A latched count: 0 none, else which byte(s) remain (RW_LSB, RW_MSB, or RW_WORD for both). */
    private int latchBytes;
    private int latchedValue;
    private boolean statusLatched;
    private int status;

    /** A counter as after reset: mode 3, count 0x10000, two-byte access, counting since {@code nowCycles}. */
    PitCounter(long clockHz, long nowCycles) {
        this.clockHz = clockHz;
        this.loadCycles = nowCycles;
    }

    // ---------------------------------------------------------------------------------------------------------
    // Time

    /**
     * Input-clock ticks from the start of counting to {@code nowCycles}: {@code floor(elapsed * PIT_HZ / hz)},
     * computed without overflow for any elapsed time.
     */
    long ticksAt(long nowCycles) {
        long elapsed = nowCycles - loadCycles;
        return (elapsed / clockHz) * PIT_HZ + (elapsed % clockHz) * PIT_HZ / clockHz;
    }

    /**
     * The first cycle at which {@code tick} ticks have elapsed: {@code loadCycles + ceil(tick * hz / PIT_HZ)}.
     * It is the inverse of {@link #ticksAt(long)}: {@code ticksAt(cyclesAtTick(t)) >= t}, and one cycle
     * earlier it is below {@code t}.
     */
    long cyclesAtTick(long tick) {
        long whole = (tick / PIT_HZ) * clockHz;
        long part = tick % PIT_HZ * clockHz;
        return loadCycles + whole + (part + PIT_HZ - 1) / PIT_HZ;
    }

    boolean counting() {
        return state == State.COUNTING;
    }

    /** Starts the period written during counting once its tick has come. */
    void normalize(long tick) {
        if (pending && state == State.COUNTING && tick >= switchTick) {
            phaseTicks = switchTick;
            count = pendingCount;
            pending = false;
            nullCount = false;
        }
    }

    // ---------------------------------------------------------------------------------------------------------
    // OUT

    /** OUT after {@code tick} ticks of counting (or the fixed level when not counting). */
    boolean outAtTick(long tick) {
        switch (state) {
            case IDLE:
                return mode != 0;
            case HELD:
                return false;
            default:
                break;
        }
        long d = tick - phaseTicks;
        long n = count;
        return switch (mode) {
            case 0 -> d >= n; // low until terminal count, then high
            case 2 -> n == 1 || d % n != n - 1; // low for the one tick at which the count is 1
            case 3 -> n == 1 || d % n < (n + 1) / 2; // high for the first half (the longer one if N is odd)
            case 4 -> d != n; // a one-tick strobe at terminal count
            default -> true; // modes 1 and 5: never triggered
        };
    }

    /**
     * The next tick after {@code tick} at which OUT changes or a new count takes effect, or -1 if none will.
     */
    long nextTransition(long tick) {
        if (state != State.COUNTING) {
            return -1;
        }
        long d = tick - phaseTicks;
        long n = count;
        long next;
        switch (mode) {
            case 0 -> next = d < n ? n : -1;
            case 4 -> next = d < n ? n : d == n ? n + 1 : -1;
            case 2, 3 -> {
                if (n == 1) {
                    next = -1;
                } else {
                    long base = d - d % n;
                    long fall = base + (mode == 2 ? n - 1 : (n + 1) / 2);
                    next = d < fall ? fall : base + n;
                }
            }
            default -> next = -1;
        }
        next = next < 0 ? -1 : next + phaseTicks;
        if (pending && (next < 0 || next > switchTick)) {
            next = switchTick;
        }
        return next;
    }

    // ---------------------------------------------------------------------------------------------------------
    // Counting element

    /** The counting element after {@code tick} ticks, in binary. */
    private int valueAtTick(long tick) {
        if (state != State.COUNTING) {
            return heldValue;
        }
        long d = tick - phaseTicks;
        long n = count;
        long v = switch (mode) {
            case 0, 4 -> n - d;
            case 2 -> n - d % n;
            case 3 -> n - (2 * d) % n;
            default -> n;
        };
        return (int) Math.floorMod(v, modulus());
    }

    private int modulus() {
        return bcd ? 10000 : 0x10000;
    }

    // ---------------------------------------------------------------------------------------------------------
    // Commands

    /** A control word for this counter with a non-zero RW field: new mode, counting stops, OUT to its start level. */
    void control(int rw, int newModeBits, boolean newBcd, long nowCycles) {
        long tick = ticksAt(nowCycles);
        normalize(tick);
        heldValue = valueAtTick(tick);
        rwMode = rw;
        modeBits = newModeBits;
        mode = newModeBits >= 6 ? newModeBits - 4 : newModeBits;
        bcd = newBcd;
        state = State.IDLE;
        pending = false;
        nullCount = true;
        writeMsbNext = false;
        readMsbNext = false;
    }

    /** The counter latch command: freezes the output latch until it is read; a second latch is ignored. */
    void latchCount(long nowCycles) {
        if (latchBytes == 0) {
            latchedValue = readableValue(nowCycles);
            latchBytes = rwMode;
        }
    }

    /** Read-back with STATUS: freezes the status byte until it is read; a second latch is ignored. */
    void latchStatus(long nowCycles) {
        if (!statusLatched) {
            status = statusByte(nowCycles);
            statusLatched = true;
        }
    }

    /**
     * The status byte (8254 read-back):
     * <pre>
     *    7     6          5-4         3-1    0
     *   [OUT | NULL COUNT | RW1 RW0 | M2-M0 | BCD]
     * </pre>
     */
    int statusByte(long nowCycles) {
        return (out(nowCycles) ? 0x80 : 0) | (nullCount ? 0x40 : 0) | rwMode << 4 | modeBits << 1 | (bcd ? 1 : 0);
    }

    boolean out(long nowCycles) {
        long tick = ticksAt(nowCycles);
        normalize(tick);
        return outAtTick(tick);
    }

    /** An IN from this counter's port: latched status first, then a latched count, else the live count. */
    int read(long nowCycles) {
        if (statusLatched) {
            statusLatched = false;
            return status;
        }
        if (latchBytes != 0) {
            int b;
            if (latchBytes == RW_MSB) {
                b = latchedValue >> 8;
                latchBytes = 0;
            } else if (latchBytes == RW_LSB) {
                b = latchedValue;
                latchBytes = 0;
            } else {
                b = latchedValue;
                latchBytes = RW_MSB;
            }
            return b & 0xFF;
        }
        int value = readableValue(nowCycles);
        boolean msb = rwMode == RW_MSB || rwMode == RW_WORD && readMsbNext;
        if (rwMode == RW_WORD) {
            readMsbNext = !readMsbNext;
        }
        return (msb ? value >> 8 : value) & 0xFF;
    }

    /** An OUT to this counter's port: one byte of the count, as the RW field says. */
    void write(int b, long nowCycles) {
        b &= 0xFF;
        switch (rwMode) {
            case RW_LSB -> load(b, nowCycles);
            case RW_MSB -> load(b << 8, nowCycles);
            default -> {
                if (!writeMsbNext) {
                    writeLsb = b;
                    writeMsbNext = true;
                    if (mode == 0) {
                        // Mode 0: the first byte stops counting and drives OUT low (8254 datasheet).
                        long tick = ticksAt(nowCycles);
                        heldValue = valueAtTick(tick);
                        state = State.HELD;
                        pending = false;
                        nullCount = true;
                    }
                } else {
                    writeMsbNext = false;
                    load(writeLsb | b << 8, nowCycles);
                }
            }
        }
    }

    private void load(int raw, long nowCycles) {
        int n = raw == 0 ? modulus() : bcd ? fromBcd(raw) : raw;
        if (mode == 1 || mode == 5) {
            count = n;
            heldValue = n; // no GATE trigger will ever load it
            return;
        }
        if ((mode == 2 || mode == 3) && state == State.COUNTING) {
            long tick = ticksAt(nowCycles);
            normalize(tick);
            long d = tick - phaseTicks;
            pending = true;
            pendingCount = n;
            switchTick = phaseTicks + (d / count + 1) * count;
            nullCount = true;
            return;
        }
        state = State.COUNTING;
        loadCycles = nowCycles;
        phaseTicks = 0;
        count = n;
        pending = false;
        nullCount = false;
    }

    private int readableValue(long nowCycles) {
        long tick = ticksAt(nowCycles);
        normalize(tick);
        int v = valueAtTick(tick);
        return bcd ? toBcd(v) : v;
    }

    private static int fromBcd(int raw) {
        return (raw >> 12 & 0xF) * 1000 + (raw >> 8 & 0xF) * 100 + (raw >> 4 & 0xF) * 10 + (raw & 0xF);
    }

    private static int toBcd(int v) {
        return (v / 1000 % 10) << 12 | (v / 100 % 10) << 8 | (v / 10 % 10) << 4 | v % 10;
    }
}
