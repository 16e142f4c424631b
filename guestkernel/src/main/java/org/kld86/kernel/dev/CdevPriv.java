package org.kld86.kernel.dev;

import org.kld86.kernel.kld.LinkerFile;
import org.kld86.kpi.Cdev;
import org.kld86.kpi.Cdevsw;

/**
 * The kernel's private side of a {@link Cdev} (FreeBSD's struct cdev_priv): the devfs node, the module file the
 * driver's code lives in (null for the kernel's own devices), how many threads are inside its methods
 * (si_threadcount), how many files have it open, and whether it is being destroyed.
 */
final class CdevPriv {

    final Cdev dev;
    final Cdevsw csw;
    final LinkerFile file;
    DevfsNode node;
    int threadcount;
    int opens;
    boolean destroyed;

    CdevPriv(Cdev dev, LinkerFile file) {
        this.dev = dev;
        this.csw = dev.si_devsw;
        this.file = file;
    }
}
