package org.kld86.userland.libc;

/**
 * getpwuid(3), getpwnam(3) and getgrgid(3) over this system's fixed password and group files: the users are root
 * (0, group wheel 0, home /root) and user (1001, group user 1001, home /home/user), as the kernel's credentials
 * know them, and the groups are FreeBSD's /etc/group entries that device nodes use, plus user.
 */
public final class Pwd {

    /** One passwd entry (struct passwd, as far as the tools need it). */
    public record Passwd(String name, int uid, int gid, String dir) {
    }

    private static final Passwd[] USERS = {
        new Passwd("root", 0, 0, "/root"), new Passwd("user", 1001, 1001, "/home/user"),
    };

    private Pwd() {
    }

    /** getpwuid(3): the entry of {@code uid}, or null. */
    public static Passwd getpwuid(int uid) {
        for (Passwd p : USERS) {
            if (p.uid() == uid) {
                return p;
            }
        }
        return null;
    }

    /** getpwnam(3): the entry named {@code name}, or null. */
    public static Passwd getpwnam(String name) {
        for (Passwd p : USERS) {
            if (p.name().equals(name)) {
                return p;
            }
        }
        return null;
    }

    /** getgrgid(3)'s gr_name: the name of group {@code gid}, or null if /etc/group has none. */
    public static String groupName(int gid) {
        return switch (gid) {
            case 0 -> "wheel";
            case 2 -> "kmem";
            case 4 -> "tty";
            case 5 -> "operator";
            case 68 -> "dialer";
            case 1001 -> "user";
            default -> null;
        };
    }
}
