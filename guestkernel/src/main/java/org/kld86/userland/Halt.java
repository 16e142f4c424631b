package org.kld86.userland;

import org.kld86.userland.libc.Libc;

/**
 * halt(8): stops the machine with reboot(RB_HALT). The kernel sends MOD_SHUTDOWN to the modules and prints "The
 * operating system has halted."; the process does not come back. Not root: FreeBSD's reboot.c says
 * err(1, NULL) with EPERM, "halt: Operation not permitted".
 */
public final class Halt {

    static final int RB_HALT = 0x8;

    private Halt() {
    }

    public static int main(int argc, long argv, long envp) {
        Libc c = new Libc(argc, argv, envp);
        if (c.getuid() != 0) {
            c.stderr().puts(c.progname() + ": " + Libc.strerror(org.kld86.libkern.Errnos.EPERM) + "\n");
            return 1;
        }
        c.flushAll();
        int r = c.reboot(RB_HALT);
        c.stderr().puts(c.progname() + ": reboot: " + Libc.strerror(r) + "\n");
        return 1;
    }
}
