package org.kld86.kernel.proc;

/**
 * The user registers the system call gate reads and writes, as i386's trapframe holds them: EAX (the call
 * number in, the result out), EDX (the result's high word), ESP (the user stack, where the arguments are) and
 * the carry flag, set on an error with EAX holding the errno (FreeBSD's i386 system call convention).
 */
public final class Trapframe {

    public int eax;
    public int edx;
    public int esp;
    public boolean carry;
}
