package org.kld86.kernel.vfs;

import static org.kld86.kpi.Errno.EOPNOTSUPP;

import java.util.List;
import org.kld86.kernel.fs.File;
import org.kld86.kernel.fs.Stat;
import org.kld86.kernel.proc.Ucred;
import org.kld86.kpi.Uio;

/**
 * A file as the file system layer sees it (FreeBSD's struct vnode): its type, the mount it lives on, its inode
 * number and attributes (mode, owner, group, times from the virtual clock), and its place in the tree (the
 * directory holding it and its name there, which is all ".." and getcwd need, since directories have no hard
 * links). A directory some file system is mounted on knows that mount ({@code v_mountedhere}).
 *
 * <p>Each file system subclasses this and overrides the operations it has (FreeBSD's vop_vector). What a file
 * system does not override answers EOPNOTSUPP; read-only mounts never see a change, because the layer above
 * refuses it with EROFS first.
 */
public abstract class Vnode {

    /** ioflag bits of {@link #read}/{@link #write} (sys/vnode.h). */
    public static final int IO_APPEND = 0x0002;
    public static final int IO_NDELAY = 0x0004;

    private final VType type;
    private final Mount mount;
    private final long ino;
    protected int mode;
    protected int uid;
    protected int gid;
    protected long atimeNanos;
    protected long mtimeNanos;
    protected long ctimeNanos;
    private Vnode parent;
    private String name;
    private Mount mountedHere;
    /** Open files on this vnode (v_usecount as far as opens go). */
    private int opens;

    protected Vnode(VType type, Mount mount, int mode, int uid, int gid) {
        this.type = type;
        this.mount = mount;
        this.ino = mount.nextIno();
        this.mode = mode & 07777;
        this.uid = uid;
        this.gid = gid;
        long now = mount.nowNanos();
        this.atimeNanos = now;
        this.mtimeNanos = now;
        this.ctimeNanos = now;
    }

    public final VType type() {
        return type;
    }

    public final Mount mount() {
        return mount;
    }

    public final long ino() {
        return ino;
    }

    /** The permission bits (07777: setuid, setgid, sticky and rwx for owner, group, others). */
    public final int mode() {
        return mode;
    }

    public final int uid() {
        return uid;
    }

    public final int gid() {
        return gid;
    }

    /** The directory holding this vnode (null for a file system's root). */
    public final Vnode parent() {
        return parent;
    }

    /** The name in {@link #parent()} ("" for a root). */
    public final String name() {
        return name == null ? "" : name;
    }

    /** Records where a file system put this vnode in its tree. */
    protected final void linkAt(Vnode dir, String entryName) {
        this.parent = dir;
        this.name = entryName;
    }

    /** The mount covering this directory, or null. */
    public final Mount mountedHere() {
        return mountedHere;
    }

    final void setMountedHere(Mount m) {
        this.mountedHere = m;
    }

    /** Whether this is the root of its file system (VV_ROOT). */
    public final boolean isRoot() {
        return mount.root() == this;
    }

    // -------------------------------------------------------------------------------------------------------------
    // Attributes

    /** st_size. */
    public abstract long size();

    /** st_nlink. */
    public int nlink() {
        return type == VType.VDIR ? 2 : 1;
    }

    /** st_rdev: the device number of a device node, 0 otherwise. */
    public int rdev() {
        return 0;
    }

    /** st_blocks, in 512-byte units. */
    public long blocks() {
        return 0;
    }

    /** VOP_GETATTR into a struct stat. Times are whole seconds of virtual time since boot. */
    public void getattr(Stat sb) {
        sb.dev = mount.fsid();
        sb.ino = ino;
        sb.mode = type.ifmt | mode;
        sb.nlink = nlink();
        sb.uid = uid;
        sb.gid = gid;
        sb.rdev = rdev();
        sb.size = size();
        sb.atime = atimeNanos / 1_000_000_000L;
        sb.mtime = mtimeNanos / 1_000_000_000L;
        sb.ctime = ctimeNanos / 1_000_000_000L;
        sb.blksize = 4096;
        sb.blocks = blocks();
    }

    /**
     * VOP_SETATTR of the access and modification times, in nanoseconds of virtual time since boot; a time of
     * {@link #TIME_OMIT} stays as it is. The change time becomes now. The caller has checked the rights.
     */
    public int setTimes(long atime, long mtime) {
        if (atime != TIME_OMIT) {
            atimeNanos = atime;
        }
        if (mtime != TIME_OMIT) {
            mtimeNanos = mtime;
        }
        ctimeNanos = mount.nowNanos();
        return 0;
    }

    /** VOP_SETATTR of the permission bits (07777); the change time becomes now. The caller has checked the rights. */
    public int setMode(int newMode) {
        mode = newMode & 07777;
        ctimeNanos = mount.nowNanos();
        return 0;
    }

    /** VOP_SETATTR of the owner and group, -1 leaving either as it is; the change time becomes now. */
    public int setOwner(int newUid, int newGid) {
        if (newUid != -1) {
            uid = newUid;
        }
        if (newGid != -1) {
            gid = newGid;
        }
        ctimeNanos = mount.nowNanos();
        return 0;
    }

    /** A time {@link #setTimes} leaves alone. */
    public static final long TIME_OMIT = Long.MIN_VALUE;

    /** Marks the file read (atime). */
    protected final void accessed() {
        atimeNanos = mount.nowNanos();
    }

    /** Marks the file's data changed (mtime and ctime). */
    protected final void modified() {
        long now = mount.nowNanos();
        mtimeNanos = now;
        ctimeNanos = now;
    }

    // -------------------------------------------------------------------------------------------------------------
    // Directory operations

    /** VOP_LOOKUP of one name in this directory (never "." or ".."): the vnode, or null if there is none. */
    public Vnode lookup(String entryName) {
        return null;
    }

    /** The names in this directory, without "." and "..", in the order getdents returns them. */
    public List<String> names() {
        return List.of();
    }

    /**
     * VOP_CREATE / VOP_MKDIR: a new {@code newType} file {@code entryName} with permission bits {@code newMode},
     * owned by {@code cred}'s user and this directory's group (BSD semantics), into {@code out[0]}.
     *
     * @return 0 or an errno
     */
    public int create(String entryName, VType newType, int newMode, Ucred cred, Vnode[] out) {
        return EOPNOTSUPP;
    }

    /** VOP_REMOVE of the non-directory {@code entryName}. */
    public int remove(String entryName) {
        return EOPNOTSUPP;
    }

    /** VOP_RMDIR of the directory {@code entryName} (ENOTEMPTY unless it is empty). */
    public int rmdir(String entryName) {
        return EOPNOTSUPP;
    }

    /**
     * VOP_RENAME: moves this directory's entry {@code fromName} to {@code toDir} as {@code toName}, replacing a
     * file there (or an empty directory, when a directory moves). The caller has made every check of
     * {@link PathCalls#rename}; {@code toDir} is on the same mount.
     */
    public int rename(String fromName, Vnode toDir, String toName) {
        return EOPNOTSUPP;
    }

    // -------------------------------------------------------------------------------------------------------------
    // File operations

    /** VOP_READ from {@code uio.uio_offset}. */
    public int read(Uio uio, int ioflag) {
        return EOPNOTSUPP;
    }

    /** VOP_WRITE at {@code uio.uio_offset} (at the end with {@link #IO_APPEND}). */
    public int write(Uio uio, int ioflag) {
        return EOPNOTSUPP;
    }

    /** VOP_SETATTR of the size: shortens (freeing what is cut off) or extends with a hole. */
    public int truncate(long length) {
        return EOPNOTSUPP;
    }

    /**
     * VOP_OPEN: the open file for this vnode, or null with the errno in {@code err[0]}. Regular files and
     * directories get a {@link VnodeFile}; device and /proc nodes answer with their own kind of file.
     */
    public File open(int fflags, String path, Ucred cred, int[] err) {
        opened();
        return new File(VnodeFile.OPS, this, fflags & PathCalls.FMASK, path);
    }

    /** An open file on this vnode came (VREF of an open). */
    final void opened() {
        opens++;
    }

    /** An open file on this vnode was closed for the last time (VOP_CLOSE + vrele). */
    final void closed() {
        if (opens > 0) {
            opens--;
        }
        if (opens == 0) {
            inactive();
        }
    }

    /** The number of open files on this vnode. */
    public final int opens() {
        return opens;
    }

    /**
     * VOP_INACTIVE: the last open file is gone. A file system frees here what an unlinked file still held for
     * those who had it open.
     */
    protected void inactive() {
    }

    @Override
    public String toString() {
        return type + " " + mount.fstype() + ":" + ino + " " + name();
    }
}
