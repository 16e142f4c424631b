package org.kld86.kernel.dev;

import static org.kld86.kpi.Conf.D_MMAP_ANON;
import static org.kld86.kpi.Conf.D_VERSION;
import static org.kld86.kpi.Conf.GID_WHEEL;
import static org.kld86.kpi.Conf.UID_ROOT;
import static org.kld86.kpi.Conf.make_dev;
import static org.kld86.kpi.Errno.EINVAL;
import static org.kld86.kpi.Errno.ENOIOCTL;
import static org.kld86.kpi.Errno.ENOSPC;
import static org.kld86.kpi.Ioccom.FIOASYNC;
import static org.kld86.kpi.Ioccom.FIONBIO;

import org.kld86.kernel.Kernel;
import org.kld86.kernel.vm.PageRequests;
import org.kld86.kernel.vm.VmLayout;
import org.kld86.kernel.vm.Zone;
import org.kld86.kpi.Cdev;
import org.kld86.kpi.Cdevsw;
import org.kld86.kpi.Mem;
import org.kld86.kpi.Td;
import org.kld86.kpi.Uio;

/**
 * /dev/null, /dev/zero and /dev/full, FreeBSD's dev/null/null.c, made with the same make_dev every driver uses,
 * mode 0666 root:wheel. null reads as end of file and swallows writes; zero reads as zeroes, copied from a page
 * of them (zero_region) and swallows writes; full reads as zero does and refuses writes with ENOSPC. Their
 * ioctls accept FIONBIO and FIOASYNC (FIOASYNC only to turn it off), and nothing else.
 */
public final class NullDevices {

    private final long zeroRegionVa;
    private final Cdev nullDev;
    private final Cdev zeroDev;
    private final Cdev fullDev;

    private NullDevices(Kernel kernel) {
        int pfn = kernel.pageRequests().allocPages(0, Zone.NORMAL, PageRequests.WAIT);
        zeroRegionVa = kernel.vm().pfnToVirt(pfn);
        kernel.memory().fill(zeroRegionVa, VmLayout.PAGE_SIZE, 0);
        Cdevsw nullSw = new Cdevsw()
                .d_version(D_VERSION)
                .d_read((dev, uio, ioflag) -> 0)
                .d_write(NullDevices::null_write)
                .d_ioctl(NullDevices::null_ioctl)
                .d_name("null");
        Cdevsw zeroSw = new Cdevsw()
                .d_version(D_VERSION)
                .d_read(this::zero_read)
                .d_write(NullDevices::null_write)
                .d_ioctl(NullDevices::null_ioctl)
                .d_name("zero")
                .d_flags(D_MMAP_ANON);
        Cdevsw fullSw = new Cdevsw()
                .d_version(D_VERSION)
                .d_read(this::zero_read)
                .d_write((dev, uio, ioflag) -> ENOSPC)
                .d_ioctl(NullDevices::null_ioctl)
                .d_name("full");
        fullDev = make_dev(fullSw, 0, UID_ROOT, GID_WHEEL, 0666, "full");
        nullDev = make_dev(nullSw, 0, UID_ROOT, GID_WHEEL, 0666, "null");
        zeroDev = make_dev(zeroSw, 0, UID_ROOT, GID_WHEEL, 0666, "zero");
    }

    /** null_modevent(MOD_LOAD): makes the three devices; {@code kernel} must be the current kernel. */
    public static NullDevices attach(Kernel kernel) {
        return new NullDevices(kernel);
    }

    /** null_write: everything is consumed. */
    static int null_write(Cdev dev, Uio uio, int ioflag) {
        uio.uio_resid = 0;
        return 0;
    }

    /** null_ioctl / zero_ioctl: FIONBIO and FIOASYNC (off) are fine, anything else is not ours. */
    static int null_ioctl(Cdev dev, long cmd, long data, int fflag, Td td) {
        if (cmd == FIONBIO) {
            return 0;
        }
        if (cmd == FIOASYNC) {
            return Mem.read32(data) != 0 ? EINVAL : 0;
        }
        return ENOIOCTL;
    }

    /** zero_read: the request is filled from the page of zeroes, a page at a time. */
    int zero_read(Cdev dev, Uio uio, int ioflag) {
        int error = 0;
        while (uio.uio_resid > 0 && error == 0) {
            long len = Math.min(uio.uio_resid, VmLayout.PAGE_SIZE);
            error = Uio.uiomove(zeroRegionVa, len, uio);
        }
        return error;
    }

    public Cdev nullDev() {
        return nullDev;
    }

    public Cdev zeroDev() {
        return zeroDev;
    }

    public Cdev fullDev() {
        return fullDev;
    }
}
