package org.kld86.kernel;

/**
 * A guest kernel panic: a broken kernel invariant, or a driver bug the kernel cannot survive. It unwinds the
 * guest code that hit it; the kernel has already printed {@code panic: <message>} and stopped the machine.
 * The host program reports it and exits non-zero; a test can read {@link #report()}.
 */
public final class KernelPanic extends RuntimeException {

    private final String report;

    public KernelPanic(String message, String report) {
        super(message);
        this.report = report;
    }

    /** The full text the kernel printed for this panic (the "panic:" line and what preceded it). */
    public String report() {
        return report;
    }
}
