package org.kld86.userland;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.kld86.kernel.proc.Ucred;
import org.kld86.userland.libc.Setmode;

/** chmod(1), chown(8) and chgrp(1) over chmod(2) and chown(2): modes, rights, device nodes, trees, messages. */
class ChmodChownTest {

    private final Guest guest = new Guest();

    @AfterEach
    void tearDown() {
        guest.close();
    }

    /** The mode {@code mode} gives a file of mode {@code from} under umask 022. */
    private static int apply(String mode, int from) {
        Setmode s = Setmode.compile(mode, 022);
        assertNotNull(s, mode);
        return s.apply(from) & 07777;
    }

    @Test
    void setmodeFollowsChmod1() {
        assertEquals(0600, apply("600", 0100644));
        assertEquals(04755, apply("4755", 0100644));
        assertEquals(0744, apply("u+x", 0100644));
        assertEquals(0755, apply("+x", 0100644), "no who: a, less the umask (which keeps no x bit)");
        assertEquals(0755, apply("+w", 0100555), "no who: the umask keeps w from group and others");
        assertEquals(0444, apply("a-w", 0100666));
        assertEquals(0640, apply("go-r,g+r", 0100600));
        assertEquals(0660, apply("g=u", 0100640));
        assertEquals(0700, apply("go=", 0100755));
        assertEquals(0700, apply("u=rwx,go=", 0100644));
        assertEquals(0744, apply("u+x-w+w", 0100644), "several operations in one clause");
        assertEquals(0755, apply("a+X", 0040644), "X: a directory gets x");
        assertEquals(0644, apply("a+X", 0100644), "X: a file with no x bit does not");
        assertEquals(0755, apply("a+X", 0100744), "X: a file with one x bit gets them all");
        assertEquals(01755, apply("+t", 0040755));
        assertEquals(06755, apply("ug+s", 0100755));
        assertEquals(0755, apply("o+s", 0100755), "set-id bits for others alone are ignored");
        for (String bad : new String[] {"", "8", "17777", "u", "u+q", "x+", "u+x,", "+x,,"}) {
            assertNull(Setmode.compile(bad, 022), bad);
        }
    }

    @Test
    void chmodSetsTheModeLsShows() {
        Guest.Run r = guest.sh("touch /tmp/f; chmod 600 /tmp/f; ls -l /tmp/f; chmod u+x,g=u /tmp/f; ls -l /tmp/f;"
                + " chmod -v a-x /tmp/f; chmod -v a-x /tmp/f; chmod -vv 644 /tmp/f");
        assertEquals("""
                -rw-------  1 root  wheel  0 Jan  1 00:00 /tmp/f
                -rwxrwx---  1 root  wheel  0 Jan  1 00:00 /tmp/f
                /tmp/f
                /tmp/f: 0100660 [-rw-rw---- ] -> 0100644 [-rw-r--r-- ]
                """, r.out(), "the second a-x changes nothing and prints nothing");
        assertEquals(0, r.exitCode());
    }

    @Test
    void aModeThatLooksLikeAnOptionIsAMode() {
        Guest.Run r = guest.sh("touch /tmp/f; chmod -w /tmp/f; ls -l /tmp/f; chmod -R -r /tmp/f; ls -l /tmp/f");
        assertEquals("-r--r--r--  1 root  wheel  0 Jan  1 00:00 /tmp/f\n"
                + "----------  1 root  wheel  0 Jan  1 00:00 /tmp/f\n", r.out());
    }

    @Test
    void chmodRefusesWhatChmod2Refuses() {
        guest.sh("touch /tmp/rootfile; mkdir -m 777 /tmp/u");
        Guest.Run r = guest.runAs(Ucred.user(), "sh", "-c", "chmod 777 /tmp/rootfile; echo $?; touch /tmp/u/mine;"
                + " chmod +t /tmp/u/mine; chmod 2755 /tmp/u/mine; chmod -f 777 /tmp/rootfile; echo $?;"
                + " chmod 8 /tmp/u/mine; echo $?; chmod 644 /tmp/none");
        assertEquals("1\n0\n1\n", r.out());
        Guest.Run quiet = guest.runAs(Ucred.user(), "sh", "-c", "chmod -fv 777 /tmp/rootfile; echo $?");
        assertEquals("/tmp/rootfile\n0\n", quiet.out(), "as chmod.c: -f hides the error, -v still lists the file");
        assertEquals("", quiet.err());
        Guest.Run both = guest.sh("chmod -Rh 644 /tmp/rootfile");
        assertEquals("chmod: the -R and -h options may not be specified together.\n", both.err());
        assertEquals(1, both.exitCode());
        assertEquals("""
                chmod: /tmp/rootfile: Operation not permitted
                chmod: /tmp/u/mine: Inappropriate file type or format
                chmod: /tmp/u/mine: Operation not permitted
                chmod: invalid file mode: 8
                chmod: /tmp/none: No such file or directory
                """, r.err(), "not the owner; sticky on a file; setgid for a group the user is not in");
    }

    @Test
    void chmodGoesDownATree() {
        Guest.Run r = guest.sh("mkdir -p /tmp/t/a/b; touch /tmp/t/a/f /tmp/t/a/b/g; chmod -R go-rx /tmp/t;"
                + " ls -ld /tmp/t /tmp/t/a /tmp/t/a/f /tmp/t/a/b /tmp/t/a/b/g | cut -c1-10");
        assertEquals("drwx------\ndrwx------\ndrwx------\n-rw-------\n-rw-------\n", r.out());
    }

    @Test
    void aDeviceNodeCanBeOpenedUpAndGivenAway() {
        guest.sh("chmod 600 /dev/null");
        Guest.Run denied = guest.runAs(Ucred.user(), "sh", "-c", "echo x > /dev/null");
        assertTrue(denied.err().contains("/dev/null: Permission denied"), denied.err());
        guest.sh("chown user:operator /dev/null");
        Guest.Run mine = guest.runAs(Ucred.user(), "sh", "-c", "echo x > /dev/null; echo $?; ls -l /dev/null");
        assertTrue(mine.out().matches("0\ncrw-------  1 user  operator  0x[0-9a-f]+ Jan  1 00:00 /dev/null\n"),
                mine.out());
        Guest.Run any = guest.runAs(Ucred.user(), "sh", "-c", "chmod 3666 /dev/null; ls -l /dev/null | cut -c1-10");
        assertEquals("crw-rwSrwT\n", any.out(), "devfs_setattr takes any mode from the owner: no EFTYPE, no EPERM");
        assertEquals("", any.err());
    }

    @Test
    void chownIsForRootAndChgrpForTheOwnersGroups() {
        guest.sh("touch /tmp/f; mkdir -m 777 /tmp/u; chmod 4755 /tmp/f");
        Guest.Run root = guest.sh("chown -v user:operator /tmp/f; chown user /tmp/f; ls -l /tmp/f;"
                + " chgrp 0 /tmp/f; chown :5 /tmp/f; ls -l /tmp/f");
        assertEquals("""
                /tmp/f
                -rwsr-xr-x  1 user  operator  0 Jan  1 00:00 /tmp/f
                -rwsr-xr-x  1 user  operator  0 Jan  1 00:00 /tmp/f
                """, root.out(), "root keeps the set-user-ID bit");
        Guest.Run user = guest.runAs(Ucred.user(), "sh", "-c", "touch /tmp/u/g; chown root /tmp/u/g;"
                + " chgrp operator /tmp/u/g; chmod u+s /tmp/u/g; chgrp user /tmp/u/g; ls -l /tmp/u/g");
        assertEquals("""
                chown: /tmp/u/g: Operation not permitted
                chgrp: you are not a member of group operator
                """, user.err());
        assertEquals("-rw-r--r--  1 user  user  0 Jan  1 00:00 /tmp/u/g\n", user.out(),
                "the user's own change of group cleared the set-user-ID bit");
        Guest.Run bad = guest.sh("chown nobody /tmp/f; echo $?; chown root:nogroup /tmp/f; echo $?; chgrp x");
        assertEquals("1\n1\n", bad.out());
        assertEquals("""
                chown: nobody: illegal user name
                chown: nogroup: illegal group name
                usage: chgrp [-fhvx] [-R [-H | -L | -P]] group file ...
                """, bad.err());
    }

    @Test
    void chownChangesADirectoryAfterWhatItHolds() {
        Guest.Run r = guest.sh("mkdir -p /tmp/t/a; touch /tmp/t/a/f /tmp/t/g; chown -Rv user /tmp/t;"
                + " chmod -Rv 700 /tmp/t");
        assertEquals("""
                /tmp/t/a/f
                /tmp/t/a
                /tmp/t/g
                /tmp/t
                /tmp/t
                /tmp/t/a
                /tmp/t/a/f
                /tmp/t/g
                """, r.out(), "chown.c works at FTS_DP, chmod.c at FTS_D");
    }

    @Test
    void chownVvShowsTheOldAndNewOwnerAndTheRefusedGroupIsNamedAsGiven() {
        Guest.Run r = guest.sh("touch /tmp/f /tmp/g; mkdir -m 777 /tmp/u; chown -vv user:5 /tmp/f;"
                + " chgrp -vv operator /tmp/g; chown -vv :5 /tmp/f");
        assertEquals("/tmp/f: 0:0 -> 1001:5\n/tmp/g: 0 -> 5\n", r.out(), "print_info with vflag > 1");
        Guest.Run u = guest.runAs(Ucred.user(), "sh", "-c", "touch /tmp/u/h; chgrp 5 /tmp/u/h");
        assertEquals("chgrp: you are not a member of group 5\n", u.err(), "chownerr prints gname, the operand");
    }
}
