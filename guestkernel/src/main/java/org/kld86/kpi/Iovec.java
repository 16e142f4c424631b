package org.kld86.kpi;

/**
 * struct iovec: one piece of an I/O request, {@code iov_len} bytes at {@code iov_base} (a user address for
 * UIO_USERSPACE, a kernel address for UIO_SYSSPACE). uiomove advances both as it goes.
 */
public final class Iovec {

    public long iov_base;
    public long iov_len;

    public Iovec(long base, long len) {
        this.iov_base = base;
        this.iov_len = len;
    }
}
