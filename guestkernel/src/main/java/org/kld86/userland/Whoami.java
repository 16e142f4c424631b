package org.kld86.userland;

import org.kld86.userland.libc.Getopt;
import org.kld86.userland.libc.Libc;
import org.kld86.userland.libc.Pwd;

/**
 * whoami(1): the effective user's name, as FreeBSD's usr.bin/id/id.c prints it when run as whoami (the same as
 * {@code id -un}); a uid with no passwd entry prints as its number. It takes no options and no operands: either is
 * {@code usage: whoami} with status 1.
 */
public final class Whoami {

    private Whoami() {
    }

    public static int main(int argc, long argv, long envp) {
        return Libc.start(argc, argv, envp, Whoami::run);
    }

    static int run(Libc c) {
        Getopt g = new Getopt(c, "");
        if (g.next() != -1 || g.rest().length > 0) {
            c.stderr().puts("usage: whoami\n");
            return 1;
        }
        int uid = c.getuid();
        Pwd.Passwd pw = Pwd.getpwuid(uid);
        c.stdout().puts((pw != null ? pw.name() : Integer.toUnsignedString(uid)) + "\n");
        return 0;
    }
}
