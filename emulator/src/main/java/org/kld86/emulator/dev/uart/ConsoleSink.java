package org.kld86.emulator.dev.uart;

/**
 * Where a serial port's transmitted bytes go on the host: a terminal, a log, a test's buffer. Bytes arrive in
 * the order the guest wrote them, at the virtual time of the write; the sink must not block or throw.
 */
@FunctionalInterface
public interface ConsoleSink {

    /** One transmitted byte, 0-255, as the guest wrote it to THR. */
    void write(int b);

    /** A line with nothing attached. */
    ConsoleSink NONE = b -> { };
}
