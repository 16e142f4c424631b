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

    /** /etc/group: the groups by number. */
    private static final int[] GIDS = {0, 2, 4, 5, 68, 1001};
    private static final String[] GROUPS = {"wheel", "kmem", "tty", "operator", "dialer", "user"};

    /** getgrgid(3)'s gr_name: the name of group {@code gid}, or null if /etc/group has none. */
    public static String groupName(int gid) {
        for (int i = 0; i < GIDS.length; i++) {
            if (GIDS[i] == gid) {
                return GROUPS[i];
            }
        }
        return null;
    }

    /** getgrnam(3)'s gr_gid: the number of the group named {@code name}, or -1. */
    public static int groupId(String name) {
        for (int i = 0; i < GROUPS.length; i++) {
            if (GROUPS[i].equals(name)) {
                return GIDS[i];
            }
        }
        return -1;
    }
}
