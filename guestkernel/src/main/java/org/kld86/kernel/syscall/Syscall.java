package org.kld86.kernel.syscall;

/**
 * One system call's kernel side. It gets the arguments the gate copied in from the user stack and returns the
 * result, or a negated errno (-EFAULT) for an error, which the gate turns into the carry flag and EAX.
 */
@FunctionalInterface
public interface Syscall {

    long call(SyscallContext ctx);
}
