package org.kld86.userland.test;

import org.kld86.userland.libc.Libc;

/** A test program: {@code nap SEC NSEC} makes one nanosleep(2) and prints {@code nanosleep=RESULT}. */
public final class Nap {

    private Nap() {
    }

    public static int main(int argc, long argv, long envp) {
        Libc c = new Libc(argc, argv, envp);
        String[] a = c.args();
        long[] rem = new long[2];
        int r = c.nanosleep(Long.parseLong(a[1]), Long.parseLong(a[2]), rem);
        c.write(1, "nanosleep=" + r + "\n");
        return 0;
    }
}
