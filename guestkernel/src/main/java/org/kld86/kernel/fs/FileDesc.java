package org.kld86.kernel.fs;

import static org.kld86.kpi.Errno.EBADF;
import static org.kld86.kpi.Errno.EMFILE;

/**
 * A process's descriptor table (struct filedesc): descriptor number to open file. New descriptors take the
 * lowest free number, as POSIX requires.
 */
public final class FileDesc {

    /** kern.maxfilesperproc of a small machine. */
    public static final int MAX_FILES = 256;

    private final File[] files = new File[MAX_FILES];

    public File get(int fd) {
        return fd >= 0 && fd < MAX_FILES ? files[fd] : null;
    }

    /** Installs {@code fp} at the lowest free descriptor; returns it, or -EMFILE. The table takes the reference. */
    public int install(File fp) {
        for (int fd = 0; fd < MAX_FILES; fd++) {
            if (files[fd] == null) {
                files[fd] = fp;
                return fd;
            }
        }
        return -EMFILE;
    }

    /** close(2): 0 or EBADF (or the file's close error). */
    public int close(int fd) {
        File fp = get(fd);
        if (fp == null) {
            return EBADF;
        }
        files[fd] = null;
        return fp.drop();
    }

    /** dup(2): the new descriptor or -errno. */
    public int dup(int fd) {
        File fp = get(fd);
        if (fp == null) {
            return -EBADF;
        }
        fp.hold();
        int n = install(fp);
        if (n < 0) {
            fp.drop();
        }
        return n;
    }

    /** dup2(2): {@code to} or -errno. */
    public int dup2(int from, int to) {
        File fp = get(from);
        if (fp == null || to < 0 || to >= MAX_FILES) {
            return -EBADF;
        }
        if (from == to) {
            return to;
        }
        fp.hold();
        File old = files[to];
        files[to] = fp;
        if (old != null) {
            old.drop();
        }
        return to;
    }

    /** A copy for a new process: every descriptor shares its file. */
    public FileDesc copy() {
        FileDesc c = new FileDesc();
        for (int fd = 0; fd < MAX_FILES; fd++) {
            if (files[fd] != null) {
                files[fd].hold();
                c.files[fd] = files[fd];
            }
        }
        return c;
    }

    /** Closes everything (process exit). */
    public void closeAll() {
        for (int fd = 0; fd < MAX_FILES; fd++) {
            if (files[fd] != null) {
                File fp = files[fd];
                files[fd] = null;
                fp.drop();
            }
        }
    }

    /** The number of open descriptors. */
    public int count() {
        int n = 0;
        for (File f : files) {
            if (f != null) {
                n++;
            }
        }
        return n;
    }
}
