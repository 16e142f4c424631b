package org.kld86.kernel.vfs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.kld86.kernel.vfs.Vaccess.*;
import static org.kld86.kpi.Errno.EACCES;
import static org.kld86.kpi.Errno.EPERM;

import org.junit.jupiter.api.Test;
import org.kld86.kernel.proc.Ucred;

/** vaccess(9)'s classes and the superuser's privileges, as vfs_subr.c decides them. */
class VaccessTest {

    private static final Ucred ROOT = Ucred.root();
    private static final Ucred USER = Ucred.user();
    private static final Ucred OTHER = new Ucred(1002, 1002, new int[] {1002});
    private static final Ucred MEMBER = new Ucred(1003, 1003, new int[] {1003, 1001});

    @Test
    void theOwnerClassDecidesForTheOwnerEvenWhenOthersMayDoMore() {
        assertEquals(EACCES, vaccess(VType.VREG, 0077, 1001, 1001, VREAD, USER));
        assertEquals(0, vaccess(VType.VREG, 0077, 1001, 1001, VREAD, OTHER));
        assertEquals(0, vaccess(VType.VREG, 0600, 1001, 1001, VREAD | VWRITE, USER));
        assertEquals(EACCES, vaccess(VType.VREG, 0400, 1001, 1001, VWRITE, USER));
    }

    @Test
    void theGroupClassIsAnyGroupOfTheCredential() {
        assertEquals(0, vaccess(VType.VREG, 0040, 0, 1001, VREAD, MEMBER), "1001 is a supplementary group");
        assertEquals(EACCES, vaccess(VType.VREG, 0040, 0, 1001, VWRITE, MEMBER));
        assertEquals(EACCES, vaccess(VType.VREG, 0047, 0, 1001, VWRITE, MEMBER), "others' write bit is not the group's");
        assertEquals(EACCES, vaccess(VType.VREG, 0040, 0, 1001, VREAD, OTHER));
    }

    @Test
    void othersGetTheLastThreeBits() {
        assertEquals(0, vaccess(VType.VREG, 0004, 0, 0, VREAD, USER));
        assertEquals(0, vaccess(VType.VREG, 0006, 0, 0, VREAD | VWRITE | VAPPEND, USER));
        assertEquals(EACCES, vaccess(VType.VREG, 0004, 0, 0, VREAD | VWRITE, USER));
        assertEquals(EACCES, vaccess(VType.VDIR, 0776, 0, 0, VEXEC, USER));
    }

    @Test
    void rootReadsAndWritesAnythingButExecutesOnlyWhatHasAnExecuteBit() {
        assertEquals(0, vaccess(VType.VREG, 0000, 1001, 1001, VREAD | VWRITE, ROOT));
        assertEquals(EACCES, vaccess(VType.VREG, 0644, 1001, 1001, VEXEC, ROOT));
        assertEquals(0, vaccess(VType.VREG, 0001, 1001, 1001, VEXEC, ROOT), "any execute bit will do");
        assertEquals(0, vaccess(VType.VDIR, 0000, 1001, 1001, VEXEC, ROOT), "a directory is always searchable");
    }

    @Test
    void adminIsTheOwnersOrRootsAndItsRefusalIsEperm() {
        assertEquals(0, vaccess(VType.VREG, 0000, 1001, 1001, VADMIN, USER));
        assertEquals(EPERM, vaccess(VType.VREG, 0777, 1001, 1001, VADMIN, OTHER));
        assertEquals(EPERM, vaccess(VType.VREG, 0777, 1001, 1001, VADMIN | VREAD, OTHER));
        assertEquals(0, vaccess(VType.VREG, 0000, 1001, 1001, VADMIN, ROOT));
    }
}
