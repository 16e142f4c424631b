package org.kld86.emulator.io;

import java.util.Arrays;

/**
 * The x86 16-bit I/O port space (ports 0x0000-0xFFFF), separate from memory. Devices claim port ranges; an
 * IN from a port nobody claimed reads all-ones and an OUT to it is dropped, as on an ISA bus.
 *
 * <p>Claims may not overlap: two devices answering the same port is a machine configuration error, reported
 * when the machine is built.
 */
public final class IoPortSpace {

    public static final int PORT_COUNT = 0x10000;

    private final IoPortHandler[] handlers = new IoPortHandler[PORT_COUNT];
    private final String[] owners = new String[PORT_COUNT];

    /**
     * Claims {@code [first, first + count)} for {@code handler}.
     *
     * @throws IllegalArgumentException if the range leaves the port space or a port is already claimed
     */
    public void claim(String owner, int first, int count, IoPortHandler handler) {
        if (first < 0 || count <= 0 || first + count > PORT_COUNT) {
            throw new IllegalArgumentException(String.format(
                    "%s: port range 0x%x+%d is outside the I/O space", owner, first, count));
        }
        for (int p = first; p < first + count; p++) {
            if (handlers[p] != null) {
                throw new IllegalArgumentException(String.format(
                        "%s: port 0x%x is already claimed by %s", owner, p, owners[p]));
            }
        }
        Arrays.fill(handlers, first, first + count, handler);
        Arrays.fill(owners, first, first + count, owner);
    }

    /** Who claimed {@code port}, or null. */
    public String owner(int port) {
        return owners[port & 0xFFFF];
    }

    public int in8(int port) {
        return in(port, 1) & 0xFF;
    }

    public int in16(int port) {
        return in(port, 2) & 0xFFFF;
    }

    public int in32(int port) {
        return in(port, 4);
    }

    public void out8(int port, int value) {
        out(port, 1, value);
    }

    public void out16(int port, int value) {
        out(port, 2, value);
    }

    public void out32(int port, int value) {
        out(port, 4, value);
    }

    /**
     * An IN cycle. The port is decoded by its first byte, as ISA decoders do: a 16- or 32-bit access goes
     * whole to the device that claimed the first port.
     */
    public int in(int port, int size) {
        checkSize(size);
        IoPortHandler h = handlers[port & 0xFFFF];
        int m = size == 4 ? -1 : (1 << (8 * size)) - 1;
        return h == null ? m : h.in(port & 0xFFFF, size) & m;
    }

    /** An OUT cycle, decoded like {@link #in(int, int)}. */
    public void out(int port, int size, int value) {
        checkSize(size);
        IoPortHandler h = handlers[port & 0xFFFF];
        if (h != null) {
            int m = size == 4 ? -1 : (1 << (8 * size)) - 1;
            h.out(port & 0xFFFF, size, value & m);
        }
    }

    private static void checkSize(int size) {
        if (size != 1 && size != 2 && size != 4) {
            throw new IllegalArgumentException("I/O access size must be 1, 2 or 4, not " + size);
        }
    }
}
