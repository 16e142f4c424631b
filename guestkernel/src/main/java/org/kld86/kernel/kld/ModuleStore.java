package org.kld86.kernel.kld;

import java.util.List;

/** Where the linker reads .ko files from: a guest path to the file's bytes, and the .ko files of a directory. */
public interface ModuleStore {

    /** The bytes of the file at {@code path}, or null if there is no such file. */
    byte[] read(String path);

    /** The paths of the .ko files directly in directory {@code dir}, sorted; empty if none or no such directory. */
    List<String> list(String dir);
}
