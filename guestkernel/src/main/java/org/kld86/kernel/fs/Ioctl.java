package org.kld86.kernel.fs;

import static org.kld86.kpi.Errno.ENOIOCTL;
import static org.kld86.kpi.Errno.ENOTTY;
import static org.kld86.kpi.Ioccom.IOCPARM_LEN;
import static org.kld86.kpi.Ioccom.IOCPARM_MAX;
import static org.kld86.kpi.Ioccom.IOC_IN;
import static org.kld86.kpi.Ioccom.IOC_OUT;
import static org.kld86.kpi.Ioccom.IOC_VOID;

import org.kld86.kernel.Kernel;
import org.kld86.kernel.malloc.MallocFlags;
import org.kld86.kernel.malloc.MallocType;
import org.kld86.kernel.vm.PageRequests;
import org.kld86.kernel.vm.Zone;

/**
 * sys_ioctl()'s handling of the argument (FreeBSD's kern/sys_generic.c), for the kinds of file whose ioctl
 * method takes a kernel buffer: the command word says how big the argument is and which way it travels, and
 * the method only ever sees a kernel copy.
 *
 * <pre>
 *    31  30  29  28 ........ 16 15 ...... 8 7 ....... 0
 *   +---+---+---+--------------+-----------+-----------+
 *   |IN |OUT|VOID|  length     |   group   |  number   |     IOCPARM_LEN = (cmd >> 16) & 0x1fff
 *   +---+---+---+--------------+-----------+-----------+
 * </pre>
 *
 * A command with none of IN, OUT and VOID, or OUT with length 0, or VOID with a length other than 0 or
 * sizeof(int), or a length over IOCPARM_MAX, is ENOTTY before any driver sees it. The buffer is copied in
 * (IN) or zeroed (OUT only) before the method runs and copied out (OUT) after it succeeds. VOID with an int
 * length (_IOWINT) passes the raw argument as the int the buffer holds; a command with no length passes the raw
 * argument as the pointer the buffer holds, as FreeBSD passes {@code &uap->data}.
 *
 * <p>FreeBSD keeps arguments up to 128 bytes on the kernel stack and mallocs larger ones as type "ioctlops";
 * here a small argument gets a page of its own, standing in for the stack, and a large one comes from malloc
 * as on FreeBSD.
 */
public final class Ioctl {

    /** SYS_IOCTL_SMALL_SIZE. */
    static final int SMALL_SIZE = 128;

    /** The method that gets the kernel copy: returns 0 or an errno (ENOIOCTL for a command it does not know). */
    @FunctionalInterface
    public interface Method {
        int ioctl(long com, long data);
    }

    private Ioctl() {
    }

    /**
     * Runs {@code method} for the user's ioctl({@code com}, {@code uarg}).
     *
     * @return 0 or an errno; ENOIOCTL from the method becomes ENOTTY
     */
    public static int call(Kernel k, long com, long uarg, Method method) {
        com &= 0xFFFF_FFFFL;
        int size = (int) IOCPARM_LEN(com);
        if (size > IOCPARM_MAX || (com & (IOC_VOID | IOC_IN | IOC_OUT)) == 0
                || ((com & IOC_OUT) != 0 && size == 0)
                || ((com & IOC_VOID) != 0 && size > 0 && size != 4)) {
            return ENOTTY;
        }
        boolean big = size > SMALL_SIZE;
        long data;
        int pfn = -1;
        MallocType type = null;
        if (big) {
            type = ioctlops(k);
            data = k.malloc().malloc(size, type, MallocFlags.M_WAITOK);
        } else {
            pfn = k.pageRequests().allocPages(0, Zone.NORMAL, PageRequests.WAIT);
            data = k.vm().pfnToVirt(pfn);
        }
        try {
            if (size > 0 && (com & IOC_VOID) != 0) {
                k.memory().write32(data, (int) uarg); // the integer argument itself
                size = 0;
            } else if (size == 0) {
                k.memory().write32(data, (int) uarg); // &uap->data
            }
            if ((com & IOC_IN) != 0) {
                int error = k.userAccess().copyin(uarg, data, size);
                if (error != 0) {
                    return error;
                }
            } else if ((com & IOC_OUT) != 0) {
                k.memory().fill(data, size, 0); // so that the user always gets back something deterministic
            }
            int error = method.ioctl(com, data);
            if (error == ENOIOCTL) {
                error = ENOTTY;
            }
            if (error == 0 && (com & IOC_OUT) != 0) {
                error = k.userAccess().copyout(data, uarg, size);
            }
            return error;
        } finally {
            if (big) {
                k.malloc().free(data, type);
            } else {
                k.pageRequests().freePages(pfn, 0);
            }
        }
    }

    /** M_IOCTLOPS, registered the first time a large argument needs it. */
    private static MallocType ioctlops(Kernel k) {
        for (MallocType m : k.malloc().types()) {
            if (m.shortdesc().equals("ioctlops")) {
                return m;
            }
        }
        return k.malloc().define("ioctlops", "ioctl data buffer");
    }
}
