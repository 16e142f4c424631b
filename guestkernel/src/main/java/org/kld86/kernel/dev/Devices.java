package org.kld86.kernel.dev;

import static org.kld86.kpi.Errno.EINVAL;
import static org.kld86.kpi.Errno.ENXIO;

import java.util.IdentityHashMap;
import java.util.Map;
import java.util.function.Supplier;
import org.kld86.kernel.Kernel;
import org.kld86.kernel.kld.LinkerFile;
import org.kld86.kernel.kld.ModuleCalls;
import org.kld86.kpi.Cdev;
import org.kld86.kpi.Cdevsw;
import org.kld86.kpi.Conf;

/**
 * The character devices of the kernel (FreeBSD's kern_conf.c): make_dev and destroy_dev, the thread count that
 * lets destroy_dev wait for the driver to be left, and devfs, where every device shows.
 *
 * <p>Every call into a driver goes through {@link #call}: the thread is counted in (dev_refthread) unless the
 * device is being destroyed or its module is gone, in which case the caller gets ENXIO and the driver is not
 * entered; module code runs through {@link ModuleCalls}, so a driver's exception is a panic naming it, never a
 * host exception.
 */
public final class Devices {

    /** The warning prepare_cdevsw prints for a cdevsw of another version. */
    static final String WRONG_VERSION = "WARNING: Device driver \"%s\" has wrong version %s%n";

    private final Kernel kernel;
    private final Devfs devfs;
    private final Map<Cdev, CdevPriv> privs = new IdentityHashMap<>();
    private final Chrdevs chrdevs;

    public Devices(Kernel kernel, int devfsFsid) {
        this.kernel = kernel;
        this.devfs = new Devfs(kernel, devfsFsid);
        this.chrdevs = new Chrdevs(kernel, this);
    }

    public Devfs devfs() {
        return devfs;
    }

    /** Linux's character device regions and cdevs (fs/char_dev.c). */
    public Chrdevs chrdevs() {
        return chrdevs;
    }

    Kernel kernel() {
        return kernel;
    }

    /**
     * make_dev_credv(): registers {@code dev} and adds its devfs node. {@code caller} is the class that called
     * make_dev: its module file is where the driver's code lives.
     *
     * @return 0 or an errno (EINVAL for a wrong d_version; EEXIST, EINVAL or ENAMETOOLONG for a bad name, which
     *         panics unless {@link Conf#MAKEDEV_CHECKNAME} is given)
     */
    public int makeDev(int flags, Cdev dev, int uid, int gid, int mode, Class<?> caller) {
        Cdevsw csw = dev.si_devsw;
        if (csw == null) {
            throw kernel.panic("make_dev_credv: NULL cdevsw for %s", dev.si_name);
        }
        if (csw.d_version != Conf.D_VERSION) {
            kernel.console().printf(WRONG_VERSION, csw.d_name == null ? "???" : csw.d_name,
                    "and is disabled.  Recompile KLD module.");
            return EINVAL;
        }
        LinkerFile file = caller == null || kernel.linker() == null ? null : kernel.linker().fileOf(caller);
        CdevPriv p = new CdevPriv(dev, file);
        int[] err = {0};
        DevfsNode node = devfs.add(dev.si_name, uid, gid, mode, 0, (n, fflags, path, cred, e) ->
                CdevFile.open(this, p, n, fflags, path, e), err);
        if (node == null) {
            if ((flags & Conf.MAKEDEV_CHECKNAME) == 0) {
                throw kernel.panic("make_dev_credv: bad si_name (error=%d, si_name=%s)", err[0], dev.si_name);
            }
            return err[0];
        }
        p.node = node;
        privs.put(dev, p);
        if (file != null) {
            // A module that forgets destroy_dev must not leave a node whose methods are gone. The SYSUNINIT goes to
            // the file being loaded, which is the device's own unless one module made it for another.
            LinkerFile[] at = new LinkerFile[1];
            at[0] = kernel.linker().registerUninit(() -> {
                if (at[0] == p.file && !p.destroyed) {
                    destroyDev(dev);
                }
            });
        }
        return 0;
    }

    /**
     * destroy_dev(): takes the node out of devfs and marks the device dying, so no new call gets in; then waits
     * (devprg, devdrn) until every thread has left its methods, asking d_purge to hurry them.
     */
    public void destroyDev(Cdev dev) {
        CdevPriv p = privs.get(dev);
        if (p == null || p.destroyed) {
            if (kernel.options().invariants()) {
                throw kernel.panic("destroy_dev: %s is not a live device", dev == null ? "NULL" : dev.si_name);
            }
            return;
        }
        p.destroyed = true;
        devfs.remove(p.node);
        long tick = kernel.ticksToCycles(Kernel.HZ / 10);
        while (p.csw.d_purge != null && p.threadcount > 0 && alive(p)) {
            Cdevsw.d_purge_t purge = p.csw.d_purge;
            run(p, () -> purge.d_purge(dev));
            kernel.scheduler().sleep(p.csw, "devprg", tick);
        }
        while (p.threadcount > 0) {
            kernel.scheduler().sleep(p, "devdrn", tick);
        }
        privs.remove(dev);
    }

    /** The private side of a live device, or null. */
    CdevPriv priv(Cdev dev) {
        return privs.get(dev);
    }

    /** Whether the code of the device's driver is still loaded. */
    boolean alive(CdevPriv p) {
        return p.file == null || kernel.linker().fileById(p.file.id()) == p.file;
    }

    /**
     * dev_refthread() ... dev_relthread() around {@code body}: ENXIO (without entering the driver) if the
     * device is dying or its module is gone; otherwise {@code body}'s result, run as module code.
     */
    int call(CdevPriv p, Supplier<Integer> body) {
        if (p.destroyed || !alive(p)) {
            return ENXIO;
        }
        p.threadcount++;
        try {
            if (p.file == null) {
                return body.get();
            }
            return ModuleCalls.call(kernel, p.file, body);
        } finally {
            p.threadcount--;
        }
    }

    private void run(CdevPriv p, Runnable body) {
        if (p.file == null) {
            body.run();
        } else {
            ModuleCalls.run(kernel, p.file, body);
        }
    }

    /** The number of live devices (for tests). */
    public int count() {
        return privs.size();
    }
}
