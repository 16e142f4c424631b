package org.kld86.kpi;

/**
 * errno values as FreeBSD defines them (sys/sys/errno.h), for drivers: {@code return EBUSY;} with
 * {@code import static org.kld86.kpi.Errno.*}. Linux-style drivers return the same names negated (-ENOMEM); the
 * kernel maps them for the caller.
 */
public final class Errno extends org.kld86.libkern.Errnos {

    private Errno() {
    }

    /**
     * Linux's ERESTARTSYS (512, include/linux/errno.h): what an interruptible Linux wait returns when a signal
     * arrived, for the system call layer to restart or fail with EINTR. Never seen by user programs.
     */
    public static final int ERESTARTSYS = 512;
}
