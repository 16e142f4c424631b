package org.kld86.userland;

import org.kld86.userland.libc.Libc;
import org.kld86.userland.libc.Stat;

/**
 * The question rm(1) and mv(1) ask before they take away a file the user cannot write, when standard input is a
 * terminal (rm.c's check(), mv.c's do_move()): {@code override rw-r--r-- root/wheel for f? }, then one line of
 * answer, of which a first character y or Y is yes.
 *
 * <p>FreeBSD asks access(2) whether the file is writable; this kernel has no access(2), so the answer comes from
 * the file's mode and the caller's real user and group, as vaccess() would give it: root may write anything, an
 * owner by the owner's w bit, a member of the file's group by the group's, anyone else by the others'. Files on
 * read-only mounts, which access(2) would call unwritable for root too, are not told apart.
 */
final class Confirm {

    private Confirm() {
    }

    /** access(path, W_OK) == 0, from {@code sb}. */
    static boolean writable(Libc c, Stat sb) {
        int uid = c.getuid();
        if (uid == 0) {
            return true;
        }
        if (uid == sb.uid) {
            return (sb.mode & 0200) != 0;
        }
        if (c.getgid() == sb.gid) {
            return (sb.mode & 0020) != 0;
        }
        return (sb.mode & 0002) != 0;
    }

    /** "rw-r--r-- root/wheel": strmode(3) less its type character, then the owner and group names. */
    static String describe(Stat sb) {
        return Ls.strmode(sb.mode).substring(1) + Ls.user(sb.uid) + "/" + Ls.group(sb.gid);
    }

    /** Prints {@code question} on standard error and reads the answer line: whether it starts with y or Y. */
    static boolean ask(Libc c, String question) {
        c.stdout().flush();
        c.stderr().puts(question);
        c.stderr().flush();
        String answer = c.stdin().readLine();
        return answer != null && !answer.isEmpty() && (answer.charAt(0) == 'y' || answer.charAt(0) == 'Y');
    }
}
