package org.kld86.userland;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.kld86.kernel.proc.Ucred;

/**
 * touch(1): making files, setting times to now or to -t/-d/-r's, -a/-m/-c, and touch.c's messages. Times are
 * checked as the kernel keeps them, seconds since boot, with boot at 2026-01-01 00:00:00 UTC as ls shows it.
 */
class TouchTest {

    /** 2026-01-02 10:30:15 UTC, in seconds since boot. */
    private static final long JAN2 = 86400 + 10 * 3600 + 30 * 60 + 15;

    private final Guest g = new Guest();

    @AfterEach
    void tearDown() {
        g.close();
    }

    @Test
    void makesAMissingFileAndLeavesAnExistingOnesData() {
        g.files.put("/tmp/old", "data\n");
        Guest.Run r = g.run("touch", "/tmp/new", "/tmp/old");
        assertEquals("", r.all());
        assertEquals(0, r.status());
        assertEquals("", g.files.get("/tmp/new"));
        assertEquals(0100644, g.files.stat("/tmp/new").mode, "DEFFILEMODE less the umask 022");
        assertEquals("data\n", g.files.get("/tmp/old"));
    }

    @Test
    void tSetsBothTimesAndAPlainTouchBringsThemToNow() {
        g.files.put("/tmp/f", "f");
        assertEquals(0, g.run("touch", "-t", "202601021030.15", "/tmp/f").status());
        assertEquals(JAN2, g.files.stat("/tmp/f").mtime);
        assertEquals(JAN2, g.files.stat("/tmp/f").atime);
        assertEquals(0, g.run("touch", "/tmp/f").status());
        assertTrue(g.files.stat("/tmp/f").mtime < 60, "now is moments after boot: " + g.files.stat("/tmp/f").mtime);
        assertTrue(g.files.stat("/tmp/f").atime < 60);
    }

    @Test
    void theShortTFormsTakeThisYearAndTheCentury() {
        g.files.put("/tmp/f", "f");
        g.run("touch", "-t", "01021030", "/tmp/f");
        assertEquals(JAN2 - 15, g.files.stat("/tmp/f").mtime, "MMDDhhmm: this year, 2026");
        g.run("touch", "-t", "2601021030.15", "/tmp/f");
        assertEquals(JAN2, g.files.stat("/tmp/f").mtime, "YY below 69 is 20YY");
        g.run("touch", "-t", "202512311200", "/tmp/f");
        assertEquals(-12 * 3600, g.files.stat("/tmp/f").mtime, "before boot");
        g.run("touch", "-t", "202613011200", "/tmp/f");
        assertEquals(365 * 86400 + 12 * 3600, g.files.stat("/tmp/f").mtime, "month 13 is next January, as mktime has it");
    }

    @Test
    void aAndMSetOneTime() {
        g.files.put("/tmp/f", "f");
        g.run("touch", "-t", "202601021030.15", "/tmp/f");
        g.run("touch", "-m", "-t", "202601010001", "/tmp/f");
        assertEquals(60, g.files.stat("/tmp/f").mtime);
        assertEquals(JAN2, g.files.stat("/tmp/f").atime);
        g.run("touch", "-a", "-t", "202601010002", "/tmp/f");
        assertEquals(120, g.files.stat("/tmp/f").atime);
        assertEquals(60, g.files.stat("/tmp/f").mtime);
    }

    @Test
    void rCopiesAnotherFilesTimesAndDTakesAnIsoDate() {
        g.files.put("/tmp/ref", "r");
        g.files.put("/tmp/f", "f");
        g.run("touch", "-t", "202601021030.15", "/tmp/ref");
        assertEquals(0, g.run("touch", "-r", "/tmp/ref", "/tmp/f").status());
        assertEquals(JAN2, g.files.stat("/tmp/f").mtime);
        assertEquals(0, g.run("touch", "-d", "2026-01-01T00:01:30.5Z", "/tmp/f").status());
        assertEquals(90, g.files.stat("/tmp/f").mtime);
        Guest.Run r = g.run("touch", "-r", "/tmp/none", "/tmp/f");
        assertEquals("touch: /tmp/none: No such file or directory\n", r.err());
        assertEquals(1, r.exitCode());
    }

    @Test
    void theObsoleteTimeOperand() {
        g.files.put("/tmp/f", "f");
        assertEquals(0, g.run("touch", "01021030", "/tmp/f").status());
        assertEquals(JAN2 - 15, g.files.stat("/tmp/f").mtime);
        assertNull(g.files.kind("/tmp/01021030"), "the first operand was a time, not a file");
        assertEquals(0, g.run("touch", "01021030").status(), "alone it is a file name");
        assertEquals("file", g.files.kind("/01021030"));
    }

    @Test
    void cDoesNotCreate() {
        Guest.Run r = g.run("touch", "-c", "/tmp/none");
        assertEquals("", r.all());
        assertEquals(0, r.status());
        assertNull(g.files.kind("/tmp/none"));
    }

    @Test
    void permissionsAsUtimensatChecksThem() {
        g.files.put("/tmp/rootfile", "r");
        g.files.mkdir("/tmp/rootdir");
        Guest.Run r = g.runAs(Ucred.user(), "touch", "/tmp/rootfile", "/tmp/rootdir/new", "/tmp/mine");
        assertEquals("touch: /tmp/rootfile: Permission denied\ntouch: /tmp/rootdir/new: Permission denied\n", r.err());
        assertEquals(1, r.exitCode());
        assertEquals("file", g.files.kind("/tmp/mine"), "the others are still done");
        r = g.runAs(Ucred.user(), "touch", "-t", "202601010000", "/tmp/rootfile");
        assertEquals("touch: /tmp/rootfile: Operation not permitted\n", r.err());
        r = g.run("touch", "/boot/modules");
        assertEquals("touch: /boot/modules: Read-only file system\n", r.err());
    }

    @Test
    void badTimesAndUsage() {
        Guest.Run r = g.run("touch", "-t", "2026", "/tmp/f");
        assertEquals("touch: out of range or illegal time specification: [[CC]YY]MMDDhhmm[.SS]\n", r.err());
        assertEquals(1, r.exitCode());
        r = g.run("touch", "-t", "210001010000", "/tmp/f");
        assertEquals("touch: out of range or illegal time specification: [[CC]YY]MMDDhhmm[.SS]\n", r.err(),
                "beyond a 32-bit time_t from boot");
        r = g.run("touch", "-d", "yesterday", "/tmp/f");
        assertEquals("touch: out of range or illegal time specification: YYYY-MM-DDThh:mm:SS[.frac][tz]\n", r.err());
        assertNull(g.files.kind("/tmp/f"));
        r = g.run("touch");
        assertEquals("usage: touch [-A [-][[hh]mm]SS] [-achm] [-r file] [-t [[CC]YY]MMDDhhmm[.SS]]\n"
                + "       [-d YYYY-MM-DDThh:mm:SS[.frac][tz]] file ...\n", r.err());
        assertEquals(1, r.exitCode());
    }

    @Test
    void mktimeAgreesWithTheCalendarOfLsAndDate() {
        assertEquals(Ls.BOOT_EPOCH, Touch.mktime(2026, 0, 1, 0, 0, 0));
        assertEquals(0, Touch.mktime(1970, 0, 1, 0, 0, 0));
        assertEquals(951_782_400L, Touch.mktime(2000, 1, 29, 0, 0, 0), "2000-02-29, a leap day");
    }
}
