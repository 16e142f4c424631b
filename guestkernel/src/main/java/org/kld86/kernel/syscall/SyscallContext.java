package org.kld86.kernel.syscall;

import org.kld86.kernel.Kernel;
import org.kld86.kernel.proc.KThread;
import org.kld86.kernel.proc.Proc;

/** What a system call sees: its arguments (unsigned 32-bit words from the user stack), the thread and process. */
public final class SyscallContext {

    private final Kernel kernel;
    private final KThread thread;
    private final int[] args;

    SyscallContext(Kernel kernel, KThread thread, int[] args) {
        this.kernel = kernel;
        this.thread = thread;
        this.args = args;
    }

    public Kernel kernel() {
        return kernel;
    }

    public KThread thread() {
        return thread;
    }

    public Proc proc() {
        return thread.proc();
    }

    /** Argument {@code i} as a signed int. */
    public int arg(int i) {
        return args[i];
    }

    /** Argument {@code i} as an unsigned address or size. */
    public long uarg(int i) {
        return Integer.toUnsignedLong(args[i]);
    }

    /** A 64-bit argument passed in two words (off_t on i386: low word first). */
    public long arg64(int lowIndex) {
        return Integer.toUnsignedLong(args[lowIndex]) | ((long) args[lowIndex + 1] << 32);
    }
}
