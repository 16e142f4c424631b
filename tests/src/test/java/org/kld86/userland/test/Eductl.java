package org.kld86.userland.test;

import org.kld86.kernel.kld.rt.UserCpu;
import org.kld86.userland.libc.Libc;

/**
 * A user program for the edu driver's ioctl, as a C program including edu_ioctl.h would be written:
 * {@code eductl fact N ...} asks /dev/edu for each N! (modulo 2^32) and prints {@code N! = R}; {@code eductl
 * bogus} sends a command of the driver's group that it does not define and reports the error. Failures are
 * warned about as warn(3) does and make the status 1.
 */
public final class Eductl {

    /** edu_ioctl.h: _IOWR('E', 1, uint32_t). A user program cannot link against the driver: the number itself. */
    public static final long EDU_IOC_FACTORIAL = 0xc0044501L;
    /** _IOWR('E', 2, uint32_t): not a command of the driver. */
    static final long EDU_IOC_BOGUS = 0xc0044502L;

    private Eductl() {
    }

    public static int main(int argc, long argv, long envp) {
        Libc c = new Libc(argc, argv, envp);
        int status = run(c);
        c.flushAll();
        return status;
    }

    private static int run(Libc c) {
        String[] a = c.args();
        if (a.length < 2 || !(a[1].equals("fact") || a[1].equals("bogus"))) {
            c.warnx("usage: eductl fact n ... | eductl bogus");
            return 64;
        }
        int fd = c.open("/dev/edu", Libc.O_RDWR, 0);
        if (fd < 0) {
            c.warn("/dev/edu", fd);
            return 1;
        }
        long arg = c.malloc(4);
        int status = 0;
        if (a[1].equals("bogus")) {
            UserCpu.write32(arg, 5);
            int r = c.ioctl(fd, EDU_IOC_BOGUS, arg);
            if (r < 0) {
                c.warn("ioctl", r);
                status = 1;
            }
        }
        for (int i = 2; i < a.length && a[1].equals("fact"); i++) {
            long n = Long.parseLong(a[i]);
            UserCpu.write32(arg, (int) n);
            int r = c.ioctl(fd, EDU_IOC_FACTORIAL, arg);
            if (r < 0) {
                c.warn("ioctl", r);
                status = 1;
                continue;
            }
            c.printf("%d! = %u\n", n, Integer.toUnsignedLong(UserCpu.read32(arg)));
        }
        c.free(arg);
        c.close(fd);
        return status;
    }
}
