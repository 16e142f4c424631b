package org.kld86.kpi;

import org.kld86.kernel.Kernel;
import org.kld86.kernel.vm.UserAccess;

/**
 * struct uio and uiomove(9): an I/O request as a driver's d_read and d_write see it, with FreeBSD's field names.
 *
 * <p>A read request (UIO_READ) asks the driver to move data from its buffer to the caller; a write (UIO_WRITE)
 * from the caller to the driver. {@code uio_resid} is what is left to move, {@code uio_offset} where in the
 * device the transfer is; {@link #uiomove} moves data and updates all of it. For UIO_USERSPACE the iovecs hold
 * addresses in the calling process, reached with copyout/copyin through its page tables, so a bad user pointer
 * gives EFAULT, never a panic.
 *
 * <p>Trap: a driver that does not call uiomove (or adjust uio_resid) reports 0 bytes moved: write(2) then
 * returns 0, which is exactly what the chapter-1 echo driver does.
 */
public final class Uio {

    public static final int UIO_USERSPACE = 0;
    public static final int UIO_SYSSPACE = 1;
    public static final int UIO_READ = 0;
    public static final int UIO_WRITE = 1;

    public Iovec[] uio_iov;
    public int uio_iovcnt;
    public long uio_offset;
    public long uio_resid;
    public int uio_segflg;
    public int uio_rw;

    public Uio(Iovec[] iov, long offset, int segflg, int rw) {
        this.uio_iov = iov;
        this.uio_iovcnt = iov.length;
        this.uio_offset = offset;
        this.uio_segflg = segflg;
        this.uio_rw = rw;
        long resid = 0;
        for (Iovec v : iov) {
            resid += v.iov_len;
        }
        this.uio_resid = resid;
    }

    /** A single-iovec request (what read(2) and write(2) make). */
    public static Uio single(long base, long len, long offset, int segflg, int rw) {
        return new Uio(new Iovec[] {new Iovec(base, len)}, offset, segflg, rw);
    }

    /**
     * uiomove(9): moves up to {@code n} bytes between the kernel buffer at {@code cp} and the request, in the
     * request's direction, advancing the iovecs, uio_offset and uio_resid.
     *
     * @return 0, or EFAULT if a user address was bad (what was moved before stays moved)
     */
    public static int uiomove(long cp, long n, Uio uio) {
        UserAccess ua = Kernel.current().userAccess();
        while (n > 0 && uio.uio_resid > 0) {
            Iovec iov = null;
            int i = 0;
            for (; i < uio.uio_iov.length; i++) {
                if (uio.uio_iov[i].iov_len > 0) {
                    iov = uio.uio_iov[i];
                    break;
                }
            }
            if (iov == null) {
                break;
            }
            long cnt = Math.min(iov.iov_len, n);
            int error = 0;
            if (uio.uio_segflg == UIO_USERSPACE) {
                error = uio.uio_rw == UIO_READ ? ua.copyout(cp, iov.iov_base, cnt) : ua.copyin(iov.iov_base, cp, cnt);
            } else if (uio.uio_rw == UIO_READ) {
                Kernel.current().memory().copy(iov.iov_base, cp, cnt);
            } else {
                Kernel.current().memory().copy(cp, iov.iov_base, cnt);
            }
            if (error != 0) {
                return error;
            }
            iov.iov_base += cnt;
            iov.iov_len -= cnt;
            uio.uio_resid -= cnt;
            uio.uio_offset += cnt;
            cp += cnt;
            n -= cnt;
        }
        return 0;
    }

    /** copyin(9): {@code len} bytes from user address {@code uaddr} to kernel address {@code kaddr}; 0 or EFAULT. */
    public static int copyin(long uaddr, long kaddr, long len) {
        return Kernel.current().userAccess().copyin(uaddr, kaddr, len);
    }

    /** copyout(9): {@code len} bytes from kernel address {@code kaddr} to user address {@code uaddr}; 0 or EFAULT. */
    public static int copyout(long kaddr, long uaddr, long len) {
        return Kernel.current().userAccess().copyout(kaddr, uaddr, len);
    }
}
