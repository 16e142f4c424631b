package org.kld86.userland;

import org.kld86.userland.libc.Getopt;
import org.kld86.userland.libc.Libc;
import org.kld86.userland.libc.Pwd;

/**
 * id(1): user and group identities, as FreeBSD's usr.bin/id/id.c prints them (id(1) manual page).
 *
 * <pre>
 * usage: id [user]
 *        id -G [-n] [user]
 *        id -g [-nr] [user]
 *        id -u [-nr] [user]
 * </pre>
 * With no option: {@code uid=0(root) gid=0(wheel) groups=0(wheel)}, each id followed by its name when the passwd
 * or group file has one. -u, -g and -G print only the user id, the group id or the group list (space-separated),
 * -n their names instead. A user operand is a name or a number from the passwd file; any other is
 * {@code id: NAME: no such user}, status 1. This kernel's credentials have one id for real and effective, and
 * their supplementary groups are the primary group, so -r changes nothing and the group list is the gid.
 */
public final class Id {

    private Id() {
    }

    public static int main(int argc, long argv, long envp) {
        return Libc.start(argc, argv, envp, Id::run);
    }

    static int run(Libc c) {
        Getopt g = new Getopt(c, "Ggnru");
        boolean bigG = false;
        boolean gflag = false;
        boolean nflag = false;
        boolean uflag = false;
        for (int ch; (ch = g.next()) != -1; ) {
            switch (ch) {
                case 'G' -> bigG = true;
                case 'g' -> gflag = true;
                case 'n' -> nflag = true;
                case 'r' -> {
                    // real and effective ids are one here
                }
                case 'u' -> uflag = true;
                default -> {
                    return usage(c);
                }
            }
        }
        String[] rest = g.rest();
        if ((bigG ? 1 : 0) + (gflag ? 1 : 0) + (uflag ? 1 : 0) > 1 || rest.length > 1) {
            return usage(c);
        }
        Pwd.Passwd pw = null;
        if (rest.length == 1) {
            pw = who(rest[0]);
            if (pw == null) {
                c.errx(1, rest[0] + ": no such user");
                return 1;
            }
        }
        int uid = pw != null ? pw.uid() : c.getuid();
        int gid = pw != null ? pw.gid() : c.getgid();
        if (gflag) {
            String name = Pwd.groupName(gid);
            c.stdout().puts((nflag && name != null ? name : Integer.toUnsignedString(gid)) + "\n");
            return 0;
        }
        if (uflag) {
            Pwd.Passwd u = Pwd.getpwuid(uid);
            c.stdout().puts((nflag && u != null ? u.name() : Integer.toUnsignedString(uid)) + "\n");
            return 0;
        }
        if (bigG) {
            String name = Pwd.groupName(gid);
            c.stdout().puts((nflag && name != null ? name : Integer.toUnsignedString(gid)) + "\n");
            return 0;
        }
        Pwd.Passwd u = Pwd.getpwuid(uid);
        String group = Pwd.groupName(gid);
        String gid1 = Integer.toUnsignedString(gid) + (group != null ? "(" + group + ")" : "");
        c.stdout().puts("uid=" + Integer.toUnsignedString(uid) + (u != null ? "(" + u.name() + ")" : "") + " gid="
                + gid1 + " groups=" + gid1 + "\n");
        return 0;
    }

    /** who(): a user by name, or by number if it is all digits and has an entry. */
    private static Pwd.Passwd who(String u) {
        Pwd.Passwd pw = Pwd.getpwnam(u);
        if (pw != null) {
            return pw;
        }
        if (u.isEmpty() || u.length() > 9) {
            return null;
        }
        for (int i = 0; i < u.length(); i++) {
            if (u.charAt(i) < '0' || u.charAt(i) > '9') {
                return null;
            }
        }
        return Pwd.getpwuid(Integer.parseInt(u));
    }

    private static int usage(Libc c) {
        c.stderr().puts("usage: id [user]\n       id -G [-n] [user]\n       id -g [-nr] [user]\n"
                + "       id -u [-nr] [user]\n");
        return 1;
    }
}
