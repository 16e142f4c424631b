package org.kld86.kernel.vfs;

import static org.kld86.kpi.Errno.*;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.kld86.kernel.Kernel;
import org.kld86.kernel.fs.File;
import org.kld86.kernel.fs.FileOps;
import org.kld86.kernel.fs.Ioctl;
import org.kld86.kernel.fs.Stat;
import org.kld86.kpi.Ioccom;
import org.kld86.kpi.Uio;

/**
 * An open regular file or directory (FreeBSD's vnops, vfs_vnops.c): reads and writes go to the vnode at the
 * file's offset ({@code O_APPEND} writes at the end), lseek moves the offset, fstat reports the vnode, and
 * getdents lists a directory. A directory's offset is the index of the next entry to return, so a listing can
 * be read in pieces.
 */
public final class VnodeFile implements FileOps {

    public static final VnodeFile OPS = new VnodeFile();

    /** O_* bits the file layer looks at. */
    static final int O_NONBLOCK = 0x0004;
    static final int O_APPEND = 0x0008;
    /** struct dirent's fixed part: d_fileno, d_off, d_reclen, d_type, d_pad0, d_namlen, d_pad1. */
    public static final int DIRENT_HEADER = 8 + 8 + 2 + 1 + 1 + 2 + 2;

    private VnodeFile() {
    }

    static Vnode vp(File fp) {
        return (Vnode) fp.data;
    }

    @Override
    public int read(File fp, Uio uio, int flags) {
        Vnode vp = vp(fp);
        if (vp.type() == VType.VDIR) {
            return EISDIR;
        }
        return vp.read(uio, (flags & O_NONBLOCK) != 0 ? Vnode.IO_NDELAY : 0);
    }

    @Override
    public int write(File fp, Uio uio, int flags) {
        Vnode vp = vp(fp);
        if (vp.type() == VType.VDIR) {
            return EISDIR;
        }
        if (vp.mount().readOnly()) {
            return EROFS;
        }
        int ioflag = ((flags & O_APPEND) != 0 ? Vnode.IO_APPEND : 0)
                | ((flags & O_NONBLOCK) != 0 ? Vnode.IO_NDELAY : 0);
        return vp.write(uio, ioflag);
    }

    /** vn_ioctl(): FIONREAD is what is left to read; FIONBIO and FIOASYNC are accepted; nothing else is. */
    @Override
    public int ioctl(File fp, long cmd, long arg) {
        Vnode vp = vp(fp);
        Kernel k = Kernel.current();
        return Ioctl.call(k, cmd, arg, (com, data) -> {
            if (com == Ioccom.FIONREAD && vp.type() == VType.VREG) {
                long left = Math.max(0, vp.size() - fp.offset);
                k.memory().write32(data, (int) Math.min(left, Integer.MAX_VALUE));
                return 0;
            }
            if (com == Ioccom.FIONBIO || com == Ioccom.FIOASYNC) {
                return 0;
            }
            return ENOTTY;
        });
    }

    @Override
    public int stat(File fp, Stat sb) {
        vp(fp).getattr(sb);
        return 0;
    }

    @Override
    public Vnode vnode(File fp) {
        return vp(fp);
    }

    /** vn_seek(): SEEK_SET, SEEK_CUR, SEEK_END; a negative result is EINVAL and leaves the offset alone. */
    @Override
    public long seek(File fp, long offset, int whence) {
        Vnode vp = vp(fp);
        long base = switch (whence) {
            case 0 -> 0;
            case 1 -> fp.offset;
            case 2 -> vp.size();
            default -> -1;
        };
        if (base < 0) {
            return -EINVAL;
        }
        long result = base + offset;
        if ((offset > 0 && result < base)) {
            return -EINVAL; // EOVERFLOW
        }
        if (result < 0) {
            return -EINVAL;
        }
        fp.offset = result;
        return result;
    }

    @Override
    public int close(File fp) {
        vp(fp).closed();
        return 0;
    }

    /**
     * getdents(2) of the directory open as {@code fp} into the user buffer {@code ubuf} of {@code nbytes}:
     * FreeBSD 12 struct dirent records, "." and ".." first, each padded to 8 bytes; as many whole records as fit.
     *
     * @return the number of bytes filled (0 at the end), or a negated errno: EINVAL for a file that is not a
     *         directory or a buffer too small for the next record, EFAULT for a bad buffer
     */
    public static long getdents(Kernel k, File fp, long ubuf, int nbytes) {
        if (!(fp.data instanceof Vnode vp) || fp.ops != OPS || vp.type() != VType.VDIR) {
            return -EINVAL;
        }
        if (nbytes < 0) {
            return -EINVAL;
        }
        Vnode root = k.vfs().root();
        List<String> names = vp.names();
        int total = names.size() + 2;
        byte[] out = new byte[Math.min(nbytes, 64 * 1024)];
        int filled = 0;
        long index = fp.offset;
        while (index < total) {
            String name;
            Vnode entry;
            if (index == 0) {
                name = ".";
                entry = vp;
            } else if (index == 1) {
                name = "..";
                entry = Namei.dotdot(root, vp);
            } else {
                name = names.get((int) index - 2);
                entry = vp.lookup(name);
                if (entry == null) {
                    index++;
                    continue;
                }
                entry = Namei.covering(entry);
            }
            byte[] nb = name.getBytes(StandardCharsets.ISO_8859_1);
            int reclen = (DIRENT_HEADER + nb.length + 1 + 7) & ~7;
            if (filled + reclen > out.length) {
                if (filled == 0) {
                    return -EINVAL;
                }
                break;
            }
            putLong(out, filled, entry.ino());
            putLong(out, filled + 8, index + 1);
            out[filled + 16] = (byte) reclen;
            out[filled + 17] = (byte) (reclen >>> 8);
            out[filled + 18] = (byte) entry.type().dtype;
            out[filled + 20] = (byte) nb.length;
            out[filled + 21] = (byte) (nb.length >>> 8);
            System.arraycopy(nb, 0, out, filled + DIRENT_HEADER, nb.length);
            filled += reclen;
            index++;
        }
        if (filled > 0) {
            int error = k.userAccess().copyout(out, 0, filled, ubuf);
            if (error != 0) {
                return -error;
            }
        }
        fp.offset = index;
        vp.accessed();
        return filled;
    }

    private static void putLong(byte[] b, int at, long v) {
        for (int i = 0; i < 8; i++) {
            b[at + i] = (byte) (v >>> (8 * i));
        }
    }
}
