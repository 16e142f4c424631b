package org.kld86.kpi;

/**
 * The error codes only Linux drivers return, beside the ones of {@link Errno} (which Linux-style drivers return
 * negated, {@code return -ENOMEM;}). The kernel turns a negative return of a file_operations method into the
 * caller's errno: these two into EINTR and ENOTTY, any other {@code -e} into {@code e}.
 */
public final class LinuxErrno {

    private LinuxErrno() {
    }

    /** A sleep was interrupted by a signal; the system call may be restarted (seen by the user as EINTR). */
    public static final int ERESTARTSYS = 512;
    /** The ioctl command is not this driver's (seen by the user as ENOTTY). */
    public static final int ENOIOCTLCMD = 515;

    /** The user's errno for a method's negative return {@code ret}. */
    public static int toErrno(long ret) {
        int e = (int) -ret;
        if (e == ERESTARTSYS || e == 513 || e == 514) {
            return Errno.EINTR;
        }
        if (e == ENOIOCTLCMD) {
            return Errno.ENOTTY;
        }
        return e;
    }
}
