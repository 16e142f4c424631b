package org.kld86.emulator.dev;

/**
 * One interrupt request wire from a device to an interrupt controller input.
 *
 * <p>A device drives the level. Edge-triggered inputs latch the rising edge, so an ISA device that signals
 * an event pulses the line ({@link #pulse()}); a level-triggered input (PCI INTx, via the ELCR) keeps
 * requesting for as long as the device holds the line high.
 */
public interface IrqLine {

    /** Drives the line to {@code high}. */
    void set(boolean high);

    default void raise() {
        set(true);
    }

    default void lower() {
        set(false);
    }

    /** A rising then a falling edge: an ISA-style edge interrupt. */
    default void pulse() {
        set(true);
        set(false);
    }

    /** A line connected to nothing. */
    IrqLine NONE = high -> { };
}
