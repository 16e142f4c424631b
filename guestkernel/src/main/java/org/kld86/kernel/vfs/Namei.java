package org.kld86.kernel.vfs;

import static org.kld86.kpi.Errno.ENAMETOOLONG;
import static org.kld86.kpi.Errno.ENOENT;
import static org.kld86.kpi.Errno.ENOTDIR;
import static org.kld86.kpi.Errno.EISDIR;
import static org.kld86.kpi.Errno.EROFS;

import org.kld86.kernel.proc.Ucred;

/**
 * namei(9): a path to a vnode, one component at a time (FreeBSD's vfs_lookup.c).
 *
 * <p>An absolute path starts at the root, a relative one at the given directory (the process's current
 * directory, or the directory of a *at() call's descriptor). Repeated slashes count as one. "." stays, ".."
 * climbs to the holding directory, from the root of a mounted file system to the directory it covers and on,
 * and from the root of everything nowhere. Each directory searched must grant the caller search (execute)
 * permission. A directory with a file system mounted on it stands for that file system's root.
 *
 * <p>Errors, as FreeBSD gives them: an empty path is ENOENT; a path of {@link #MAXPATHLEN} bytes or more, or a
 * component longer than {@link #NAME_MAX}, is ENAMETOOLONG; a component under something that is not a
 * directory, or a trailing slash after one, is ENOTDIR; a missing directory on the way is ENOENT; a refused
 * search is EACCES. A CREATE of a missing last component, or a DELETE of a present one, on a read-only mount is
 * EROFS; a CREATE or DELETE of "/" itself is EISDIR.
 */
public final class Namei {

    /** MAXPATHLEN (sys/param.h), counting the NUL. */
    public static final int MAXPATHLEN = 1024;
    /** NAME_MAX (sys/syslimits.h). */
    public static final int NAME_MAX = 255;

    /** What the caller means to do with the last component (cn_nameiop). */
    public enum Op { LOOKUP, CREATE, DELETE }

    /**
     * The outcome: the errno (0 on success), the directory holding the last component, the vnode it names (null
     * when a CREATE finds nothing), the last component itself ("" for "/") and whether the path ended in "/".
     */
    public record Result(int errno, Vnode dvp, Vnode vp, String last, boolean trailingSlash) {
        static Result error(int errno) {
            return new Result(errno, null, null, null, false);
        }

        public boolean ok() {
            return errno == 0;
        }
    }

    private Namei() {
    }

    /**
     * Looks {@code path} up for {@code cred}.
     *
     * @param root  the root of the file system tree
     * @param start where a relative path starts
     */
    public static Result lookup(Vnode root, Vnode start, Ucred cred, String path, Op op) {
        if (path.isEmpty()) {
            return Result.error(ENOENT);
        }
        if (path.length() >= MAXPATHLEN) {
            return Result.error(ENAMETOOLONG);
        }
        Vnode dp = path.charAt(0) == '/' ? root : start;
        dp = covering(dp);
        String[] parts = path.split("/+");
        int first = parts.length > 0 && parts[0].isEmpty() ? 1 : 0;
        int n = parts.length - first;
        boolean trailingSlash = path.endsWith("/");
        if (n == 0) {
            // "/" (or "///"): the starting directory itself
            if (op != Op.LOOKUP) {
                return Result.error(EISDIR);
            }
            return new Result(0, dp, dp, "", true);
        }
        for (int i = 0; i < n; i++) {
            String name = parts[first + i];
            boolean last = i == n - 1;
            if (dp.type() != VType.VDIR) {
                return Result.error(ENOTDIR);
            }
            if (name.length() > NAME_MAX) {
                return Result.error(ENAMETOOLONG);
            }
            int error = Vaccess.access(dp, Vaccess.VEXEC, cred);
            if (error != 0) {
                return Result.error(error);
            }
            Vnode next;
            if (name.equals(".")) {
                next = dp;
            } else if (name.equals("..")) {
                next = dotdot(root, dp);
            } else {
                next = dp.lookup(name);
                if (next != null) {
                    next = covering(next);
                }
            }
            if (!last) {
                if (next == null) {
                    return Result.error(ENOENT);
                }
                dp = next;
                continue;
            }
            if (next == null) {
                if (op != Op.CREATE) {
                    return Result.error(ENOENT);
                }
                if (dp.mount().readOnly()) {
                    return Result.error(EROFS);
                }
                return new Result(0, dp, null, name, trailingSlash);
            }
            if (trailingSlash && next.type() != VType.VDIR) {
                return Result.error(ENOTDIR);
            }
            if (op == Op.DELETE && next.mount().readOnly()) {
                return Result.error(EROFS);
            }
            return new Result(0, dp, next, name, trailingSlash);
        }
        throw new IllegalStateException("namei: fell off the path");
    }

    /** The vnode a lookup lands on: the root of what is mounted on {@code vp}, repeatedly. */
    static Vnode covering(Vnode vp) {
        while (vp.mountedHere() != null) {
            vp = vp.mountedHere().root();
        }
        return vp;
    }

    /** "..": the root stays; a mount's root climbs through the directory it covers. */
    static Vnode dotdot(Vnode root, Vnode dp) {
        while (dp != root && dp.isRoot() && dp.mount().covered() != null) {
            dp = dp.mount().covered();
        }
        if (dp == root || dp.parent() == null) {
            return dp;
        }
        return covering(dp.parent());
    }

    /** vn_fullpath(): the absolute path of {@code vp} from {@code root}, following the tree upwards. */
    public static String fullpath(Vnode root, Vnode vp) {
        StringBuilder sb = new StringBuilder();
        Vnode v = vp;
        while (v != root) {
            if (v.isRoot() && v.mount().covered() != null) {
                v = v.mount().covered();
                continue;
            }
            if (v.parent() == null) {
                break;
            }
            sb.insert(0, "/" + v.name());
            v = v.parent();
        }
        return sb.length() == 0 ? "/" : sb.toString();
    }
}
