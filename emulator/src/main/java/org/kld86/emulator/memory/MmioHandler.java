package org.kld86.emulator.memory;

/**
 * A device's view of one MMIO window: the bus hands it loads and stores by offset into the window.
 *
 * <p>Sizes are 1, 2, 4 or 8 bytes; values are little-endian and zero-extended into the {@code long}. A device
 * decides for itself which widths it decodes; for the rest it returns all-ones and drops writes, as an unclaimed
 * cycle on a PC bus would.
 */
public interface MmioHandler {

    /** A load of {@code size} bytes at {@code offset}; the result's bits above {@code 8 * size} are ignored. */
    long read(long offset, int size);

    /** A store of the low {@code 8 * size} bits of {@code value} at {@code offset}. */
    void write(long offset, int size, long value);
}
