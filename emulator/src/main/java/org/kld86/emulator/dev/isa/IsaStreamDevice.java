package org.kld86.emulator.dev.isa;

import java.util.Arrays;
import org.kld86.emulator.cpu.VirtualClock;
import org.kld86.emulator.dev.IrqLine;
import org.kld86.emulator.dev.dma.DmaPeer;
import org.kld86.emulator.dev.dma.I8237Pair;
import org.kld86.emulator.io.IoPortHandler;
import org.kld86.emulator.io.IoPortSpace;

/**
 * A simple ISA streaming device in the style of a sound card's or tape drive's data path: it captures bytes into
 * memory or plays bytes out of memory through one 8237 DMA channel, at a fixed rate in virtual time, and pulses
 * an edge IRQ when a run ends.
 *
 * <p>Registers, at {@code basePort} (default 0x300), 8 ports, one byte each (wider accesses become byte cycles):
 * <table>
 *   <caption>IsaStreamDevice registers</caption>
 *   <tr><th>offset</th><th>read</th><th>write</th></tr>
 *   <tr><td>0</td><td>ID: {@value #ID}</td><td>ignored</td></tr>
 *   <tr><td>1</td><td>STATUS (below)</td><td>INTERRUPT ACK: clears the STATUS bits DONE, ERROR, TC set in the
 *       value (write 1 to clear)</td></tr>
 *   <tr><td>2</td><td>0xFF</td><td>COMMAND: 0x01 start capture (device to memory, the DMA channel in write
 *       mode), 0x02 start playback (memory to device, read mode), 0x03 stop; other values ignored, and a start
 *       while BUSY is ignored</td></tr>
 *   <tr><td>3</td><td>CHANNEL: the DMA channel number (0-3, 5-7)</td><td>ignored</td></tr>
 *   <tr><td>4-7</td><td colspan="2">LENGTH: bytes to stream in one run, 32 bits little-endian, read/write;
 *       latched by a start, so rewriting it during a run changes only the next run</td></tr>
 * </table>
 * <pre>
 *  STATUS:  7  6  5    4       3    2      1     0
 *         +--+--+--+--------+----+------+-----+-----+
 *         | 0| 0| 0|PLAYBACK| TC |ERROR | DONE|BUSY |
 *         +--+--+--+--------+----+------+-----+-----+
 *  BUSY      a run is going on
 *  DONE      the last run ended normally: LENGTH bytes moved, or the DMA channel reached terminal count
 *  ERROR     the last start was refused (LENGTH 0, or odd on a 16-bit channel) or the controller stopped
 *            granting DMA in mid-run (channel masked, in cascade mode, or its controller disabled)
 *  TC        the last run ended because the DMA channel reached terminal count
 *  PLAYBACK  the direction of the last run: 1 playback, 0 capture
 * </pre>
 * A start clears DONE, ERROR and TC. A run that ends with DONE or ERROR pulses the IRQ line once; a stop does not
 * (unless the bytes due at the stop complete the run).
 *
 * <p>Timing: a run started at time t0 moves its byte number i (from 0) at t0 + (i + 1) * nanosPerByte, in
 * units of the channel (a 16-bit channel moves a word when its second byte is due). The device runs the DMA in
 * chunks of up to {@value #CHUNK_BYTES} bytes, one clock event a chunk, each at the exact time of the chunk's
 * last byte; a chunk never goes past the LENGTH or the channel's terminal count, so completion falls at
 * t0 + N * nanosPerByte for the N bytes the run moved. The tradeoff: a guest that reads the DMA count during a
 * run sees progress a chunk at a time. A stop first moves the bytes already due, then ends the run. If the guest
 * reprograms the count during a run, a terminal count inside a chunk is noticed at the end of that chunk. In
 * block mode the controller runs to terminal count at the first chunk, so such a run ends at the first chunk's
 * time, as a bus-hogging block transfer would.
 *
 * <p>Host side: capture bytes come from what {@link #feed(byte[])} queued, in order; once that is used up, byte
 * i of the run (i counting every byte the run captured, fed or not) is {@code (i * 7 + 3) & 0xFF}. Played bytes
 * collect in {@link #played()}. A 16-bit channel moves little-endian words, so memory holds the byte stream in
 * order either way.
 */
public final class IsaStreamDevice {

    public static final int DEFAULT_CHANNEL = 1;
    public static final int DEFAULT_BASE_PORT = 0x300;
    /** The IRQ a machine wires this device to unless told otherwise. */
    public static final int DEFAULT_IRQ = 5;
    /** One byte per microsecond. */
    public static final long DEFAULT_NANOS_PER_BYTE = 1_000;
    public static final long MAX_NANOS_PER_BYTE = 1_000_000;
    public static final int PORT_COUNT = 8;
    /** The most bytes one clock event moves. */
    public static final int CHUNK_BYTES = 512;

    public static final int REG_ID = 0;
    public static final int REG_STATUS = 1;
    public static final int REG_COMMAND = 2;
    public static final int REG_CHANNEL = 3;
    public static final int REG_LENGTH = 4;

    public static final int ID = 0x5A;

    public static final int CMD_CAPTURE = 0x01;
    public static final int CMD_PLAYBACK = 0x02;
    public static final int CMD_STOP = 0x03;

    public static final int STATUS_BUSY = 0x01;
    public static final int STATUS_DONE = 0x02;
    public static final int STATUS_ERROR = 0x04;
    public static final int STATUS_TC = 0x08;
    public static final int STATUS_PLAYBACK = 0x10;

    private static final int STICKY = STATUS_DONE | STATUS_ERROR | STATUS_TC;
    private static final long NANOS_PER_SECOND = 1_000_000_000L;

    private final IoPortSpace ports;
    private final VirtualClock clock;
    private final I8237Pair dma;
    private final int channel;
    private final int basePort;
    private final IrqLine irq;
    private final long nanosPerByte;
    private final int unitBytes;

    private int lengthRegister;
    private int status;

    // The run in progress.
    private long runStartCycles;
    private long runLengthBytes;
    private long movedBytes;
    /** The byte count the pending chunk event brings the run to. */
    private long chunkEndBytes;
    private VirtualClock.Event chunkEvent;
    private boolean terminalCountSeen;
    private long capturedInRun;

    private final CaptureSource capture = new CaptureSource();
    private byte[] played = new byte[256];
    private int playedBytes;

    private final DmaPeer peer = new DmaPeer() {
        @Override
        public int ioRead() {
            if ((status & STATUS_PLAYBACK) != 0) {
                return 0xFFFF; // a playing device does not drive the bus: it floats high
            }
            int unit = 0;
            for (int i = 0; i < unitBytes; i++) {
                unit |= capture.next(capturedInRun++) << (8 * i);
            }
            return unit;
        }

        @Override
        public void ioWrite(int unit) {
            if ((status & STATUS_PLAYBACK) == 0) {
                return; // a capturing device ignores data written to it
            }
            for (int i = 0; i < unitBytes; i++) {
                play((byte) (unit >>> (8 * i)));
            }
        }

        @Override
        public void terminalCount() {
            terminalCountSeen = true;
        }
    };

    /** A device with the defaults: channel 1, ports 0x300-0x307, one byte per microsecond. */
    public IsaStreamDevice(IoPortSpace ports, VirtualClock clock, I8237Pair dma, IrqLine irq) {
        this(ports, clock, dma, DEFAULT_CHANNEL, DEFAULT_BASE_PORT, irq, DEFAULT_NANOS_PER_BYTE);
    }

    /**
     * @param channel      the DMA channel: 0-3 (bytes) or 5-7 (words)
     * @param basePort     the first of the 8 ports, a multiple of 8
     * @param irq          the line pulsed when a run ends
     * @param nanosPerByte the stream rate: 1 ns to {@value #MAX_NANOS_PER_BYTE} ns a byte
     * @throws IllegalArgumentException naming the bad argument, or if a port is already claimed
     */
    public IsaStreamDevice(IoPortSpace ports, VirtualClock clock, I8237Pair dma, int channel, int basePort,
            IrqLine irq, long nanosPerByte) {
        if (ports == null || clock == null || dma == null || irq == null) {
            throw new IllegalArgumentException(
                    "IsaStreamDevice: the port space, clock, DMA controller and IRQ line must not be null");
        }
        if (channel < 0 || channel >= I8237Pair.CHANNEL_COUNT || channel == I8237Pair.CASCADE_CHANNEL) {
            throw new IllegalArgumentException(
                    "IsaStreamDevice: DMA channel " + channel + " is not a device channel (0-3 or 5-7)");
        }
        if (basePort < 0 || basePort + PORT_COUNT > IoPortSpace.PORT_COUNT || basePort % PORT_COUNT != 0) {
            throw new IllegalArgumentException(String.format(
                    "IsaStreamDevice: base port 0x%x is not a multiple of 8 inside the I/O space", basePort));
        }
        if (nanosPerByte < 1 || nanosPerByte > MAX_NANOS_PER_BYTE) {
            throw new IllegalArgumentException(String.format(
                    "IsaStreamDevice: %d ns per byte is out of range: 1 to %d", nanosPerByte, MAX_NANOS_PER_BYTE));
        }
        this.ports = ports;
        this.clock = clock;
        this.dma = dma;
        this.channel = channel;
        this.basePort = basePort;
        this.irq = irq;
        this.nanosPerByte = nanosPerByte;
        this.unitBytes = I8237Pair.unitBytes(channel);
        ports.claim(String.format("stream@0x%x", basePort), basePort, PORT_COUNT, new Registers());
    }

    // ---------------------------------------------------------------------------------------------------------
    // Host side

    /** Queues bytes for capture; they are used before the pattern. */
    public void feed(byte[] bytes) {
        if (bytes == null) {
            throw new IllegalArgumentException("IsaStreamDevice.feed: bytes must not be null");
        }
        capture.feed(bytes);
    }

    /** Every byte played so far (since construction or {@link #clearPlayed()}), in order. */
    public byte[] played() {
        return Arrays.copyOf(played, playedBytes);
    }

    public void clearPlayed() {
        playedBytes = 0;
    }

    private void play(byte b) {
        if (playedBytes == played.length) {
            played = Arrays.copyOf(played, played.length * 2);
        }
        played[playedBytes++] = b;
    }

    // ---------------------------------------------------------------------------------------------------------
    // Guest side

    private final class Registers implements IoPortHandler {
        @Override
        public int in(int port, int size) {
            if (size != 1) {
                int value = 0;
                for (int i = 0; i < size; i++) {
                    value |= ports.in8(port + i) << (8 * i);
                }
                return value;
            }
            int off = port - basePort;
            return switch (off) {
                case REG_ID -> ID;
                case REG_STATUS -> status;
                case REG_CHANNEL -> channel;
                case REG_LENGTH, REG_LENGTH + 1, REG_LENGTH + 2, REG_LENGTH + 3 ->
                        (lengthRegister >>> (8 * (off - REG_LENGTH))) & 0xFF;
                default -> 0xFF;
            };
        }

        @Override
        public void out(int port, int size, int value) {
            if (size != 1) {
                for (int i = 0; i < size; i++) {
                    ports.out8(port + i, value >>> (8 * i));
                }
                return;
            }
            int off = port - basePort;
            switch (off) {
                case REG_STATUS -> status &= ~(value & STICKY);
                case REG_COMMAND -> command(value & 0xFF);
                case REG_LENGTH, REG_LENGTH + 1, REG_LENGTH + 2, REG_LENGTH + 3 -> {
                    int shift = 8 * (off - REG_LENGTH);
                    lengthRegister = (lengthRegister & ~(0xFF << shift)) | ((value & 0xFF) << shift);
                }
                default -> { } // read-only or nothing there
            }
        }
    }

    private void command(int cmd) {
        switch (cmd) {
            case CMD_CAPTURE -> start(false);
            case CMD_PLAYBACK -> start(true);
            case CMD_STOP -> stop();
            default -> { } // unknown commands are ignored
        }
    }

    private void start(boolean playback) {
        if ((status & STATUS_BUSY) != 0) {
            return;
        }
        status = playback ? STATUS_PLAYBACK : 0;
        long length = Integer.toUnsignedLong(lengthRegister);
        if (length == 0 || length % unitBytes != 0) {
            status |= STATUS_ERROR;
            irq.pulse();
            return;
        }
        status |= STATUS_BUSY;
        runStartCycles = clock.now();
        runLengthBytes = length;
        movedBytes = 0;
        capturedInRun = 0;
        terminalCountSeen = false;
        dma.setDreq(channel, true);
        scheduleChunk();
    }

    /** Plans the next chunk: up to CHUNK_BYTES, never past LENGTH or terminal count, due at its last byte. */
    private void scheduleChunk() {
        long toTcBytes = (long) dma.unitsToTerminalCount(channel) * unitBytes;
        long chunk = Math.min(CHUNK_BYTES, Math.min(runLengthBytes - movedBytes, toTcBytes));
        chunkEndBytes = movedBytes + chunk;
        chunkEvent = clock.scheduleAt(runStartCycles + cyclesForBytes(chunkEndBytes), this::chunkDue);
    }

    private void chunkDue() {
        chunkEvent = null;
        long asked = chunkEndBytes - movedBytes;
        long moved = moveUnits(asked / unitBytes) * unitBytes;
        if (terminalCountSeen) {
            finish(STATUS_DONE | STATUS_TC);
        } else if (moved < asked) {
            finish(STATUS_ERROR);
        } else if (movedBytes >= runLengthBytes) {
            finish(STATUS_DONE);
        } else {
            scheduleChunk();
        }
    }

    private long moveUnits(long units) {
        int n = dma.transfer(channel, peer, (int) units);
        movedBytes += (long) n * unitBytes;
        return n;
    }

    /**
     * Stop: the bytes already due still move (they were on the wire), then the run ends without an IRQ, unless
     * those bytes completed it: a stop in the same cycle as the last byte, by an event that ran before the chunk
     * event, must not swallow the completion.
     */
    private void stop() {
        if ((status & STATUS_BUSY) == 0) {
            return;
        }
        chunkEvent.cancel();
        chunkEvent = null;
        long due = Math.min(bytesDueNow(), chunkEndBytes);
        if (due > movedBytes) {
            moveUnits((due - movedBytes) / unitBytes);
        }
        if (terminalCountSeen) {
            finish(STATUS_DONE | STATUS_TC);
        } else if (movedBytes >= runLengthBytes) {
            finish(STATUS_DONE);
        } else {
            status &= ~STATUS_BUSY;
            dma.setDreq(channel, false);
        }
    }

    private void finish(int bits) {
        status = (status & ~STATUS_BUSY) | bits;
        dma.setDreq(channel, false);
        irq.pulse();
    }

    // ---------------------------------------------------------------------------------------------------------
    // Time

    /** Cycles from the run's start until {@code bytes} bytes have moved. */
    private long cyclesForBytes(long bytes) {
        return clock.cyclesForNanos(bytes * nanosPerByte);
    }

    /**
     * The bytes due by now: the largest b with cyclesForBytes(b) at or before now. Truncating the elapsed
     * nanoseconds matches the rounding up in {@link VirtualClock#cyclesForNanos}.
     */
    private long bytesDueNow() {
        long elapsedCycles = clock.now() - runStartCycles;
        long hz = clock.hz();
        long elapsedNanos = (elapsedCycles / hz) * NANOS_PER_SECOND + (elapsedCycles % hz) * NANOS_PER_SECOND / hz;
        return elapsedNanos / nanosPerByte;
    }
}
