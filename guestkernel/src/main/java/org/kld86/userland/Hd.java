package org.kld86.userland;

import org.kld86.userland.libc.Libc;

/** hd(1): FreeBSD's name for hexdump -C. */
public final class Hd {

    private Hd() {
    }

    public static int main(int argc, long argv, long envp) {
        return Libc.start(argc, argv, envp, c -> Hexdump.run(c, true));
    }
}
