package org.kld86.kernel.dev;

import org.kld86.kernel.Kernel;
import org.kld86.kernel.fs.File;
import org.kld86.kernel.fs.FileOps;
import org.kld86.kernel.tty.DeviceNodes;

/**
 * make_dev(9) for the kernel's own drivers, whose nodes open straight onto their file operations rather than
 * through a cdevsw (the console tty's /dev/console and /dev/ttyu0): the node goes into devfs with its owner,
 * group and mode, so open(2) checks the permissions and ls shows it as any other device.
 */
public final class DevfsDeviceNodes implements DeviceNodes {

    private final Kernel kernel;

    public DevfsDeviceNodes(Kernel kernel) {
        this.kernel = kernel;
    }

    @Override
    public void makeDev(String name, FileOps ops, Object data, int uid, int gid, int mode) {
        int[] err = {0};
        DevfsNode node = kernel.devices().devfs().add(name, uid, gid, mode, 0,
                (n, fflags, path, cred, e) -> new File(ops, data, fflags, path), err);
        if (node == null) {
            throw kernel.panic("make_dev_credv: bad si_name (error=%d, si_name=%s)", err[0], name);
        }
    }
}
