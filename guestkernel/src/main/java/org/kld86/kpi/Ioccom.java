package org.kld86.kpi;

/**
 * sys/ioccom.h: how an ioctl command word encodes its argument, and the macros that build one. A driver names
 * its commands with these ({@code static final long ECHO_CLEAR = _IO('E', 1);}) and the kernel, reading the
 * direction and length from the word, copies the argument in before d_ioctl and out after it, so d_ioctl only
 * ever sees a kernel buffer.
 *
 * <pre>
 *    31  30  29  28 ........ 16 15 ...... 8 7 ....... 0
 *   +---+---+---+--------------+-----------+-----------+
 *   |IN |OUT|VOID| length (13) |   group   |  number   |
 *   +---+---+---+--------------+-----------+-----------+
 *   _IO   VOID, length 0          _IOR  OUT, sizeof(t)    _IOW  IN, sizeof(t)    _IOWR  IN|OUT, sizeof(t)
 *   _IOWINT  VOID, sizeof(int): the argument is the int itself, not a pointer to one
 * </pre>
 *
 * Commands are {@code u_long}, 32 bits: held in a {@code long}, so IN commands stay positive. Trap: Java cannot
 * {@code switch} on a {@code long} nor use a method call as a case label, so a driver tests its commands with
 * {@code if (cmd == ECHO_CLEAR)}, as the C switch would.
 */
public final class Ioccom {

    private Ioccom() {
    }

    public static final int IOCPARM_SHIFT = 13;
    public static final int IOCPARM_MASK = (1 << IOCPARM_SHIFT) - 1;
    /** The largest argument the kernel copies (8 KiB). */
    public static final int IOCPARM_MAX = 1 << IOCPARM_SHIFT;
    /** No parameters (or an int passed by value, with {@link #_IOWINT}). */
    public static final long IOC_VOID = 0x2000_0000L;
    /** Copy the parameter out to the user after the call. */
    public static final long IOC_OUT = 0x4000_0000L;
    /** Copy the parameter in from the user before the call. */
    public static final long IOC_IN = 0x8000_0000L;
    public static final long IOC_INOUT = IOC_IN | IOC_OUT;
    public static final long IOC_DIRMASK = IOC_VOID | IOC_OUT | IOC_IN;

    /** The argument length of a command. */
    public static long IOCPARM_LEN(long x) {
        return (x >>> 16) & IOCPARM_MASK;
    }

    /** The command without its length. */
    public static long IOCBASECMD(long x) {
        return x & ~((long) IOCPARM_MASK << 16);
    }

    /** The group (the letter) of a command. */
    public static int IOCGROUP(long x) {
        return (int) ((x >>> 8) & 0xff);
    }

    public static long _IOC(long inout, int group, int num, int len) {
        return (inout | ((long) (len & IOCPARM_MASK) << 16) | ((long) (group & 0xff) << 8) | (num & 0xff))
                & 0xFFFF_FFFFL;
    }

    public static long _IO(int group, int num) {
        return _IOC(IOC_VOID, group, num, 0);
    }

    public static long _IOWINT(int group, int num) {
        return _IOC(IOC_VOID, group, num, 4);
    }

    /** _IOR(g, n, t) with sizeof(t) given in bytes. */
    public static long _IOR(int group, int num, int sizeofT) {
        return _IOC(IOC_OUT, group, num, sizeofT);
    }

    /** _IOW(g, n, t) with sizeof(t) given in bytes. */
    public static long _IOW(int group, int num, int sizeofT) {
        return _IOC(IOC_IN, group, num, sizeofT);
    }

    /** _IOWR(g, n, t) with sizeof(t) given in bytes. */
    public static long _IOWR(int group, int num, int sizeofT) {
        return _IOC(IOC_INOUT, group, num, sizeofT);
    }

    /** _IOR(g, n, t) for a type: {@code int.class}, {@code long.class} (long long), or a {@link Struct} interface. */
    public static long _IOR(int group, int num, Class<?> t) {
        return _IOR(group, num, sizeof(t));
    }

    public static long _IOW(int group, int num, Class<?> t) {
        return _IOW(group, num, sizeof(t));
    }

    public static long _IOWR(int group, int num, Class<?> t) {
        return _IOWR(group, num, sizeof(t));
    }

    /** sizeof(t) on i386 for the primitive types and {@link Struct} interfaces. */
    static int sizeof(Class<?> t) {
        if (t == int.class || t == float.class) {
            return 4;
        }
        if (t == long.class || t == double.class) {
            return 8;
        }
        if (t == short.class || t == char.class) {
            return 2;
        }
        if (t == byte.class || t == boolean.class) {
            return 1;
        }
        return (int) Struct.sizeof(t);
    }

    /** sys/filio.h: bytes ready to read, into an int. */
    public static final long FIONREAD = _IOR('f', 127, 4);
    /** sys/filio.h: set or clear non-blocking i/o from an int. */
    public static final long FIONBIO = _IOW('f', 126, 4);
    /** sys/filio.h: set or clear async i/o from an int. */
    public static final long FIOASYNC = _IOW('f', 125, 4);
}
