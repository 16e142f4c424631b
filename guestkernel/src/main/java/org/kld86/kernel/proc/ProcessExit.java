package org.kld86.kernel.proc;

/**
 * Unwinds a process's user code when the process ends, by exit(2) or by a signal. The kernel throws it from
 * the system call or the fault that ends the process, and the process's thread catches it at its entry point.
 * A user program that catches it anyway gains nothing: the process is marked as exiting and the next system
 * call or memory access throws it again.
 */
public final class ProcessExit extends Error {

    private final int status;

    /** @param status the wait(2) status: exit code << 8, or the signal number */
    public ProcessExit(int status) {
        super("process exit", null, false, false);
        this.status = status;
    }

    public int status() {
        return status;
    }
}
