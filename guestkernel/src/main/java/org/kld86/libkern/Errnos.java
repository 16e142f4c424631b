package org.kld86.libkern;

import java.util.Map;

/**
 * errno values as FreeBSD defines them (sys/sys/errno.h) and their strerror(3) texts, shared by the kernel's KPI
 * ({@code org.kld86.kpi.Errno}) and the C library, as one errno.h serves both in FreeBSD.
 */
public class Errnos {

    protected Errnos() {
    }

    public static final int EPERM = 1;
    public static final int ENOENT = 2;
    public static final int ESRCH = 3;
    public static final int EINTR = 4;
    public static final int EIO = 5;
    public static final int ENXIO = 6;
    public static final int E2BIG = 7;
    public static final int ENOEXEC = 8;
    public static final int EBADF = 9;
    public static final int ECHILD = 10;
    public static final int EDEADLK = 11;
    public static final int ENOMEM = 12;
    public static final int EACCES = 13;
    public static final int EFAULT = 14;
    public static final int ENOTBLK = 15;
    public static final int EBUSY = 16;
    public static final int EEXIST = 17;
    public static final int EXDEV = 18;
    public static final int ENODEV = 19;
    public static final int ENOTDIR = 20;
    public static final int EISDIR = 21;
    public static final int EINVAL = 22;
    public static final int ENFILE = 23;
    public static final int EMFILE = 24;
    public static final int ENOTTY = 25;
    public static final int ETXTBSY = 26;
    public static final int EFBIG = 27;
    public static final int ENOSPC = 28;
    public static final int ESPIPE = 29;
    public static final int EROFS = 30;
    public static final int EMLINK = 31;
    public static final int EPIPE = 32;
    public static final int EDOM = 33;
    public static final int ERANGE = 34;
    public static final int EAGAIN = 35;
    public static final int EWOULDBLOCK = EAGAIN;
    public static final int EINPROGRESS = 36;
    public static final int ELOOP = 62;
    public static final int ENAMETOOLONG = 63;
    public static final int ENOTEMPTY = 66;
    public static final int ENOSYS = 78;
    public static final int EFTYPE = 79;
    public static final int EOPNOTSUPP = 45;
    public static final int ENOTSUP = EOPNOTSUPP;
    /** Kernel-internal: restart the system call (never seen by userland). */
    public static final int ERESTART = -1;
    /** Kernel-internal: an ioctl command this layer does not handle; sys_ioctl turns it into ENOTTY. */
    public static final int ENOIOCTL = -3;

    private static final Map<Integer, String> TEXT = Map.ofEntries(
            Map.entry(EPERM, "Operation not permitted"),
            Map.entry(ENOENT, "No such file or directory"),
            Map.entry(ESRCH, "No such process"),
            Map.entry(EINTR, "Interrupted system call"),
            Map.entry(EIO, "Input/output error"),
            Map.entry(ENXIO, "Device not configured"),
            Map.entry(E2BIG, "Argument list too long"),
            Map.entry(ENOEXEC, "Exec format error"),
            Map.entry(EBADF, "Bad file descriptor"),
            Map.entry(ECHILD, "No child processes"),
            Map.entry(EDEADLK, "Resource deadlock avoided"),
            Map.entry(ENOMEM, "Cannot allocate memory"),
            Map.entry(EACCES, "Permission denied"),
            Map.entry(EFAULT, "Bad address"),
            Map.entry(ENOTBLK, "Block device required"),
            Map.entry(EBUSY, "Device busy"),
            Map.entry(EEXIST, "File exists"),
            Map.entry(EXDEV, "Cross-device link"),
            Map.entry(ENODEV, "Operation not supported by device"),
            Map.entry(ENOTDIR, "Not a directory"),
            Map.entry(EISDIR, "Is a directory"),
            Map.entry(EINVAL, "Invalid argument"),
            Map.entry(ENFILE, "Too many open files in system"),
            Map.entry(EMFILE, "Too many open files"),
            Map.entry(ENOTTY, "Inappropriate ioctl for device"),
            Map.entry(ETXTBSY, "Text file busy"),
            Map.entry(EFBIG, "File too large"),
            Map.entry(ENOSPC, "No space left on device"),
            Map.entry(ESPIPE, "Illegal seek"),
            Map.entry(EROFS, "Read-only file system"),
            Map.entry(EMLINK, "Too many links"),
            Map.entry(EPIPE, "Broken pipe"),
            Map.entry(EDOM, "Numerical argument out of domain"),
            Map.entry(ERANGE, "Result too large"),
            Map.entry(EAGAIN, "Resource temporarily unavailable"),
            Map.entry(EINPROGRESS, "Operation now in progress"),
            Map.entry(ELOOP, "Too many levels of symbolic links"),
            Map.entry(ENAMETOOLONG, "File name too long"),
            Map.entry(ENOTEMPTY, "Directory not empty"),
            Map.entry(ENOSYS, "Function not implemented"),
            Map.entry(EFTYPE, "Inappropriate file type or format"),
            Map.entry(EOPNOTSUPP, "Operation not supported"));

    /** strerror(3): the message for {@code errno}, or "Unknown error: N". */
    public static String strerror(int errno) {
        String s = TEXT.get(errno);
        return s != null ? s : "Unknown error: " + errno;
    }
}
