package org.kld86.kernel.fs;

import org.kld86.kernel.proc.Proc;

/**
 * What the process layer needs of the file system: opening a path for a process (for spawn's file actions) and
 * reading an executable. The VFS installs itself on the kernel; until then nothing can be opened.
 */
public interface FileSystem {

    /** Opens {@code path} for {@code p}: the file, or null with the errno in {@code err[0]}. */
    File open(Proc p, String path, int flags, int mode, int[] err);

    /** The bytes of the executable at {@code path} as {@code p} may run it, or null (errno in {@code err[0]}). */
    byte[] readExecutable(Proc p, String path, int[] err);
}
