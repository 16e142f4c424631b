package org.kld86.kernel.syscall;

import static org.kld86.kpi.Errno.EFAULT;
import static org.kld86.kpi.Errno.ENOSYS;

import java.util.Map;
import java.util.TreeMap;
import org.kld86.kernel.Kernel;
import org.kld86.kernel.KernelPanic;
import org.kld86.kernel.kld.rt.UserCpu;
import org.kld86.kernel.proc.KThread;
import org.kld86.kernel.proc.ProcessExit;
import org.kld86.kernel.proc.Scheduler;
import org.kld86.kernel.proc.Trapframe;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The system call table (sysent) and the INT 0x80 gate: the gate reads the call number from EAX, copies the
 * call's arguments in from the user stack (they sit above the return address at ESP, FreeBSD/i386's layout),
 * runs the call and writes the result to EAX:EDX, or the errno to EAX with the carry flag set.
 */
public final class SyscallTable {

    /** One entry: the call's name (for traces), how many argument words it takes, and its code. */
    public record Entry(String name, int nargs, Syscall call) {
    }

    private static final Logger LOG = LoggerFactory.getLogger(SyscallTable.class);

    private final Kernel kernel;
    private final Map<Integer, Entry> table = new TreeMap<>();
    /** kern.signosys: whether a call to a number with no entry also sends SIGSYS (nosys() in kern_sig.c). */
    private boolean signosys = true;
    /** vm.stats.sys.v_syscall: system calls made since boot (struct vmmeter). */
    private long calls;

    /** SIGSYS, "Bad system call" (signal(3)). */
    public static final int SIGSYS = 12;

    public SyscallTable(Kernel kernel) {
        this.kernel = kernel;
        kernel.machine().cpu().setGate(UserCpu.VECTOR_SYSCALL, (v, e) -> gate(), true, 3);
        kernel.sysctl().addLong("kern.signosys", "Send SIGSYS on return from invalid syscall",
                () -> signosys ? 1 : 0, v -> signosys = v != 0);
        kernel.sysctl().addLong("vm.stats.sys.v_syscall", "System calls", () -> calls, null);
    }

    /** Registers system call {@code number}; a number registered twice is a kernel bug. */
    public void register(int number, String name, int nargs, Syscall call) {
        if (table.putIfAbsent(number, new Entry(name, nargs, call)) != null) {
            throw new IllegalStateException("syscall " + number + " (" + name + ") registered twice");
        }
    }

    /**
     * Runs one call. The kernel's own unwinding (a process exit, a panic, a shutdown) passes; any other exception
     * out of kernel code is a kernel bug and panics naming the call and where it was thrown, so it can never be
     * mistaken for a fault of the user program that made the call. Module code already panics at its own door.
     */
    private long call(Entry e, SyscallContext c) {
        try {
            return e.call().call(c);
        } catch (ProcessExit | KernelPanic | Scheduler.Shutdown x) {
            throw x;
        } catch (RuntimeException | Error x) {
            StackTraceElement where = null;
            for (StackTraceElement f : x.getStackTrace()) {
                if (f.getClassName().startsWith("org.kld86.")) {
                    where = f;
                    break;
                }
            }
            LOG.error("syscall {} ({}) failed in the kernel", tfNumber(c), e.name(), x);
            throw kernel.panic("syscall %d (%s): %s at %s", tfNumber(c), e.name(), x, where == null ? "?" : where);
        }
    }

    private static int tfNumber(SyscallContext c) {
        return c.thread().frame().eax;
    }

    public Map<Integer, Entry> entries() {
        return java.util.Collections.unmodifiableMap(table);
    }

    private void gate() {
        KThread t = kernel.scheduler().current();
        Trapframe tf = t.frame();
        Entry e = table.get(tf.eax);
        calls++;
        long result;
        if (e == null) {
            // nosys(): ENOSYS, and with kern.signosys (on by default) a SIGSYS whose default action ends the
            // process with a core, so sh reports "Bad system call".
            result = -ENOSYS;
            if (signosys && t.proc() != null) {
                t.proc().pendingSignal(SIGSYS);
            }
        } else {
            int[] args = new int[e.nargs()];
            int error = 0;
            long sp = Integer.toUnsignedLong(tf.esp) + 4;
            int[] word = new int[1];
            for (int i = 0; i < args.length && error == 0; i++) {
                error = kernel.userAccess().fuword32(sp + 4L * i, word);
                args[i] = word[0];
            }
            result = error != 0 ? -EFAULT : call(e, new SyscallContext(kernel, t, args));
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
