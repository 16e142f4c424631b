package edu;

import static org.kld86.kpi.Ioccom.IOC_INOUT;

/**
 * edu_ioctl.h: the ioctl commands of /dev/edu, the part of the driver a user program includes.
 *
 * <p>{@link #EDU_IOC_FACTORIAL} is {@code _IOWR('E', 1, uint32_t)}: the program passes a pointer to n, the
 * kernel copies it in, the driver has the device compute n! (modulo 2^32) and the kernel copies the result back
 * over n. The value is spelled out as the constant expression the macro expands to, so that it is a compile-time
 * constant: a user program, which cannot link against the driver, uses the same number, 0xc0044501.
 */
public final class EduIoctl {

    private EduIoctl() {
    }

    /** _IOWR('E', 1, uint32_t): IN | OUT, a 4-byte argument, group 'E', number 1. */
    public static final long EDU_IOC_FACTORIAL = IOC_INOUT | (4L << 16) | ('E' << 8) | 1;
}
