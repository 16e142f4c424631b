package org.kld86.userland.libc;

import org.kld86.kernel.kld.rt.UserCpu;

/** struct stat as {@link Libc#stat} and {@link Libc#fstat} return it (layout in {@link Structs}). */
public final class Stat {

    public static final int S_IFMT = 0170000;
    public static final int S_IFIFO = 0010000;
    public static final int S_IFCHR = 0020000;
    public static final int S_IFDIR = 0040000;
    public static final int S_IFREG = 0100000;
    public static final int S_IFLNK = 0120000;

    public long dev;
    public long ino;
    public int mode;
    public long nlink;
    public int uid;
    public int gid;
    public long rdev;
    public long size;
    public long atime;
    public long mtime;
    public long ctime;
    public long blksize;
    public long blocks;

    void read(long p) {
        dev = q(p, 0);
        ino = q(p, 1);
        mode = (int) q(p, 2);
        nlink = q(p, 3);
        uid = (int) q(p, 4);
        gid = (int) q(p, 5);
        rdev = q(p, 6);
        size = q(p, 7);
        atime = q(p, 8);
        mtime = q(p, 9);
        ctime = q(p, 10);
        blksize = q(p, 11);
        blocks = q(p, 12);
    }

    private static long q(long p, int i) {
        long a = p + 8L * i;
        return Integer.toUnsignedLong(UserCpu.read32(a)) | ((long) UserCpu.read32(a + 4) << 32);
    }

    public boolean isDirectory() {
        return (mode & S_IFMT) == S_IFDIR;
    }

    public boolean isRegular() {
        return (mode & S_IFMT) == S_IFREG;
    }

    public boolean isCharDevice() {
        return (mode & S_IFMT) == S_IFCHR;
    }
}
