package org.kld86.kernel.vfs;

import static org.kld86.kpi.Errno.EACCES;
import static org.kld86.kpi.Errno.EPERM;

import org.kld86.kernel.proc.Ucred;

/**
 * vaccess(9): the classic UNIX permission check of a file's mode, owner and group against a credential
 * (FreeBSD's vfs_subr.c vaccess()). The owner's bits apply to the owner, else the group's bits to a member of
 * the file's group, else the others' bits; the first class that matches decides, even if a later one would
 * grant more. What the bits refuse, the superuser may still have: read and write always, search of a
 * directory always, but execution of a file only if at least one execute bit is set.
 *
 * <pre>
 *   mode bits   04000 setuid  02000 setgid  01000 sticky
 *               0400 0200 0100 owner r w x   040 020 010 group r w x   04 02 01 others r w x
 *   accmode     VEXEC 0100  VWRITE 0200  VREAD 0400  VADMIN 010000  VAPPEND 040000
 * </pre>
 */
public final class Vaccess {

    public static final int VEXEC = 0100;
    public static final int VWRITE = 0200;
    public static final int VREAD = 0400;
    public static final int VADMIN = 010000;
    public static final int VAPPEND = 040000;

    public static final int S_ISUID = 04000;
    public static final int S_ISGID = 02000;
    public static final int S_ISTXT = 01000;
    public static final int S_IXUSR = 0100;
    public static final int S_IXGRP = 0010;
    public static final int S_IXOTH = 0001;

    private Vaccess() {
    }

    /**
     * @param type     the file's type (directories are searched, not executed)
     * @param fileMode the permission bits
     * @param accmode  what is asked: an or of {@link #VREAD}, {@link #VWRITE}, {@link #VEXEC}, {@link #VADMIN},
     *                 {@link #VAPPEND}
     * @return 0, EACCES, or EPERM when {@link #VADMIN} was asked and refused
     */
    public static int vaccess(VType type, int fileMode, int fileUid, int fileGid, int accmode, Ucred cred) {
        int dacGranted = 0;
        if (cred.uid() == fileUid) {
            dacGranted |= VADMIN;
            if ((fileMode & 0100) != 0) {
                dacGranted |= VEXEC;
            }
            if ((fileMode & 0400) != 0) {
                dacGranted |= VREAD;
            }
            if ((fileMode & 0200) != 0) {
                dacGranted |= VWRITE | VAPPEND;
            }
        } else if (cred.inGroup(fileGid)) {
            if ((fileMode & 0010) != 0) {
                dacGranted |= VEXEC;
            }
            if ((fileMode & 0040) != 0) {
                dacGranted |= VREAD;
            }
            if ((fileMode & 0020) != 0) {
                dacGranted |= VWRITE | VAPPEND;
            }
        } else {
            if ((fileMode & 0001) != 0) {
                dacGranted |= VEXEC;
            }
            if ((fileMode & 0004) != 0) {
                dacGranted |= VREAD;
            }
            if ((fileMode & 0002) != 0) {
                dacGranted |= VWRITE | VAPPEND;
            }
        }
        if ((accmode & dacGranted) == accmode) {
            return 0;
        }
        // privcheck: what the superuser's privileges add to the discretionary grant.
        int privGranted = 0;
        if (cred.privileged()) {
            if ((accmode & VEXEC) != 0 && (dacGranted & VEXEC) == 0
                    && (type == VType.VDIR || (fileMode & (S_IXUSR | S_IXGRP | S_IXOTH)) != 0)) {
                privGranted |= VEXEC;
            }
            if ((accmode & VREAD) != 0 && (dacGranted & VREAD) == 0) {
                privGranted |= VREAD;
            }
            if ((accmode & VWRITE) != 0 && (dacGranted & VWRITE) == 0) {
                privGranted |= VWRITE | VAPPEND;
            }
            if ((accmode & VADMIN) != 0 && (dacGranted & VADMIN) == 0) {
                privGranted |= VADMIN;
            }
        }
        if ((accmode & (privGranted | dacGranted)) == accmode) {
            return 0;
        }
        return (accmode & VADMIN) != 0 ? EPERM : EACCES;
    }

    /** VOP_ACCESS of {@code vp}: {@link #vaccess} with the vnode's own attributes. */
    public static int access(Vnode vp, int accmode, Ucred cred) {
        return vaccess(vp.type(), vp.mode(), vp.uid(), vp.gid(), accmode, cred);
    }
}
