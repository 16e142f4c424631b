package org.kld86.kernel.dev;

import static org.kld86.kpi.Errno.EINVAL;
import static org.kld86.kpi.Errno.ENODEV;
import static org.kld86.kpi.Errno.ENXIO;

import org.kld86.kernel.Kernel;
import org.kld86.kernel.fs.File;
import org.kld86.kernel.fs.FileOps;
import org.kld86.kernel.fs.Ioctl;
import org.kld86.kernel.fs.Stat;
import org.kld86.kpi.Cdev;
import org.kld86.kpi.Cdevsw;
import org.kld86.kpi.Conf;
import org.kld86.kpi.Td;
import org.kld86.kpi.Uio;

/**
 * An open FreeBSD character device (devfs_vnops.c's file operations): each operation enters the driver's cdevsw
 * method through {@link Devices#call}, so it is counted inside the device and refused with ENXIO once the
 * device is destroyed. Read and write pass the file's offset in uio_offset and the non-blocking flag in ioflag;
 * ioctl does sys_ioctl's copy in and out around d_ioctl ({@link Ioctl}); mmap asks d_mmap for each page.
 *
 * <p>d_open runs at every open. d_close runs at the last close of the device, when no file has it open any
 * more, unless the driver asks for every close with {@link Conf#D_TRACKCLOSE}. A method slot the driver left
 * empty behaves as FreeBSD's defaults: open and close succeed, the others are ENODEV.
 */
final class CdevFile implements FileOps {

    /** S_IFCHR: the devtype d_open and d_close are told. */
    static final int DEVTYPE = Stat.S_IFCHR;
    /** The f_flag bits an open file keeps (FMASK): FREAD, FWRITE, O_NONBLOCK, O_APPEND, O_ASYNC, O_FSYNC, O_DIRECT. */
    static final int FMASK = 0x0003 | 0x0004 | 0x0008 | 0x0040 | 0x0080 | 0x10000;

    static final CdevFile OPS = new CdevFile();

    /** What the open file holds: the device and whether its own close has been counted. */
    static final class Handle {
        final Devices devices;
        final CdevPriv priv;
        final DevfsNode node;

        Handle(Devices devices, CdevPriv priv, DevfsNode node) {
            this.devices = devices;
            this.priv = priv;
            this.node = node;
        }
    }

    private CdevFile() {
    }

    /** devfs_open(): d_open, then the open file. */
    static File open(Devices devices, CdevPriv p, DevfsNode node, int fflags, String path, int[] err) {
        Cdev dev = p.dev;
        Cdevsw.d_open_t open = p.csw.d_open;
        Td td = Td.curthread();
        int error = devices.call(p, () -> open == null ? 0 : open.d_open(dev, fflags, DEVTYPE, td));
        if (error != 0) {
            err[0] = error;
            return null;
        }
        p.opens++;
        return new File(OPS, new Handle(devices, p, node), fflags & FMASK, path);
    }

    private static Handle h(File fp) {
        return (Handle) fp.data;
    }

    @Override
    public int read(File fp, Uio uio, int flags) {
        Handle h = h(fp);
        Cdevsw.d_read_t read = h.priv.csw.d_read;
        int ioflag = flags & 0x0004; // O_NONBLOCK is IO_NDELAY
        return h.devices.call(h.priv, () -> read == null ? ENODEV : read.d_read(h.priv.dev, uio, ioflag));
    }

    @Override
    public int write(File fp, Uio uio, int flags) {
        Handle h = h(fp);
        Cdevsw.d_write_t write = h.priv.csw.d_write;
        int ioflag = flags & 0x0004;
        return h.devices.call(h.priv, () -> write == null ? ENODEV : write.d_write(h.priv.dev, uio, ioflag));
    }

    @Override
    public int ioctl(File fp, long cmd, long arg) {
        Handle h = h(fp);
        Cdevsw.d_ioctl_t ioctl = h.priv.csw.d_ioctl;
        Kernel k = h.devices.kernel();
        Td td = Td.curthread();
        return h.devices.call(h.priv, () -> ioctl == null ? ENODEV
                : Ioctl.call(k, cmd, arg, (com, data) -> ioctl.d_ioctl(h.priv.dev, com, data, fp.flags, td)));
    }

    @Override
    public long mmap(File fp, long offset, int prot) {
        Handle h = h(fp);
        Cdevsw.d_mmap_t mmap = h.priv.csw.d_mmap;
        long[] paddr = {-1};
        int error = h.devices.call(h.priv, () -> mmap == null ? ENODEV : mmap.d_mmap(h.priv.dev, offset, paddr, prot));
        if (error != 0) {
            return -error;
        }
        return paddr[0] < 0 ? -EINVAL : paddr[0] & ~0xFFFL;
    }

    @Override
    public int stat(File fp, Stat sb) {
        h(fp).node.getattr(sb);
        return 0;
    }

    @Override
    public org.kld86.kernel.vfs.Vnode vnode(File fp) {
        return h(fp).node;
    }

    @Override
    public long seek(File fp, long offset, int whence) {
        long base = switch (whence) {
            case 0 -> 0;
            case 1 -> fp.offset;
            default -> 0; // a device's size is 0
        };
        long result = base + offset;
        if (result < 0) {
            return -EINVAL;
        }
        fp.offset = result;
        return result;
    }

    /** devfs_close(): ENXIO for a destroyed device; d_close at the last close (or every one with D_TRACKCLOSE). */
    @Override
    public int close(File fp) {
        Handle h = h(fp);
        CdevPriv p = h.priv;
        p.opens--;
        if (p.destroyed || !h.devices.alive(p)) {
            return ENXIO;
        }
        if (p.opens > 0 && (p.csw.d_flags & Conf.D_TRACKCLOSE) == 0) {
            return 0;
        }
        Cdevsw.d_close_t close = p.csw.d_close;
        Td td = Td.curthread();
        return h.devices.call(p, () -> close == null ? 0 : close.d_close(p.dev, fp.flags, DEVTYPE, td));
    }
}
