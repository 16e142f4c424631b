package org.kld86.userland.test;

import org.kld86.kernel.kld.rt.UserCpu;
import org.kld86.userland.libc.Libc;

/**
 * A user program for the end-to-end tests that does what a buggy program does, as its first argument says:
 * {@code efault} hands write(2) and open(2) kernel and unmapped pointers and reports the errors as a C program
 * would with warn(3); {@code kernel} reads kernel memory from user mode; {@code null} writes through NULL.
 */
public final class Misbehave {

    private Misbehave() {
    }

    public static int main(int argc, long argv, long envp) {
        Libc c = new Libc(argc, argv, envp);
        int status = run(c, argc);
        c.flushAll();
        return status;
    }

    private static int run(Libc c, int argc) {
        String what = argc > 1 ? c.args()[1] : "";
        switch (what) {
            case "efault" -> {
                int r = c.write(1, 0xC0100000L, 16);
                if (r < 0) {
                    c.warn("write", r);
                }
                r = (int) UserCpu.syscall(5, 0x1000, 0, 0); // open((char *)0x1000, O_RDONLY)
                if (r < 0) {
                    c.warn("open", r);
                }
                return 1;
            }
            case "kernel" -> UserCpu.read32(0xC0100000L);
            case "null" -> UserCpu.write32(0, 1);
            default -> {
                c.warnx("usage: misbehave efault | kernel | null");
                return 64;
            }
        }
        return 0;
    }
}
