package org.kld86.emulator.dev.edu;

import org.kld86.emulator.cpu.VirtualClock;

/**
 * The edu device's DMA engine (QEMU {@code hw/misc/edu.c} {@code edu_dma_timer}, {@code dma_rw}): one transfer at a
 * time between RAM and the device's 4 KiB buffer, which sits at device address 0x40000.
 *
 * <pre>
 *   BAR0 offset  access  register (each 64 bits wide)
 *   0x80         RW 4/8  source address
 *   0x88         RW 4/8  destination address
 *   0x90         RW 4/8  count in bytes
 *   0x98         RW 4/8  command:  bit 0  start; reads 1 while the transfer runs
 *                                  bit 1  direction: 0 = RAM -&gt; EDU (src in RAM, dst in the buffer)
 *                                                    1 = EDU -&gt; RAM (src in the buffer, dst in RAM)
 *                                  bit 2  raise IRQ 0x100 when the transfer completes
 *   0xA0         R  4/8  error (not in QEMU, see below): bit 0 = the last transfer was refused
 * </pre>
 *
 * <p>Register access, as QEMU does it:
 * <ul>
 *   <li>A 4-byte write at 0x80/0x88/0x90/0x98 sets the whole 64-bit register, zero-extended; a 4-byte read
 *       returns the low half. The 4-byte offsets 0x84/0x8C/0x94/0x9C/0xA4 name no register (QEMU's decoder
 *       matches only the 8-byte-aligned ones): they read all-ones and ignore writes, so the high half of an
 *       address can only be set by an 8-byte write.
 *   <li>While a transfer runs (command bit 0 set) writes to 0x80-0x98 are ignored.
 *   <li>A write to 0x98 without bit 0 is ignored. A write with bit 0 stores the value as written and starts a
 *       transfer that completes {@link #TRANSFER_DELAY_NANOS} (100 ms) of virtual time later, from an event on the
 *       clock. QEMU arms a millisecond timer at floor(now in ms) + 100; we use now + 100 ms exactly.
 * </ul>
 *
 * <p>At completion the engine copies {@code count} bytes through the device's {@link
 * org.kld86.emulator.dev.pci.BusMaster} (so nothing reaches RAM with Bus Master Enable clear, and a read from RAM
 * then yields all-ones), clears command bit 0 and, if command bit 2 is set, raises {@link EduDevice#IRQ_DMA}.
 * The RAM-side address is ANDed with the device's {@code dma_mask} first, so with the default 28-bit mask an
 * address above 256 MiB wraps to its low 28 bits, as in QEMU ({@code edu_clamp_addr}).
 *
 * <p><b>Refused transfers (where we differ from QEMU).</b> The device-side range {@code [address, address +
 * count)} must lie inside the buffer {@code [0x40000, 0x41000)}, compared as unsigned 64-bit numbers without
 * overflow; QEMU only logs a violation and copies anyway, past its buffer. Here a transfer outside the buffer
 * copies no byte in either direction and otherwise completes normally, at the same time, clearing bit 0 and
 * raising IRQ 0x100 if asked, so a driver waiting for either does not hang. The refusal shows in the error
 * register at 0xA0 (bit 0 set until the next transfer starts), where a driver can read it, and in {@link
 * #refusedTransfers()} for the host. 0xA0 lies in the range edu leaves unused, where QEMU reads all-ones.
 */
public final class EduDmaEngine {

    public static final int REG_SRC = 0x80;
    public static final int REG_DST = 0x88;
    public static final int REG_COUNT = 0x90;
    public static final int REG_CMD = 0x98;
    public static final int REG_ERROR = 0xA0;

    /** The first DMA register: from here up, accesses may be 4 or 8 bytes wide. */
    static final int FIRST_REGISTER = 0x80;

    public static final long CMD_RUN = 0x1;
    public static final long CMD_TO_RAM = 0x2;
    public static final long CMD_IRQ = 0x4;

    /** Error register bit 0: the last transfer's device-side range left the buffer; nothing was copied. */
    public static final long ERROR_REFUSED = 0x1;

    /** The device address of the DMA buffer. */
    public static final long BUFFER_ADDRESS = 0x40000;
    public static final int BUFFER_SIZE_BYTES = 4096;

    /** The virtual time from starting a transfer to its completion (edu.c's 100 ms timer). */
    public static final long TRANSFER_DELAY_NANOS = 100_000_000L;

    private final EduDevice device;
    private final VirtualClock clock;
    private final long dmaMask;
    private final long transferDelayCycles;
    private final byte[] buffer = new byte[BUFFER_SIZE_BYTES];

    private long src;
    private long dst;
    private long count;
    private long cmd;
    private long error;
    private long refusedTransfers;
    private long completedTransfers;

    EduDmaEngine(EduDevice device, VirtualClock clock, long dmaMask) {
        this.device = device;
        this.clock = clock;
        this.dmaMask = dmaMask;
        this.transferDelayCycles = clock.cyclesForNanos(TRANSFER_DELAY_NANOS);
    }

    /** The mask applied to RAM-side addresses. */
    public long dmaMask() {
        return dmaMask;
    }

    /** Whether a transfer is in flight (command bit 0). */
    public boolean running() {
        return (cmd & CMD_RUN) != 0;
    }

    /** Transfers refused because their device-side range left the buffer. */
    public long refusedTransfers() {
        return refusedTransfers;
    }

    /** Transfers that reached their completion time, refused ones included. */
    public long completedTransfers() {
        return completedTransfers;
    }

    /** A copy of the device's buffer (not visible to the guest except by DMA). */
    public byte[] buffer() {
        return buffer.clone();
    }

    long read(long offset) {
        return switch ((int) offset) {
            case REG_SRC -> src;
            case REG_DST -> dst;
            case REG_COUNT -> count;
            case REG_CMD -> cmd;
            case REG_ERROR -> error;
            default -> -1L;
        };
    }

    void write(long offset, long value) {
        if (running()) {
            return; // edu.c dma_rw: every DMA register is frozen while a transfer runs
        }
        switch ((int) offset) {
            case REG_SRC -> src = value;
            case REG_DST -> dst = value;
            case REG_COUNT -> count = value;
            case REG_CMD -> start(value);
            default -> { } // 0xA0 is read-only; the rest name no register
        }
    }

    private void start(long command) {
        if ((command & CMD_RUN) == 0) {
            return;
        }
        cmd = command;
        error = 0;
        clock.schedule(transferDelayCycles, this::complete);
    }

    private void complete() {
        boolean toRam = (cmd & CMD_TO_RAM) != 0;
        long deviceAddress = toRam ? src : dst;
        long ramAddress = (toRam ? dst : src) & dmaMask;
        if (insideBuffer(deviceAddress, count)) {
            int off = (int) (deviceAddress - BUFFER_ADDRESS);
            if (toRam) {
                device.bus().write(ramAddress, buffer, off, (int) count);
            } else {
                device.bus().read(ramAddress, buffer, off, (int) count);
            }
        } else {
            error = ERROR_REFUSED;
            refusedTransfers++;
        }
        completedTransfers++;
        cmd &= ~CMD_RUN;
        if ((cmd & CMD_IRQ) != 0) {
            device.raiseIrq(EduDevice.IRQ_DMA);
        }
    }

    /** Whether {@code [address, address + length)} lies in the buffer, unsigned and free of overflow. */
    static boolean insideBuffer(long address, long length) {
        return Long.compareUnsigned(address, BUFFER_ADDRESS) >= 0
                && Long.compareUnsigned(length, BUFFER_SIZE_BYTES) <= 0
                && Long.compareUnsigned(address - BUFFER_ADDRESS, BUFFER_SIZE_BYTES - length) <= 0;
    }
}
