package org.kld86.kernel.fs;

/**
 * An open file (FreeBSD's struct file): what a descriptor refers to. Descriptors made by dup(2), or inherited
 * by a spawned process, share one File and so its offset.
 */
public final class File {

    /** f_flag bits: FREAD and FWRITE are O_RDONLY/O_WRONLY/O_RDWR plus one, as in sys/fcntl.h. */
    public static final int FREAD = 0x0001;
    public static final int FWRITE = 0x0002;

    public final FileOps ops;
    /** The object behind the file: a vnode, a device, a pipe end. */
    public final Object data;
    /** The open flags (FREAD/FWRITE, O_APPEND, O_NONBLOCK, ...). */
    public int flags;
    public long offset;
    /** The path it was opened by, for messages. */
    public final String path;
    private int refs = 1;

    public File(FileOps ops, Object data, int flags, String path) {
        this.ops = ops;
        this.data = data;
        this.flags = flags;
        this.path = path;
    }

    public boolean readable() {
        return (flags & FREAD) != 0;
    }

    public boolean writable() {
        return (flags & FWRITE) != 0;
    }

    public void hold() {
        refs++;
    }

    /** Drops a reference; on the last one the file is closed. Returns close's errno (0 if not the last). */
    public int drop() {
        if (--refs == 0) {
            return ops.close(this);
        }
        return 0;
    }

    public int refs() {
        return refs;
    }
}
