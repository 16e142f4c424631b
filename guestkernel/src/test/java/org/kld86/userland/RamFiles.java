package org.kld86.userland;

import java.nio.charset.StandardCharsets;
import org.kld86.kernel.Kernel;

/**
 * Files for the programs' tests, in the guest's real root file system: the test puts a file in before a run and
 * reads what a program left after it, as root, through the kernel's VFS.
 */
final class RamFiles {

    private final Kernel kernel;

    RamFiles(Kernel k) {
        this.kernel = k;
    }

    void put(String path, String text) {
        int e = kernel.vfs().writeFile(path, text.getBytes(StandardCharsets.ISO_8859_1), 0644);
        if (e != 0) {
            throw new IllegalStateException("cannot write " + path + ": errno " + e);
        }
    }

    /** The file's contents, or null if there is none. */
    String get(String path) {
        int[] err = {0};
        byte[] b = kernel.vfs().readFile(path, null, err);
        return b == null ? null : new String(b, StandardCharsets.ISO_8859_1);
    }
}
