package org.kld86.kernel.tty;

import org.kld86.kernel.fs.FileOps;

/**
 * Where a driver of the kernel proper makes a character device node, /dev/NAME, with its file operations,
 * owner, group and mode (make_dev(9) as far as the console needs it); {@code DevfsDeviceNodes} puts them in devfs.
 */
public interface DeviceNodes {

    /** Makes /dev/{@code name}; {@code data} is what the open file carries (File.data). */
    void makeDev(String name, FileOps ops, Object data, int uid, int gid, int mode);
}
