package org.kld86.kernel.vm;

import static org.kld86.kpi.Errno.EFAULT;
import static org.kld86.kpi.Errno.ENAMETOOLONG;

import java.nio.charset.StandardCharsets;
import java.util.function.BooleanSupplier;
import org.kld86.kernel.proc.KThread;
import org.kld86.kernel.proc.Scheduler;

/**
 * copyin(9), copyout(9), copyinstr(9) and fuword/suword: the kernel's only ways to touch user memory.
 *
 * <p>A user address is first checked against the top of user space (VM_MAXUSER_ADDRESS, 0xC0000000), so a
 * process cannot make the kernel read or write kernel memory for it. Then the copy runs through the MMU on the
 * process's page tables with the thread's onfault flag set, as FreeBSD sets pcb_onfault: a page fault the VM
 * system cannot resolve (an unmapped or read-only page) unwinds to here and the call returns EFAULT instead of
 * panicking. Pages not yet touched are demand-paged in on the way, as on a real kernel.
 */
public final class UserAccess {

    /** The end of user space (FreeBSD's VM_MAXUSER_ADDRESS on i386 with the 3G/1G split). */
    public static final long VM_MAXUSER_ADDRESS = 0xC000_0000L;

    /** Thrown by the page fault handler into a guarded copy; caught below, never seen elsewhere. */
    public static final class CopyFault extends RuntimeException {
        public CopyFault() {
            super("copy fault", null, false, false);
        }
    }

    private final KernelMemory memory;
    private final Scheduler scheduler;

    public UserAccess(KernelMemory memory, Scheduler scheduler) {
        this.memory = memory;
        this.scheduler = scheduler;
    }

    /** Whether {@code [uaddr, uaddr + len)} lies entirely in user space. */
    public static boolean userRange(long uaddr, long len) {
        return uaddr >= 0 && len >= 0 && uaddr <= VM_MAXUSER_ADDRESS && len <= VM_MAXUSER_ADDRESS - uaddr;
    }

    private int guarded(BooleanSupplier body) {
        KThread t = scheduler.current();
        boolean outer = t.onfault();
        t.setOnfault(true);
        try {
            return body.getAsBoolean() ? 0 : EFAULT;
        } catch (CopyFault f) {
            return EFAULT;
        } finally {
            t.setOnfault(outer);
        }
    }

    public int copyin(long uaddr, long kaddr, long len) {
        if (!userRange(uaddr, len)) {
            return EFAULT;
        }
        return guarded(() -> {
            memory.copy(kaddr, uaddr, len);
            return true;
        });
    }

    public int copyout(long kaddr, long uaddr, long len) {
        if (!userRange(uaddr, len)) {
            return EFAULT;
        }
        return guarded(() -> {
            memory.copy(uaddr, kaddr, len);
            return true;
        });
    }

    /** Copies user bytes into a host array (for the kernel's own parsing of arguments). */
    public int copyin(long uaddr, byte[] dst, int off, int len) {
        if (!userRange(uaddr, len)) {
            return EFAULT;
        }
        return guarded(() -> {
            memory.read(uaddr, dst, off, len);
            return true;
        });
    }

    /** Copies host bytes out to user memory. */
    public int copyout(byte[] src, int off, int len, long uaddr) {
        if (!userRange(uaddr, len)) {
            return EFAULT;
        }
        return guarded(() -> {
            memory.write(uaddr, src, off, len);
            return true;
        });
    }

    /** The result of {@link #copyinstr}: an errno and the string (without its NUL). */
    public record Str(int errno, String value) {
    }

    /**
     * copyinstr(9): a NUL-terminated string of at most {@code maxlen} bytes including the NUL; ENAMETOOLONG if
     * there is no NUL within it, EFAULT for a bad address.
     */
    public Str copyinstr(long uaddr, int maxlen) {
        byte[] buf = new byte[Math.max(0, maxlen)];
        int[] n = {0};
        int error = guarded(() -> {
            for (int i = 0; i < maxlen; i++) {
                if (!userRange(uaddr + i, 1)) {
                    return false;
                }
                int b = memory.read8(uaddr + i);
                if (b == 0) {
                    n[0] = i;
                    return true;
                }
                buf[i] = (byte) b;
            }
            n[0] = -1;
            return true;
        });
        if (error != 0) {
            return new Str(error, null);
        }
        if (n[0] < 0) {
            return new Str(ENAMETOOLONG, null);
        }
        return new Str(0, new String(buf, 0, n[0], StandardCharsets.ISO_8859_1));
    }

    /** fuword32(9): the 32-bit word at a user address into {@code out[0]}; 0 or EFAULT. */
    public int fuword32(long uaddr, int[] out) {
        if (!userRange(uaddr, 4)) {
            return EFAULT;
        }
        return guarded(() -> {
            out[0] = memory.read32(uaddr);
            return true;
        });
    }

    /** suword32(9). */
    public int suword32(long uaddr, int value) {
        if (!userRange(uaddr, 4)) {
            return EFAULT;
        }
        return guarded(() -> {
            memory.write32(uaddr, value);
            return true;
        });
    }
}
