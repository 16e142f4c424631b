package org.kld86.emulator.cpu;

/**
 * A gate of the interrupt descriptor table: the kernel code that runs for one vector, at CPL 0 with
 * interrupts disabled (an interrupt gate).
 *
 * <p>Returning is IRET: the interrupted code resumes, and a faulting access is retried. Throwing unwinds the
 * interrupted code, which is how a kernel abandons it (a panic, or a user process killed by a signal).
 */
@FunctionalInterface
public interface TrapHandler {

    /**
     * @param vector    0-255
     * @param errorCode the exception's error code, or 0 for vectors that push none and for interrupts
     */
    void handle(int vector, int errorCode);
}
