package org.kld86.testkit;

import org.kld86.libkern.Errnos;

/** A system call of the guest failed: which, and the errno (FreeBSD's numbers, as org.kld86.kpi.Errno names them). */
public final class GuestErrno extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final int errno;

    public GuestErrno(String call, int errno) {
        super(call + ": " + Errnos.strerror(errno) + " (errno " + errno + ")");
        this.errno = errno;
    }

    public int errno() {
        return errno;
    }
}
