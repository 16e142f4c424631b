package org.kld86.kernel.syscall;

import static org.kld86.kpi.Errno.*;

import org.kld86.kernel.Kernel;
import org.kld86.kernel.fs.File;
import org.kld86.kernel.fs.FileDesc;
import org.kld86.kernel.fs.Stat;
import org.kld86.kpi.Uio;

/**
 * The descriptor system calls, whatever the file is: read, write, close, dup, dup2, lseek, ioctl, fstat, fsync.
 * The offset of a file is kept in the open file and handed to its operations in uio_offset, as dofileread and
 * dofilewrite do; what a read or write returns is what its uio_resid went down by.
 */
public final class FileSyscalls {

    /** The largest single read or write (IOSIZE_MAX on i386). */
    static final long IOSIZE_MAX = Integer.MAX_VALUE;

    private FileSyscalls() {
    }

    public static void register(Kernel k, SyscallTable t) {
        t.register(Sys.READ, "read", 3, c -> rw(c, Uio.UIO_READ));
        t.register(Sys.WRITE, "write", 3, c -> rw(c, Uio.UIO_WRITE));
        t.register(Sys.CLOSE, "close", 1, c -> -c.proc().fd().close(c.arg(0)));
        t.register(Sys.DUP, "dup", 1, c -> c.proc().fd().dup(c.arg(0)));
        t.register(Sys.DUP2, "dup2", 2, c -> c.proc().fd().dup2(c.arg(0), c.arg(1)));
        t.register(Sys.LSEEK, "lseek", 4, c -> {
            File fp = c.proc().fd().get(c.arg(0));
            if (fp == null) {
                return -EBADF;
            }
            int whence = c.arg(3);
            if (whence < 0 || whence > 2) {
                return -EINVAL;
            }
            return fp.ops.seek(fp, c.arg64(1), whence);
        });
        t.register(Sys.IOCTL, "ioctl", 3, c -> {
            File fp = c.proc().fd().get(c.arg(0));
            if (fp == null) {
                return -EBADF;
            }
            if ((fp.flags & (File.FREAD | File.FWRITE)) == 0) {
                return -EBADF;
            }
            return fp.ops.ioctlValue(fp, c.uarg(1), c.uarg(2));
        });
        t.register(Sys.FSTAT, "fstat", 2, c -> {
            File fp = c.proc().fd().get(c.arg(0));
            if (fp == null) {
                return -EBADF;
            }
            Stat sb = new Stat();
            int error = fp.ops.stat(fp, sb);
            if (error != 0) {
                return -error;
            }
            byte[] b = sb.toBytes();
            return -k.userAccess().copyout(b, 0, b.length, c.uarg(1));
        });
        t.register(Sys.FSYNC, "fsync", 1, c -> c.proc().fd().get(c.arg(0)) == null ? -EBADF : 0);
    }

    private static long rw(SyscallContext c, int direction) {
        FileDesc fd = c.proc().fd();
        File fp = fd.get(c.arg(0));
        if (fp == null || (direction == Uio.UIO_READ ? !fp.readable() : !fp.writable())) {
            return -EBADF;
        }
        long n = c.uarg(2);
        if (n > IOSIZE_MAX) {
            return -EINVAL;
        }
        Uio uio = Uio.single(c.uarg(1), n, fp.offset, Uio.UIO_USERSPACE, direction);
        int error = direction == Uio.UIO_READ ? fp.ops.read(fp, uio, fp.flags) : fp.ops.write(fp, uio, fp.flags);
        long done = n - uio.uio_resid;
        fp.offset = uio.uio_offset;
        if (error != 0 && done > 0 && (error == EINTR || error == EWOULDBLOCK || error == ERESTART)) {
            error = 0;
        }
        if (error == EPIPE && direction == Uio.UIO_WRITE) {
            c.proc().pendingSignal(13);
        }
        return error != 0 ? -error : done;
    }
}
