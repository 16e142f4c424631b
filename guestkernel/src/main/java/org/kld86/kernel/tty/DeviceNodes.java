package org.kld86.kernel.tty;

import org.kld86.kernel.fs.FileOps;

/**
 * Where a driver of the kernel proper makes a character device node, /dev/NAME, with its file operations,
 * owner, group and mode (make_dev(9) as far as the console needs it). devfs implements this; until it exists,
 * {@link DeviceNodeTable} keeps the nodes in a table the boot file system serves.
 */
public interface DeviceNodes {

    /** Makes /dev/{@code name}; {@code data} is what the open file carries (File.data). */
    void makeDev(String name, FileOps ops, Object data, int uid, int gid, int mode);
}
