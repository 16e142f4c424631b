package org.kld86.userland;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** rmdir(1): empty directories only, -p's parents, and rmdir.c's messages. */
class RmdirTest {

    private final Guest g = new Guest();

    @AfterEach
    void tearDown() {
        g.close();
    }

    @Test
    void removesEmptyDirectoriesAndWarnsOfTheOthers() {
        g.files.mkdir("/tmp/e");
        g.files.mkdir("/tmp/full");
        g.files.put("/tmp/full/x", "x");
        g.files.put("/tmp/f", "f");
        Guest.Run r = g.run("rmdir", "/tmp/e", "/tmp/full", "/tmp/f", "/tmp/none");
        assertEquals("rmdir: /tmp/full: Directory not empty\nrmdir: /tmp/f: Not a directory\n"
                + "rmdir: /tmp/none: No such file or directory\n", r.err());
        assertEquals(1, r.exitCode());
        assertNull(g.files.kind("/tmp/e"));
        assertEquals("dir", g.files.kind("/tmp/full"));
    }

    @Test
    void pRemovesTheParentsNamedUntilOneIsNotEmpty() {
        g.files.mkdir("/tmp/a");
        g.files.mkdir("/tmp/a/b");
        g.files.mkdir("/tmp/a/b/c");
        g.files.put("/tmp/keep", "k");
        Guest.Run r = g.run("rmdir", "-pv", "/tmp/a/b/c/");
        assertEquals("/tmp/a/b/c/\n/tmp/a/b\n/tmp/a\n", r.out());
        assertEquals("rmdir: /tmp: Directory not empty\n", r.err(), "it goes on up to /tmp, which holds more");
        assertEquals(1, r.exitCode());
        assertNull(g.files.kind("/tmp/a"));
    }

    @Test
    void relativePathsStopAtTheirFirstComponent() {
        g.files.mkdir("/tmp/a");
        g.files.mkdir("/tmp/a/b");
        Guest.Run r = g.run("sh", "-c", "cd /tmp && rmdir -p a/b");
        assertEquals("", r.all());
        assertEquals(0, r.status());
        assertNull(g.files.kind("/tmp/a"));
    }

    @Test
    void noOperandIsUsage() {
        Guest.Run r = g.run("rmdir");
        assertEquals("usage: rmdir [-pv] directory ...\n", r.err());
        assertEquals(1, r.exitCode());
    }
}
