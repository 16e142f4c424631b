package org.kld86.kpi;

import org.kld86.kernel.Kernel;

/**
 * sys/conf.h: making and destroying character devices (make_dev(9), destroy_dev(9)), and the constants a
 * cdevsw and make_dev need. A driver makes its device at MOD_LOAD and destroys it at MOD_UNLOAD:
 *
 * <pre>
 * echo_dev = make_dev(echo_cdevsw, 0, UID_ROOT, GID_WHEEL, 0600, "echo");   // appears as /dev/echo
 * ...
 * destroy_dev(echo_dev);                                                    // gone; waits for callers to leave
 * </pre>
 *
 * The node's mode, owner and group decide who may open it (EACCES otherwise; root may always). Every method of
 * the cdevsw is called with the thread counted inside the device, and destroy_dev sleeps until none is left.
 *
 * <p>Trap: a device left behind by a module that forgot destroy_dev is destroyed when the module is unloaded, so
 * no call can reach code that is gone; FreeBSD would crash on it later instead.
 */
public final class Conf {

    private Conf() {
    }

    /** D_VERSION_03, the version of FreeBSD 8 and later. */
    public static final int D_VERSION = 0x17122009;

    /** cdevsw flags. */
    public static final int D_TRACKCLOSE = 0x0008_0000;
    public static final int D_MMAP_ANON = 0x0010_0000;
    public static final int D_NEEDGIANT = 0x0040_0000;
    public static final int D_NEEDMINOR = 0x0080_0000;

    /** make_dev_p / make_dev_credf flags. */
    public static final int MAKEDEV_REF = 0x01;
    public static final int MAKEDEV_WHTOUT = 0x02;
    public static final int MAKEDEV_NOWAIT = 0x04;
    public static final int MAKEDEV_WAITOK = 0x08;
    public static final int MAKEDEV_ETERNAL = 0x10;
    public static final int MAKEDEV_CHECKNAME = 0x20;

    /** Owners and groups of sys/conf.h. */
    public static final int UID_ROOT = 0;
    public static final int UID_BIN = 3;
    public static final int UID_UUCP = 66;
    public static final int UID_NOBODY = 65534;
    public static final int GID_WHEEL = 0;
    public static final int GID_KMEM = 2;
    public static final int GID_TTY = 4;
    public static final int GID_OPERATOR = 5;
    public static final int GID_BIN = 7;
    public static final int GID_GAMES = 13;
    public static final int GID_VIDEO = 44;
    public static final int GID_DIALER = 68;
    public static final int GID_NOGROUP = 65533;
    public static final int GID_NOBODY = 65534;

    /** The maximum length of a device name (SPECNAMELEN of FreeBSD 12). */
    public static final int SPECNAMELEN = 63;

    private static final StackWalker WALKER = StackWalker.getInstance(StackWalker.Option.RETAIN_CLASS_REFERENCE);

    /**
     * make_dev(9): makes /dev/{@code fmt} (printf-formatted with {@code args}) with unit number {@code unit}, owned
     * by {@code uid}:{@code gid} with permissions {@code perms}. A bad or duplicate name panics, as it does on
     * FreeBSD; use {@link #make_dev_p} with {@link #MAKEDEV_CHECKNAME} to get an error instead.
     */
    public static Cdev make_dev(Cdevsw devsw, int unit, int uid, int gid, int perms, String fmt, Object... args) {
        Kernel k = Kernel.current();
        Cdev[] out = new Cdev[1];
        int res = make(k, 0, out, devsw, unit, uid, gid, perms, fmt, args, WALKER.getCallerClass());
        if (res != 0 && k.options().invariants()) {
            throw k.panic("make_dev: failed make_dev_credv (error=%d)", res);
        }
        return out[0];
    }

    /**
     * make_dev_p(9): like make_dev with {@code flags}; returns 0 with the device in {@code cdev[0]}, or an errno
     * (EEXIST, EINVAL, ENAMETOOLONG with {@link #MAKEDEV_CHECKNAME}). {@code cr} is the credential to charge
     * (NULL here).
     */
    public static int make_dev_p(int flags, Cdev[] cdev, Cdevsw devsw, Object cr, int uid, int gid, int mode,
            String fmt, Object... args) {
        return make(Kernel.current(), flags, cdev, devsw, 0, uid, gid, mode, fmt, args, WALKER.getCallerClass());
    }

    /** make_dev_credf(9): make_dev with flags and a credential; null on failure. */
    public static Cdev make_dev_credf(int flags, Cdevsw devsw, int unit, Object cr, int uid, int gid, int mode,
            String fmt, Object... args) {
        Cdev[] out = new Cdev[1];
        make(Kernel.current(), flags, out, devsw, unit, uid, gid, mode, fmt, args, WALKER.getCallerClass());
        return out[0];
    }

    private static int make(Kernel k, int flags, Cdev[] out, Cdevsw devsw, int unit, int uid, int gid, int mode,
            String fmt, Object[] args, Class<?> caller) {
        String name = Systm.format(k, fmt, args);
        Cdev dev = new Cdev(devsw, unit, name);
        int error = k.devices().makeDev(flags, dev, uid, gid, mode, caller);
        out[0] = error == 0 ? dev : null;
        return error;
    }

    /**
     * destroy_dev(9): removes the device from /dev, then sleeps until no thread is inside any of its methods
     * (calling d_purge, if the driver has one, to hurry them). Afterwards its methods are never called again.
     */
    public static void destroy_dev(Cdev dev) {
        Kernel.current().devices().destroyDev(dev);
    }

    /** dev2unit(): the unit number. */
    public static int dev2unit(Cdev dev) {
        return dev.si_drv0;
    }

    /** devtoname(): the name under /dev. */
    public static String devtoname(Cdev dev) {
        return dev.si_name;
    }
}
