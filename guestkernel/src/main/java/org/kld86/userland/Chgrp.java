package org.kld86.userland;

import org.kld86.userland.libc.Libc;

/** chgrp(1): chown(8) of the group alone (FreeBSD builds both from chown.c); see {@link Chown}. */
public final class Chgrp {

    private Chgrp() {
    }

    public static int main(int argc, long argv, long envp) {
        return Libc.start(argc, argv, envp, c -> Chown.run(c, true));
    }
}
