package org.kld86.userland;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** mkdir(1): plain, -p, -m, -v, and mkdir.c's messages. */
class MkdirTest {

    private final Guest g = new Guest();

    @AfterEach
    void tearDown() {
        g.close();
    }

    @Test
    void makesEachDirectoryWithMode0777LessTheUmask() {
        Guest.Run r = g.run("mkdir", "/tmp/a", "/tmp/b");
        assertEquals(0, r.status());
        assertEquals("", r.all());
        assertEquals(040755, g.files.stat("/tmp/a").mode, "0777 less the first process's umask, 022");
        assertEquals("dir", g.files.kind("/tmp/b"));
    }

    @Test
    void anExistingPathIsAnErrorWithoutP() {
        g.files.mkdir("/tmp/a");
        Guest.Run r = g.run("mkdir", "/tmp/a");
        assertEquals("mkdir: /tmp/a: File exists\n", r.err());
        assertEquals(1, r.exitCode());
        r = g.run("mkdir", "-p", "/tmp/a");
        assertEquals("", r.all(), "-p: an existing directory is fine");
        assertEquals(0, r.status());
    }

    @Test
    void aMissingParentIsNamedByTheParent() {
        Guest.Run r = g.run("mkdir", "/tmp/x/y/z");
        assertEquals("mkdir: /tmp/x/y: No such file or directory\n", r.err());
        assertEquals(1, r.exitCode());
        g.files.put("/tmp/f", "f");
        r = g.run("mkdir", "/tmp/f/d");
        assertEquals("mkdir: /tmp/f: Not a directory\n", r.err());
    }

    @Test
    void pMakesTheWholePathAndVNamesEachNewOne() {
        g.files.mkdir("/tmp/a");
        Guest.Run r = g.run("mkdir", "-pv", "/tmp/a/b/c/");
        assertEquals("/tmp/a/b\n/tmp/a/b/c\n", r.out());
        assertEquals(0, r.status());
        assertEquals("dir", g.files.kind("/tmp/a/b/c"));
    }

    @Test
    void pStopsAtAFileOnTheWay() {
        g.files.put("/tmp/f", "f");
        Guest.Run r = g.run("mkdir", "-p", "/tmp/f/d", "/tmp/f");
        assertEquals("mkdir: /tmp/f: Not a directory\nmkdir: /tmp/f: File exists\n", r.err(),
                "ENOTDIR on the way, EEXIST as the last component");
        assertEquals(1, r.exitCode());
    }

    @Test
    void mSetsTheModeAndABadOneIsRefused() {
        assertEquals(0, g.run("mkdir", "-m", "700", "/tmp/p").status());
        assertEquals(0, g.run("mkdir", "-m", "777", "/tmp/all").status());
        assertEquals(040777, g.files.stat("/tmp/all").mode, "-m's mode exactly, past the umask");
        assertEquals(040700, g.files.stat("/tmp/p").mode);
        Guest.Run r = g.run("mkdir", "-m", "rwx", "/tmp/q");
        assertEquals("mkdir: invalid file mode: rwx\n", r.err());
        assertEquals(1, r.exitCode());
        assertNull(g.files.kind("/tmp/q"));
    }

    @Test
    void noOperandIsUsage() {
        Guest.Run r = g.run("mkdir");
        assertEquals("usage: mkdir [-pv] [-m mode] directory_name ...\n", r.err());
        assertEquals(64, r.exitCode());
    }

    @Test
    void dirnameAsLibcGivesIt() {
        assertEquals(".", Mkdir.dirname("a"));
        assertEquals("/", Mkdir.dirname("/a"));
        assertEquals("/a", Mkdir.dirname("/a//b//"));
        assertEquals("a/b", Mkdir.dirname("a/b/c"));
    }
}
