package org.kld86.kernel.syscall;

import static org.kld86.kpi.Errno.EFAULT;
import static org.kld86.kpi.Errno.ENOSYS;

import java.util.Map;
import java.util.TreeMap;
import org.kld86.kernel.Kernel;
import org.kld86.kernel.kld.rt.UserCpu;
import org.kld86.kernel.proc.KThread;
import org.kld86.kernel.proc.Trapframe;

/**
 * The system call table (sysent) and the INT 0x80 gate: the gate reads the call number from EAX, copies the
 * call's arguments in from the user stack (they sit above the return address at ESP, FreeBSD/i386's layout),
 * runs the call and writes the result to EAX:EDX, or the errno to EAX with the carry flag set.
 */
public final class SyscallTable {

    /** One entry: the call's name (for traces), how many argument words it takes, and its code. */
    public record Entry(String name, int nargs, Syscall call) {
    }

    private final Kernel kernel;
    private final Map<Integer, Entry> table = new TreeMap<>();

    public SyscallTable(Kernel kernel) {
        this.kernel = kernel;
        kernel.machine().cpu().setGate(UserCpu.VECTOR_SYSCALL, (v, e) -> gate(), true, 3);
    }

    /** Registers system call {@code number}; a number registered twice is a kernel bug. */
    public void register(int number, String name, int nargs, Syscall call) {
        if (table.putIfAbsent(number, new Entry(name, nargs, call)) != null) {
            throw new IllegalStateException("syscall " + number + " (" + name + ") registered twice");
        }
    }

    public Map<Integer, Entry> entries() {
        return java.util.Collections.unmodifiableMap(table);
    }

    private void gate() {
        KThread t = kernel.scheduler().current();
        Trapframe tf = t.frame();
        Entry e = table.get(tf.eax);
        long result;
        if (e == null) {
            result = -ENOSYS;
        } else {
            int[] args = new int[e.nargs()];
            int error = 0;
            long sp = Integer.toUnsignedLong(tf.esp) + 4;
            int[] word = new int[1];
            for (int i = 0; i < args.length && error == 0; i++) {
                error = kernel.userAccess().fuword32(sp + 4L * i, word);
                args[i] = word[0];
            }
            result = error != 0 ? -EFAULT : e.call().call(new SyscallContext(kernel, t, args));
        }
        org.kld86.kernel.proc.Proc p = t.proc();
        if (p != null && p.pendingSignal() != 0) {
            throw kernel.procs().sigexit(p, p.pendingSignal()); // userret(): a pending signal is delivered
        }
        if (result < 0 && result >= -4095) {
            tf.eax = (int) -result;
            tf.carry = true;
        } else {
            tf.eax = (int) result;
            tf.edx = (int) (result >>> 32);
            tf.carry = false;
        }
    }
}
