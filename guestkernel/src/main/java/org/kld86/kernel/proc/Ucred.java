package org.kld86.kernel.proc;

/**
 * A process's credentials (struct ucred): effective user and group, and the supplementary groups. The kernel
 * has two users: root (0, group wheel 0) and an unprivileged user (1001, group 1001), so permission checks can
 * be tried both ways.
 */
public record Ucred(int uid, int gid, int[] groups) {

    public static final int UID_ROOT = 0;
    public static final int GID_WHEEL = 0;
    public static final int UID_USER = 1001;
    public static final int GID_USER = 1001;

    public static Ucred root() {
        return new Ucred(UID_ROOT, GID_WHEEL, new int[] {GID_WHEEL});
    }

    public static Ucred user() {
        return new Ucred(UID_USER, GID_USER, new int[] {GID_USER});
    }

    /** Whether the credential is the superuser's (priv_check passes). */
    public boolean privileged() {
        return uid == UID_ROOT;
    }

    public boolean inGroup(int g) {
        if (gid == g) {
            return true;
        }
        for (int x : groups) {
            if (x == g) {
                return true;
            }
        }
        return false;
    }

    /** The user name getpwuid would give. */
    public static String userName(int uid) {
        return switch (uid) {
            case UID_ROOT -> "root";
            case UID_USER -> "user";
            default -> Integer.toString(uid);
        };
    }

    /** The group name getgrgid would give. */
    public static String groupName(int gid) {
        return switch (gid) {
            case GID_WHEEL -> "wheel";
            case GID_USER -> "user";
            default -> Integer.toString(gid);
        };
    }
}
