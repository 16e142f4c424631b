package org.kld86.kpi;

/**
 * linux/kdev_t.h: a device number ({@code dev_t}) is a major number (the driver) and a minor number (which of
 * its devices), 12 and 20 bits as in the kernel's own encoding: {@code MKDEV(ma, mi) = ma << 20 | mi}. dev_t is
 * unsigned 32 bits, kept in an {@code int}.
 */
public final class Kdev {

    private Kdev() {
    }

    public static final int MINORBITS = 20;
    public static final int MINORMASK = (1 << MINORBITS) - 1;

    public static int MAJOR(int dev) {
        return dev >>> MINORBITS;
    }

    public static int MINOR(int dev) {
        return dev & MINORMASK;
    }

    public static int MKDEV(int ma, int mi) {
        return (ma << MINORBITS) | (mi & MINORMASK);
    }
}
