package org.kld86.userland;

import static org.junit.jupiter.api.Assertions.*;

import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.kld86.kernel.proc.Ucred;
import org.kld86.kernel.vfs.VType;
import org.kld86.kernel.vfs.Vnode;

/** rm(1): files, directories with -d and -r, -f's silence, and rm.c's messages and statuses. */
class RmTest {

    private final Guest g = new Guest();

    @AfterEach
    void tearDown() {
        g.close();
    }

    @Test
    void removesFilesQuietly() {
        g.files.put("/tmp/a", "a");
        g.files.put("/tmp/b", "b");
        Guest.Run r = g.run("rm", "/tmp/a", "/tmp/b");
        assertEquals(0, r.status());
        assertEquals("", r.all());
        assertNull(g.files.kind("/tmp/a"));
        assertNull(g.files.kind("/tmp/b"));
    }

    @Test
    void aDirectoryWithoutRIsRefusedAndTheOtherOperandsStillGo() {
        g.files.mkdir("/tmp/d");
        g.files.put("/tmp/f", "f");
        Guest.Run r = g.run("rm", "/tmp/d", "/tmp/f");
        assertEquals("rm: /tmp/d: is a directory\n", r.err());
        assertEquals(1, r.exitCode());
        assertEquals("dir", g.files.kind("/tmp/d"));
        assertNull(g.files.kind("/tmp/f"));
    }

    @Test
    void dRemovesOnlyAnEmptyDirectory() {
        g.files.mkdir("/tmp/e");
        g.files.mkdir("/tmp/full");
        g.files.put("/tmp/full/x", "x");
        Guest.Run r = g.run("rm", "-d", "/tmp/e", "/tmp/full");
        assertEquals("rm: /tmp/full: Directory not empty\n", r.err());
        assertEquals(1, r.exitCode());
        assertNull(g.files.kind("/tmp/e"));
    }

    @Test
    void rRemovesATreeDepthFirstAndVNamesEachRemoval() {
        g.files.mkdir("/tmp/t");
        g.files.mkdir("/tmp/t/sub");
        g.files.put("/tmp/t/a", "a");
        g.files.put("/tmp/t/sub/b", "b");
        Guest.Run r = g.run("rm", "-rv", "/tmp/t/");
        assertEquals(0, r.status(), r.err());
        assertEquals("/tmp/t/a\n/tmp/t/sub/b\n/tmp/t/sub\n/tmp/t\n", r.out(),
                "fts's postorder in directory order; the trailing slash stripped");
        assertNull(g.files.kind("/tmp/t"));
        assertEquals("dir", g.files.kind("/tmp"));
    }

    @Test
    void aMissingFileIsAnErrorUnlessF() {
        Guest.Run r = g.run("rm", "/tmp/nosuch");
        assertEquals("rm: /tmp/nosuch: No such file or directory\n", r.err());
        assertEquals(1, r.exitCode());
        r = g.run("rm", "-f", "/tmp/nosuch");
        assertEquals("", r.all());
        assertEquals(0, r.status());
        r = g.run("rm", "-r", "/tmp/nosuch");
        assertEquals("rm: /tmp/nosuch: No such file or directory\n", r.err());
        assertEquals(1, r.exitCode());
        assertEquals(0, g.run("rm", "-rf", "/tmp/nosuch").status());
    }

    @Test
    void dotDotDotAndSlashMayNotBeRemoved() {
        g.files.mkdir("/tmp/d");
        Guest.Run r = g.run("rm", "-rf", "/tmp/d/.", "..", "/", "//");
        assertEquals("rm: \".\" and \"..\" may not be removed\nrm: \"/\" may not be removed\n", r.err(),
                "one warning each, before anything is removed");
        assertEquals(1, r.exitCode());
        assertEquals("dir", g.files.kind("/tmp/d"));
        assertEquals("dir", g.files.kind("/bin"));
    }

    @Test
    void usageForNoOperandButNotWithF() {
        Guest.Run r = g.run("rm");
        assertEquals("usage: rm [-f | -i] [-dIPRrvWx] file ...\n       unlink [-h] file\n", r.err());
        assertEquals(64, r.exitCode());
        assertEquals(0, g.run("rm", "-f").status());
        r = g.run("rm", "-q", "x");
        assertEquals("rm: illegal option -- q\nusage: rm [-f | -i] [-dIPRrvWx] file ...\n       unlink [-h] file\n",
                r.err());
        assertEquals(64, r.exitCode());
    }

    @Test
    void permissionErrorsAreReportedAndFDoesNotHideThem() {
        g.files.mkdir("/tmp/rootdir");
        g.files.put("/tmp/rootdir/f", "f");
        g.files.mkdir("/tmp/open");
        g.files.put("/tmp/open/f", "f");
        Guest.Run r = g.runAs(Ucred.user(), "rm", "-f", "/tmp/rootdir/f");
        assertEquals("rm: /tmp/rootdir/f: Permission denied\n", r.err());
        assertEquals(1, r.exitCode());
        r = g.runAs(Ucred.user(), "rm", "-rf", "/tmp/rootdir");
        assertEquals("rm: /tmp/rootdir/f: Permission denied\nrm: /tmp/rootdir: Operation not permitted\n", r.err(),
                "each failure on its own line: the file in root's directory, then root's directory in the sticky /tmp");
        assertEquals("file", g.files.kind("/tmp/rootdir/f"));
    }

    @Test
    void anUnwritableFileIsAskedAboutOnATerminal() {
        g.files.create("/tmp/ro", 0444, Ucred.user());
        g.files.create("/tmp/ro2", 0444, Ucred.user());
        Guest.Run r = g.runTyped(Ucred.user(), List.of("n\n", "y\n"), "rm", "/tmp/ro", "/tmp/ro2");
        assertEquals("override r--r--r-- user/wheel for /tmp/ro? override r--r--r-- user/wheel for /tmp/ro2? ", r.err());
        assertEquals(0, r.status(), "a no is not an error");
        assertEquals("file", g.files.kind("/tmp/ro"));
        assertNull(g.files.kind("/tmp/ro2"));
        g.files.mkdir("/tmp/rootdir");
        g.files.put("/tmp/rootdir/f", "f");
        r = g.runAs(Ucred.user(), "rm", "-r", "/tmp/rootdir");
        assertEquals("override rwxr-xr-x root/wheel for /tmp/rootdir? ", r.err(),
                "root's directory is asked about first; without a yes it is left with all it holds");
        assertEquals(0, r.status());
        assertEquals("file", g.files.kind("/tmp/rootdir/f"));
        assertEquals("", g.runTyped(Ucred.root(), List.of(), "rm", "/tmp/ro").all(), "root may write anything");
    }

    @Test
    void iAsksForEachAndFUndoesIt() {
        g.files.mkdir("/tmp/d");
        g.files.put("/tmp/d/a", "a");
        g.files.put("/tmp/d/b", "b");
        Guest.Run r = g.runTyped(Ucred.root(), List.of("y\n", "yes\n", "n\n"), "rm", "-ri", "/tmp/d");
        assertEquals("remove /tmp/d? remove /tmp/d/a? remove /tmp/d/b? rm: /tmp/d: Directory not empty\n", r.err(),
                "a directory is asked about before its contents, not again after them");
        assertEquals(1, r.exitCode());
        assertEquals("file", g.files.kind("/tmp/d/b"));
        assertNull(g.files.kind("/tmp/d/a"));
        r = g.runTyped(Ucred.root(), List.of(), "rm", "-i", "-f", "/tmp/d/b");
        assertEquals("", r.all());
        assertNull(g.files.kind("/tmp/d/b"));
    }

    @Test
    void aDirectoryThatCannotBeReadIsReportedAndKept() {
        g.files.mkdir("/tmp/d");
        // a name past NAME_MAX, put in below namei: no getdents buffer of libc's 8 KiB holds its record (EINVAL)
        Vnode d = g.kernel.vfs().root().lookup("tmp").lookup("d");
        assertEquals(0, d.create("n".repeat(9000), VType.VREG, 0644, Ucred.root(), new Vnode[1]));
        Guest.Run r = g.run("rm", "-rf", "/tmp/d");
        assertEquals("rm: /tmp/d: Invalid argument\n", r.err(), "rm.c's FTS_DNR: the read's error, no rmdir");
        assertEquals(1, r.exitCode());
        assertEquals("dir", g.files.kind("/tmp/d"));
    }
}
