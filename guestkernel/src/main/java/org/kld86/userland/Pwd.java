package org.kld86.userland;

import org.kld86.userland.libc.Getopt;
import org.kld86.userland.libc.Libc;
import org.kld86.userland.libc.Stat;

/**
 * pwd(1) as a program (FreeBSD's bin/pwd/pwd.c, man page pwd.1); sh has its own builtin pwd, so this one runs
 * as {@code /bin/pwd}. It prints the current directory from getcwd(3), which -P asks for and is the default.
 * With -L it prints $PWD instead when that is an absolute path naming the same directory as "." (the same
 * device and inode: getcwd_logical() in pwd.c), and falls back to getcwd otherwise. If the current directory
 * is gone the message is {@code pwd: .: No such file or directory} and the status 1; any operand or a bad option
 * prints the usage and exits 1.
 */
public final class Pwd {

    private Pwd() {
    }

    public static int main(int argc, long argv, long envp) {
        return Libc.start(argc, argv, envp, Pwd::run);
    }

    static int run(Libc c) {
        Getopt g = new Getopt(c, "LP");
        boolean physical = true;
        for (int ch; (ch = g.next()) != -1; ) {
            switch (ch) {
                case 'L' -> physical = false;
                case 'P' -> physical = true;
                default -> {
                    return usage(c);
                }
            }
        }
        if (g.rest().length != 0) {
            return usage(c);
        }
        String p = physical ? null : logical(c);
        if (p == null) {
            p = c.getcwd();
        }
        if (p == null) {
            Stat sb = new Stat();
            int r = c.stat(".", sb);
            c.err(1, ".", r < 0 ? r : -org.kld86.libkern.Errnos.ENOENT);
            return 1;
        }
        c.stdout().puts(p + "\n");
        return 0;
    }

    private static int usage(Libc c) {
        c.stderr().puts("usage: pwd [-L | -P]\n");
        return 1;
    }

    /** getcwd_logical(): $PWD if it is absolute and names the current directory. */
    private static String logical(Libc c) {
        String pwd = c.getenv("PWD");
        if (pwd == null || !pwd.startsWith("/")) {
            return null;
        }
        Stat lg = new Stat();
        Stat phy = new Stat();
        if (c.stat(pwd, lg) < 0 || c.stat(".", phy) < 0) {
            return null;
        }
        return lg.dev == phy.dev && lg.ino == phy.ino ? pwd : null;
    }
}
