package org.kld86.emulator.io;

/**
 * A port-mapped device's decoder: IN and OUT cycles on the ports it claimed, of 1, 2 or 4 bytes.
 */
public interface IoPortHandler {

    /** An IN of {@code size} bytes from {@code port}; bits above {@code 8 * size} are ignored. */
    int in(int port, int size);

    /** An OUT of the low {@code 8 * size} bits of {@code value} to {@code port}. */
    void out(int port, int size, int value);
}
