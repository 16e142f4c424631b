package org.kld86.kpi;

/**
 * asm-generic/ioctl.h: Linux's ioctl command encoding, which is not FreeBSD's ({@link Ioccom}):
 *
 * <pre>
 *    31 30   29 ............ 16 15 ...... 8 7 ....... 0
 *   +-------+-----------------+-----------+-----------+
 *   |  dir  |   size (14)     |  type     |   nr      |     dir: 0 none, 1 write, 2 read, 3 both
 *   +-------+-----------------+-----------+-----------+
 * </pre>
 *
 * "write" and "read" are the user's view: _IOW passes data to the driver, _IOR gets data from it. The kernel
 * copies nothing for a Linux driver: its unlocked_ioctl gets the raw argument and uses copy_from_user,
 * get_user and friends itself. Commands are {@code unsigned int}, kept in an {@code int}.
 */
public final class LinuxIoctl {

    private LinuxIoctl() {
    }

    public static final int _IOC_NRBITS = 8;
    public static final int _IOC_TYPEBITS = 8;
    public static final int _IOC_SIZEBITS = 14;
    public static final int _IOC_DIRBITS = 2;
    public static final int _IOC_NRMASK = (1 << _IOC_NRBITS) - 1;
    public static final int _IOC_TYPEMASK = (1 << _IOC_TYPEBITS) - 1;
    public static final int _IOC_SIZEMASK = (1 << _IOC_SIZEBITS) - 1;
    public static final int _IOC_DIRMASK = (1 << _IOC_DIRBITS) - 1;
    public static final int _IOC_NRSHIFT = 0;
    public static final int _IOC_TYPESHIFT = _IOC_NRSHIFT + _IOC_NRBITS;
    public static final int _IOC_SIZESHIFT = _IOC_TYPESHIFT + _IOC_TYPEBITS;
    public static final int _IOC_DIRSHIFT = _IOC_SIZESHIFT + _IOC_SIZEBITS;
    public static final int _IOC_NONE = 0;
    public static final int _IOC_WRITE = 1;
    public static final int _IOC_READ = 2;

    public static int _IOC(int dir, int type, int nr, int size) {
        return (dir << _IOC_DIRSHIFT) | ((type & _IOC_TYPEMASK) << _IOC_TYPESHIFT)
                | ((nr & _IOC_NRMASK) << _IOC_NRSHIFT) | ((size & _IOC_SIZEMASK) << _IOC_SIZESHIFT);
    }

    public static int _IO(int type, int nr) {
        return _IOC(_IOC_NONE, type, nr, 0);
    }

    /** _IOR(type, nr, t) with sizeof(t) in bytes. */
    public static int _IOR(int type, int nr, int size) {
        return _IOC(_IOC_READ, type, nr, size);
    }

    public static int _IOW(int type, int nr, int size) {
        return _IOC(_IOC_WRITE, type, nr, size);
    }

    public static int _IOWR(int type, int nr, int size) {
        return _IOC(_IOC_READ | _IOC_WRITE, type, nr, size);
    }

    /** _IOR(type, nr, t) for {@code int.class} and the other primitive types, or a {@link Struct} interface. */
    public static int _IOR(int type, int nr, Class<?> t) {
        return _IOR(type, nr, Ioccom.sizeof(t));
    }

    public static int _IOW(int type, int nr, Class<?> t) {
        return _IOW(type, nr, Ioccom.sizeof(t));
    }

    public static int _IOWR(int type, int nr, Class<?> t) {
        return _IOWR(type, nr, Ioccom.sizeof(t));
    }

    public static int _IOC_DIR(int nr) {
        return (nr >>> _IOC_DIRSHIFT) & _IOC_DIRMASK;
    }

    public static int _IOC_TYPE(int nr) {
        return (nr >>> _IOC_TYPESHIFT) & _IOC_TYPEMASK;
    }

    public static int _IOC_NR(int nr) {
        return (nr >>> _IOC_NRSHIFT) & _IOC_NRMASK;
    }

    public static int _IOC_SIZE(int nr) {
        return (nr >>> _IOC_SIZESHIFT) & _IOC_SIZEMASK;
    }
}
