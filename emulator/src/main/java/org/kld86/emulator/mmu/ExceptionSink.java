package org.kld86.emulator.mmu;

/**
 * Where the MMU sends the exceptions it raises: the CPU, which runs the kernel's trap handler for the vector.
 *
 * <p>A normal return means the handler dealt with the exception ("iret"): for a page fault the MMU retries
 * the access, as the processor restarts a faulting instruction.
 */
public interface ExceptionSink {

    void raise(int vector, int errorCode);
}
