package org.kld86.userland.libc;

/** strerror(3)'s table, from libkern's, which the kernel's KPI shares. */
final class Strerror {

    private Strerror() {
    }

    static String of(int errno) {
        return org.kld86.libkern.Errnos.strerror(errno);
    }
}
