package org.kld86.kpi;

/**
 * {@code struct file}: an open file as a Linux driver's methods see it. {@code f_pos} is the file position (the
 * read and write methods get a pointer to it, {@code loff_t *}, here a one-element array); {@code f_flags} the
 * flags given to open(2); {@code f_mode} whether it is open for reading and writing; {@code private_data} is
 * the driver's, usually set in open to its device structure.
 *
 * <p>Trap: the O_* flags are this system's (FreeBSD's values), so test them with the constants here
 * ({@code (filp.f_flags & O_ACCMODE) == O_WRONLY}), never with numbers from a Linux header.
 */
public final class LinuxFile {

    public static final int FMODE_READ = 0x1;
    public static final int FMODE_WRITE = 0x2;
    public static final int FMODE_LSEEK = 0x4;
    public static final int FMODE_PREAD = 0x8;
    public static final int FMODE_PWRITE = 0x10;

    public static final int O_RDONLY = 0x0000;
    public static final int O_WRONLY = 0x0001;
    public static final int O_RDWR = 0x0002;
    public static final int O_ACCMODE = 0x0003;
    public static final int O_NONBLOCK = 0x0004;
    public static final int O_APPEND = 0x0008;
    public static final int O_CREAT = 0x0200;
    public static final int O_TRUNC = 0x0400;

    /** SEEK_SET, SEEK_CUR, SEEK_END for llseek's whence. */
    public static final int SEEK_SET = 0;
    public static final int SEEK_CUR = 1;
    public static final int SEEK_END = 2;

    public long f_pos;
    public final int f_flags;
    public final int f_mode;
    public final FileOperations f_op;
    public Object private_data;
    private final Inode inode;

    /** Made by the kernel at open. */
    public LinuxFile(FileOperations fop, Inode inode, int flags, int mode) {
        this.f_op = fop;
        this.inode = inode;
        this.f_flags = flags;
        this.f_mode = mode;
    }

    /** file_inode(filp). */
    public static Inode file_inode(LinuxFile filp) {
        return filp.inode;
    }

    /**
     * default_llseek: SEEK_SET, SEEK_CUR and SEEK_END (from i_size) without an upper bound; a negative result is
     * -EINVAL. What the kernel does for a driver without llseek; a driver's llseek may call it too.
     */
    public static long default_llseek(LinuxFile filp, long offset, int whence) {
        long base = switch (whence) {
            case SEEK_SET -> 0;
            case SEEK_CUR -> filp.f_pos;
            case SEEK_END -> filp.inode == null ? 0 : filp.inode.i_size;
            default -> -1;
        };
        if (base < 0) {
            return -Errno.EINVAL;
        }
        long pos = base + offset;
        if (pos < 0) {
            return -Errno.EINVAL;
        }
        filp.f_pos = pos;
        return pos;
    }

    /** no_llseek: for a driver whose files cannot seek (-ESPIPE). */
    public static long no_llseek(LinuxFile filp, long offset, int whence) {
        return -Errno.ESPIPE;
    }
}
