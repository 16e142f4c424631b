package org.kld86.emulator.cpu;

/**
 * What the CPU sees of an interrupt controller: its INTR output and the interrupt acknowledge cycle.
 */
public interface InterruptController {

    /** Whether INTR is asserted: some unmasked request outranks everything in service. */
    boolean intr();

    /**
     * The INTA cycle: the controller moves the winning request into service and returns its vector (or its
     * spurious vector if the request went away).
     */
    int acknowledge();

    /**
     * Asks the controller to report every change of INTR to {@code listener}. A controller that can returns
     * true, and the CPU then tests a cached level at each safepoint instead of asking {@link #intr()}; one that
     * cannot returns false and is polled.
     */
    default boolean watchIntr(org.kld86.emulator.dev.IrqLine listener) {
        return false;
    }

    /** A controller that never interrupts. */
    InterruptController NONE = new InterruptController() {
        @Override
        public boolean intr() {
            return false;
        }

        @Override
        public int acknowledge() {
            throw new IllegalStateException("INTA with no interrupt controller");
        }
    };
}
