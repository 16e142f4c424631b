package org.kld86.userland;

import org.kld86.libkern.Errnos;
import org.kld86.userland.libc.Fts;
import org.kld86.userland.libc.Getopt;
import org.kld86.userland.libc.Libc;
import org.kld86.userland.libc.Pwd;

/**
 * chown(8) and chgrp(1) (FreeBSD's usr.sbin/chown/chown.c): give each file a new owner and/or group, by name or
 * number ({@code chown user:wheel f}, {@code chown :operator f}, {@code chgrp 5 f}); -R goes down directory
 * trees, changing a directory after what is in it. A file that already has them is left alone. Only root may give a file away; anyone may give a file they
 * own to a group they are in, and the kernel then clears its set-id bits. Messages: {@code chown: x: illegal user
 * name}, {@code chown: x: illegal group name} (status 1, nothing done); for a refused group change by someone
 * other than root, {@code chown: you are not a member of group wheel} (chownerr's check, since the kernel only
 * says EPERM; the group as the operand named it); otherwise {@code chown: f: Operation not permitted}. -v prints
 * each file changed, -vv also its old and new owner and group ({@code f: 0:0 -> 1001:5}; chgrp: {@code f: 0 -> 5});
 * -f keeps quiet.
 * -h, -x, -H, -L and -P are accepted; there are no symbolic links or other file systems to stay on.
 */
public final class Chown {

    private Chown() {
    }

    public static int main(int argc, long argv, long envp) {
        return Libc.start(argc, argv, envp, c -> run(c, false));
    }

    /** The body of chown, and of chgrp when {@code chgrp}. */
    static int run(Libc c, boolean chgrp) {
        Getopt g = new Getopt(c, "HLPRfhvx");
        boolean recurse = false;
        boolean quiet = false;
        int verbose = 0;
        for (int ch; (ch = g.next()) != -1; ) {
            switch (ch) {
                case 'R' -> recurse = true;
                case 'f' -> quiet = true;
                case 'v' -> verbose++;
                case 'H', 'L', 'P', 'h', 'x' -> { }
                default -> {
                    return usage(c, chgrp);
                }
            }
        }
        String[] rest = g.rest();
        if (rest.length < 2) {
            return usage(c, chgrp);
        }
        int uid = -1;
        int gid = -1;
        String spec = rest[0];
        String gname = chgrp ? spec : null;
        if (chgrp) {
            gid = groupId(c, spec);
        } else {
            int colon = spec.indexOf(':');
            if (colon >= 0) {
                gname = spec.substring(colon + 1);
                gid = !gname.isEmpty() ? groupId(c, gname) : -1;
                spec = spec.substring(0, colon);
            }
            if (!spec.isEmpty()) {
                uid = userId(c, spec);
            }
        }
        if (uid == -2 || gid == -2) {
            return 1;
        }
        String[] files = java.util.Arrays.copyOfRange(rest, 1, rest.length);
        int newUid = uid;
        int newGid = gid;
        boolean silent = quiet;
        int loud = verbose;
        String group = gname;
        int[] failed = {0};
        // chown.c changes a directory at FTS_DP, after what it holds.
        int status = Fts.walk(c, files, recurse, true, (path, st) -> {
            if ((newUid == -1 || newUid == st.uid) && (newGid == -1 || newGid == st.gid)) {
                return;
            }
            int r = c.chown(path, newUid, newGid);
            if (r < 0) {
                if (!silent) {
                    c.stdout().flush();
                    chownerr(c, path, r, newUid, newGid, group);
                    failed[0] = 1;
                }
                return;
            }
            if (loud > 0) {
                c.puts(path);
                if (loud > 1) {
                    int u = newUid == -1 ? st.uid : newUid;
                    int gr = newGid == -1 ? st.gid : newGid;
                    c.puts(chgrp ? ": " + Integer.toUnsignedString(st.gid) + " -> " + Integer.toUnsignedString(gr)
                            : ": " + Integer.toUnsignedString(st.uid) + ":" + Integer.toUnsignedString(st.gid)
                                    + " -> " + Integer.toUnsignedString(u) + ":" + Integer.toUnsignedString(gr));
                }
                c.puts("\n");
            }
        });
        return status | failed[0];
    }

    /**
     * chownerr(): names the group, as the operand gave it (gname), when someone other than root asks for one they
     * are not in.
     */
    private static void chownerr(Libc c, String path, int r, int uid, int gid, String gname) {
        if (r == -Errnos.EPERM && uid == -1 && gid != -1 && c.getuid() != 0 && c.getgid() != gid) {
            c.warnx("you are not a member of group " + gname);
            return;
        }
        c.warn(path, r);
    }

    /** a_uid(): a user name, or a number; -2 after "illegal user name". */
    private static int userId(Libc c, String s) {
        Pwd.Passwd pw = Pwd.getpwnam(s);
        if (pw != null) {
            return pw.uid();
        }
        int n = number(s);
        if (n < 0) {
            c.stdout().flush();
            c.warnx(s + ": illegal user name");
            return -2;
        }
        return n;
    }

    /** a_gid(): a group name, or a number; -2 after "illegal group name". */
    private static int groupId(Libc c, String s) {
        int gid = Pwd.groupId(s);
        if (gid >= 0) {
            return gid;
        }
        int n = number(s);
        if (n < 0) {
            c.stdout().flush();
            c.warnx(s + ": illegal group name");
            return -2;
        }
        return n;
    }

    private static int number(String s) {
        if (s.isEmpty() || s.length() > 9) {
            return -1;
        }
        for (int i = 0; i < s.length(); i++) {
            if (!Character.isDigit(s.charAt(i))) {
                return -1;
            }
        }
        return Integer.parseInt(s);
    }

    private static int usage(Libc c, boolean chgrp) {
        c.stderr().puts(chgrp ? "usage: chgrp [-fhvx] [-R [-H | -L | -P]] group file ...\n"
                : "usage: chown [-fhvx] [-R [-H | -L | -P]] owner[:group] file ...\n"
                        + "       chown [-fhvx] [-R [-H | -L | -P]] :group file ...\n");
        return 1;
    }
}
