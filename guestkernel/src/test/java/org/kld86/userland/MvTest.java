package org.kld86.userland;

import static org.junit.jupiter.api.Assertions.*;

import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.kld86.kernel.proc.Ucred;
import org.kld86.kernel.vfs.Tmpfs;

/** mv(1): renames, moves into a directory, -f/-i/-n/-v, mv.c's messages, and what happens across file systems. */
class MvTest {

    private static final String USAGE = "usage: mv [-f | -i | -n] [-hv] source target\n"
            + "       mv [-f | -i | -n] [-v] source ... directory\n";

    /** 2026-01-02 10:30:15, as touch -t 202601021030.15 sets it: seconds since boot on 2026-01-01. */
    private static final long JAN2 = 86400 + 10 * 3600 + 30 * 60 + 15;

    private final Guest g = new Guest();

    @AfterEach
    void tearDown() {
        g.close();
    }

    @Test
    void renamesAFileAndReplacesAnExistingTarget() {
        g.files.put("/tmp/a", "new\n");
        g.files.put("/tmp/b", "old\n");
        Guest.Run r = g.run("mv", "/tmp/a", "/tmp/b");
        assertEquals("", r.all());
        assertEquals(0, r.status());
        assertNull(g.files.get("/tmp/a"));
        assertEquals("new\n", g.files.get("/tmp/b"));
    }

    @Test
    void movesEachSourceIntoADirectoryUnderItsLastComponent() {
        g.files.mkdir("/tmp/d");
        g.files.mkdir("/tmp/sub");
        g.files.put("/tmp/a", "a");
        Guest.Run r = g.run("mv", "-v", "/tmp/a", "/tmp/sub/", "/tmp/d");
        assertEquals("/tmp/a -> /tmp/d/a\n/tmp/sub/ -> /tmp/d/sub/\n", r.out());
        assertEquals(0, r.status());
        assertEquals("a", g.files.get("/tmp/d/a"));
        assertEquals("dir", g.files.kind("/tmp/d/sub"));
        assertNull(g.files.kind("/tmp/sub"));
    }

    @Test
    void severalSourcesWantADirectory() {
        g.files.put("/tmp/a", "a");
        g.files.put("/tmp/b", "b");
        Guest.Run r = g.run("mv", "/tmp/a", "/tmp/b", "/tmp/c");
        assertEquals("mv: /tmp/c is not a directory\n", r.err());
        assertEquals(1, r.exitCode());
        assertEquals("a", g.files.get("/tmp/a"));
    }

    @Test
    void renameErrorsAreWordedAsMvDoes() {
        g.files.mkdir("/tmp/d");
        g.files.mkdir("/tmp/d/e");
        g.files.mkdir("/tmp/full");
        g.files.mkdir("/tmp/full/d");
        g.files.put("/tmp/full/d/x", "x");
        g.files.put("/tmp/f", "f");
        g.files.mkdir("/tmp/into");
        g.files.mkdir("/tmp/into/f");
        Guest.Run r = g.run("mv", "/tmp/none", "/tmp/x");
        assertEquals("mv: rename /tmp/none to /tmp/x: No such file or directory\n", r.err());
        assertEquals(1, r.exitCode());
        assertEquals("mv: rename /tmp/d to /tmp/d/e/d: Invalid argument\n", g.run("mv", "/tmp/d", "/tmp/d/e").err());
        assertEquals("mv: rename /tmp/d to /tmp/full/d: Directory not empty\n",
                g.run("mv", "/tmp/d", "/tmp/full").err());
        assertEquals("mv: rename /tmp/f to /tmp/into/f: Is a directory\n", g.run("mv", "/tmp/f", "/tmp/into").err());
        g.files.put("/tmp/g", "g");
        assertEquals("mv: rename /tmp/d to /tmp/g: Not a directory\n", g.run("mv", "/tmp/d", "/tmp/g").err());
    }

    @Test
    void nKeepsTheTargetAndIAsks() {
        g.files.put("/tmp/a", "a");
        g.files.put("/tmp/b", "b");
        Guest.Run r = g.run("mv", "-nv", "/tmp/a", "/tmp/b");
        assertEquals("/tmp/b not overwritten\n", r.out());
        assertEquals(0, r.status());
        assertEquals("b", g.files.get("/tmp/b"));
        r = g.runTyped(Ucred.root(), List.of("n\n"), "mv", "-i", "/tmp/a", "/tmp/b");
        assertEquals("overwrite /tmp/b? (y/n [n]) not overwritten\n", r.err());
        assertEquals(0, r.status());
        assertEquals("b", g.files.get("/tmp/b"));
        r = g.runTyped(Ucred.root(), List.of("y\n"), "mv", "-n", "-i", "/tmp/a", "/tmp/b");
        assertEquals("overwrite /tmp/b? (y/n [n]) ", r.err(), "the last of -n and -i wins");
        assertEquals("a", g.files.get("/tmp/b"));
    }

    @Test
    void anUnwritableTargetIsAskedAboutOnATerminal() {
        g.files.put("/tmp/roots", "root's");
        g.files.create("/tmp/mine", 0644, Ucred.user());
        Guest.Run r = g.runAs(Ucred.user(), "mv", "/tmp/mine", "/tmp/roots");
        assertEquals("override rw-r--r-- root/wheel for /tmp/roots? (y/n [n]) not overwritten\n", r.err());
        assertEquals(0, r.status());
        assertEquals("root's", g.files.get("/tmp/roots"));
        r = g.runAs(Ucred.user(), "mv", "-f", "/tmp/mine", "/tmp/roots");
        assertEquals("mv: rename /tmp/mine to /tmp/roots: Operation not permitted\n", r.err(),
                "-f does not ask; the sticky /tmp then refuses another's file as a target");
    }

    @Test
    void aMountPointCannotMove() {
        Guest.Run r = g.run("mv", "/dev", "/tmp/dev");
        assertEquals("mv: cannot rename a mount point\n", r.err());
        assertEquals(1, r.exitCode());
        assertEquals("dir", g.files.kind("/dev"));
        assertNull(g.files.kind("/tmp/dev"));
    }

    @Test
    void acrossFileSystemsARegularFileIsCopiedThenRemoved() {
        Guest.Run r = g.run("mv", "/proc/meminfo", "/tmp/m");
        assertEquals("mv: /proc/meminfo: remove: Operation not supported\n", r.err(),
                "the copy is made; /proc does not let the source go");
        assertEquals(1, r.exitCode());
        assertTrue(g.files.get("/tmp/m").startsWith("MemTotal:"), g.files.get("/tmp/m"));
        g.files.put("/tmp/f", "f");
        r = g.run("mv", "/tmp/f", "/dev/f");
        assertEquals("mv: fastcopy: open() failed (to): /dev/f: Operation not supported\n", r.err());
        assertEquals("f", g.files.get("/tmp/f"));
    }

    @Test
    void aFileAcrossFileSystemsKeepsItsExactModeAndTimes() {
        g.files.mkdir("/mnt");
        g.kernel.vfs().mount("/mnt", new Tmpfs(g.kernel, g.kernel.vfs().newFsid(), 0755).mount());
        assertEquals(0, g.run("sh", "-c", "umask 0 && echo f > /tmp/f").status());
        assertEquals(0, g.run("touch", "-t", "202601021030.15", "/tmp/f").status());
        Guest.Run r = g.run("mv", "/tmp/f", "/mnt/f");
        assertEquals("", r.all());
        assertEquals(0, r.status());
        assertNull(g.files.kind("/tmp/f"));
        assertEquals(0100666, g.files.stat("/mnt/f").mode, "the umask, 022, does not apply");
        assertEquals(JAN2, g.files.stat("/mnt/f").mtime);
        assertEquals(JAN2, g.files.stat("/mnt/f").atime, "the source's times from before the copy read it");
        assertEquals("f\n", g.files.get("/mnt/f")); // last: reading sets the atime
    }

    @Test
    void aDirectoryMovesAcrossFileSystemsByCpPRpThenRmRf() {
        g.files.mkdir("/mnt");
        g.kernel.vfs().mount("/mnt", new Tmpfs(g.kernel, g.kernel.vfs().newFsid(), 0755).mount());
        g.files.mkdir("/tmp/d");
        g.files.put("/tmp/d/a", "a\n");
        g.files.mkdir("/tmp/d/e");
        g.files.put("/tmp/d/e/b", "b\n");
        assertEquals(0, g.run("touch", "-t", "202601021030.15", "/tmp/d/e/b", "/tmp/d/e").status());
        Guest.Run r = g.run("mv", "-v", "/tmp/d", "/mnt");
        assertEquals("/tmp/d -> /mnt/d\n/tmp/d/a -> /mnt/d/a\n/tmp/d/e -> /mnt/d/e\n/tmp/d/e/b -> /mnt/d/e/b\n",
                r.all(), "cp -v's lines: the move is cp -PRpv, then rm -rf");
        assertEquals(0, r.status());
        assertNull(g.files.kind("/tmp/d"));
        assertNotEquals(g.files.stat("/tmp").dev, g.files.stat("/mnt/d").dev);
        assertEquals(JAN2, g.files.stat("/mnt/d/e").mtime, "-p kept the times");
        assertEquals(JAN2, g.files.stat("/mnt/d/e/b").mtime);
        assertEquals("a\n", g.files.get("/mnt/d/a"));
        assertEquals("b\n", g.files.get("/mnt/d/e/b"));
    }

    @Test
    void aDirectoryAcrossFileSystemsReplacesAnEmptyTargetAndKeepsAFullOne() {
        g.files.mkdir("/mnt");
        g.kernel.vfs().mount("/mnt", new Tmpfs(g.kernel, g.kernel.vfs().newFsid(), 0755).mount());
        g.files.mkdir("/mnt/d");
        g.files.mkdir("/tmp/d");
        g.files.put("/tmp/d/a", "a\n");
        Guest.Run r = g.run("mv", "/tmp/d", "/mnt");
        assertEquals("", r.all());
        assertEquals(0, r.status());
        assertEquals("a\n", g.files.get("/mnt/d/a"), "the empty /mnt/d went first (rmdir), so cp made it anew");
        assertNull(g.files.kind("/mnt/d/d"));
        assertNull(g.files.kind("/tmp/d"));

        g.files.mkdir("/tmp/d");
        g.files.put("/tmp/d/b", "b\n");
        r = g.run("mv", "/tmp/d", "/mnt");
        assertEquals("mv: rmdir /mnt/d: Directory not empty\n", r.err());
        assertEquals(1, r.exitCode());
        assertEquals("b\n", g.files.get("/tmp/d/b"), "nothing copied, nothing removed");
        assertNull(g.files.kind("/mnt/d/b"));
        assertNull(g.files.kind("/mnt/d/d"));
    }

    @Test
    void tooFewOperandsIsUsage() {
        Guest.Run r = g.run("mv", "/tmp/a");
        assertEquals(USAGE, r.err());
        assertEquals(64, r.exitCode());
        assertEquals("mv: illegal option -- x\n" + USAGE, g.run("mv", "-x", "a", "b").err());
    }
}
