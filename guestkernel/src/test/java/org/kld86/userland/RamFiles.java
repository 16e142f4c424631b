package org.kld86.userland;

import java.nio.charset.StandardCharsets;
import org.kld86.kernel.Kernel;
import org.kld86.kernel.fs.Stat;
import org.kld86.kernel.proc.Ucred;

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

    /** Makes the directory {@code path} (mode 0755), as root. */
    void mkdir(String path) {
        int e = kernel.vfs().calls().mkdir(Ucred.root(), kernel.vfs().root(), path, 0755);
        if (e != 0) {
            throw new IllegalStateException("cannot make " + path + ": errno " + e);
        }
    }

    /** The attributes of what {@code path} names, or null if there is nothing. */
    Stat stat(String path) {
        Stat sb = new Stat();
        return kernel.vfs().calls().stat(Ucred.root(), kernel.vfs().root(), path, sb) == 0 ? sb : null;
    }

    /** "file", "dir" or null: what {@code path} names. */
    String kind(String path) {
        Stat sb = stat(path);
        return sb == null ? null : (sb.mode & 0170000) == 0040000 ? "dir" : "file";
    }

    /** Makes an empty file {@code path} with {@code mode}, owned by {@code cred}'s user. */
    void create(String path, int mode, Ucred cred) {
        int[] err = {0};
        org.kld86.kernel.fs.File fp = kernel.vfs().calls().open(cred, kernel.vfs().root(), path,
                org.kld86.kernel.vfs.PathCalls.O_WRONLY | org.kld86.kernel.vfs.PathCalls.O_CREAT, mode, err);
        if (fp == null) {
            throw new IllegalStateException("cannot make " + path + ": errno " + err[0]);
        }
        fp.drop();
    }
}
