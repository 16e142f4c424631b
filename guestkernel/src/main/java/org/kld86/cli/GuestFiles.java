package org.kld86.cli;

import java.util.List;

/**
 * What the launcher needs of the guest's file system: to put a file in it (a host script, into /tmp) and to
 * list a directory (for completing command names and /dev paths).
 */
public interface GuestFiles {

    /** Creates or replaces the file at {@code path} with {@code data}. */
    void install(String path, byte[] data);

    /** The names in directory {@code dir}, sorted; empty if there is no such directory. */
    List<String> list(String dir);
}
