package org.kld86.kernel.kld.rt;

import org.kld86.emulator.cpu.Cpu;
import org.kld86.emulator.mmu.Mmu;
import org.kld86.kernel.Kernel;
import org.kld86.kernel.proc.KThread;
import org.kld86.kernel.proc.Trapframe;

/**
 * The instructions user code has: loads and stores at CPL 3 through the MMU and the process's page tables, and
 * INT 0x80 to make a system call. Nothing else of the kernel is reachable from user code (the user linker
 * refuses every other kernel symbol), so a user program reaches the kernel only through system calls.
 *
 * <p>The system call convention is FreeBSD/i386's: the arguments are pushed on the user stack above a return
 * address slot, EAX holds the call number; on return EAX:EDX hold the result, or EAX the errno with the carry
 * flag set. Here a failed call returns the errno negated, so one long carries both.
 */
public final class UserCpu {

    /** The system call vector (FreeBSD/i386 IDT_SYSCALL). */
    public static final int VECTOR_SYSCALL = 0x80;

    private UserCpu() {
    }

    private static Mmu mmu() {
        return Kernel.current().machine().mmu();
    }

    public static int read8(long va) {
        return mmu().read8((int) va);
    }

    public static int read16(long va) {
        return mmu().read16((int) va);
    }

    public static int read32(long va) {
        return mmu().read32((int) va);
    }

    public static void write8(long va, int v) {
        mmu().write8((int) va, v);
    }

    public static void write16(long va, int v) {
        mmu().write16((int) va, v);
    }

    public static void write32(long va, int v) {
        mmu().write32((int) va, v);
    }

    /** {@code rep movsb} out of user memory into a host array. */
    public static void read(long va, byte[] dst, int off, int len) {
        mmu().read((int) va, dst, off, len);
    }

    /** {@code rep movsb} from a host array into user memory. */
    public static void write(long va, byte[] src, int off, int len) {
        mmu().write((int) va, src, off, len);
    }

    /** The user stack pointer (ESP). */
    public static long esp() {
        return Integer.toUnsignedLong(Kernel.current().scheduler().current().frame().esp);
    }

    public static void setEsp(long esp) {
        Kernel.current().scheduler().current().frame().esp = (int) esp;
    }

    /**
     * A system call: pushes the arguments and a return-address slot on the user stack, loads EAX, executes
     * INT 0x80, pops, and returns EDX:EAX, or the negated errno if the carry flag came back set.
     */
    public static long syscall(int number, int... args) {
        Kernel k = Kernel.current();
        Cpu cpu = k.machine().cpu();
        KThread t = k.scheduler().current();
        Trapframe tf = t.frame();
        int saved = tf.esp;
        int sp = saved - 4 * (args.length + 1);
        Mmu m = cpu.mmu();
        m.write32(sp, 0); // the return address slot of a libc stub's call
        for (int i = 0; i < args.length; i++) {
            m.write32(sp + 4 * (i + 1), args[i]);
        }
        tf.esp = sp;
        tf.eax = number;
        cpu.softwareInterrupt(VECTOR_SYSCALL);
        tf.esp = saved;
        if (tf.carry) {
            return -Integer.toUnsignedLong(tf.eax);
        }
        return ((long) tf.edx << 32) | Integer.toUnsignedLong(tf.eax);
    }
}
