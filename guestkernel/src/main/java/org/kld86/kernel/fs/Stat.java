package org.kld86.kernel.fs;

/**
 * struct stat as far as the kernel fills it: file type and mode, owner, size, inode and device numbers, link
 * count and times (virtual seconds since boot).
 */
public final class Stat {

    public static final int S_IFMT = 0170000;
    public static final int S_IFIFO = 0010000;
    public static final int S_IFCHR = 0020000;
    public static final int S_IFDIR = 0040000;
    public static final int S_IFREG = 0100000;
    public static final int S_IFLNK = 0120000;

    public int dev;
    public long ino;
    public int mode;
    public int nlink = 1;
    public int uid;
    public int gid;
    public int rdev;
    public long size;
    public long atime;
    public long mtime;
    public long ctime;
    public int blksize = 4096;
    public long blocks;

    /** The bytes user programs read (13 little-endian u64 in this order; libc's Structs documents it too). */
    public byte[] toBytes() {
        long[] v = {dev, ino, mode, nlink, uid, gid, rdev, size, atime, mtime, ctime, blksize, blocks};
        byte[] b = new byte[v.length * 8];
        for (int i = 0; i < v.length; i++) {
            for (int j = 0; j < 8; j++) {
                b[8 * i + j] = (byte) (v[i] >>> (8 * j));
            }
        }
        return b;
    }
}
