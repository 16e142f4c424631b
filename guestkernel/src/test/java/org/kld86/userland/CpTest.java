package org.kld86.userland;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.kld86.kernel.proc.Ucred;

/**
 * cp(1) as cp.1 and FreeBSD's bin/cp/tests/cp_test.sh describe it: files, trees with -R and -r (a source ending
 * in '/' gives its contents), -p, -n, -i, -f, -v, copying into itself (PR 235438: the copy is made once, status
 * 0), and cp.c's messages and statuses.
 */
class CpTest {

    private static final String USAGE =
            "usage: cp [-R [-H | -L | -P]] [-f | -i | -n] [-alpsvx] source_file target_file\n"
            + "       cp [-R [-H | -L | -P]] [-f | -i | -n] [-alpsvx] source_file ... target_directory\n";
    /** 2026-01-02 10:30:15 UTC in seconds since boot, as stat gives times. */
    private static final long JAN2 = 86400 + 10 * 3600 + 30 * 60 + 15;

    private final Guest guest = new Guest();

    @AfterEach
    void tearDown() {
        guest.close();
    }

    /** /tmp/src: a, d/b, d/e/c and the empty directory d/e/f. */
    private void tree() {
        guest.files.mkdir("/tmp/src");
        guest.files.put("/tmp/src/a", "a\n");
        guest.files.mkdir("/tmp/src/d");
        guest.files.put("/tmp/src/d/b", "b\n");
        guest.files.mkdir("/tmp/src/d/e");
        guest.files.put("/tmp/src/d/e/c", "c\n");
        guest.files.mkdir("/tmp/src/d/e/f");
    }

    private void assertTree(String root) {
        assertEquals("a\n", guest.files.get(root + "/a"));
        assertEquals("b\n", guest.files.get(root + "/d/b"));
        assertEquals("c\n", guest.files.get(root + "/d/e/c"));
        assertEquals("dir", guest.files.kind(root + "/d/e/f"));
    }

    @Test
    void oneOperandIsUsage() {
        Guest.Run r = guest.run("cp", "a");
        assertEquals(USAGE, r.err());
        assertEquals(1, r.exitCode());
        assertEquals("cp: illegal option -- x\n" + USAGE, guest.run("cp", "-x", "a", "b").err());
    }

    @Test
    void copiesAFile() {
        guest.files.put("/src", "data\n");
        Guest.Run r = guest.run("cp", "/src", "/dst");
        assertEquals(0, r.status());
        assertEquals("data\n", guest.files.get("/dst"));
        guest.files.put("/dst", "longer old content\n");
        guest.run("cp", "/src", "/dst");
        assertEquals("data\n", guest.files.get("/dst"), "the target is truncated");
    }

    @Test
    void aMissingSourceIsWarnedAboutAndTheRestAreCopied() {
        Guest.Run r = guest.run("cp", "/nosuch", "/dst");
        assertEquals("cp: /nosuch: No such file or directory\n", r.err());
        assertEquals(1, r.exitCode());
        guest.files.mkdir("/tmp/into");
        guest.files.put("/tmp/f", "f");
        r = guest.run("cp", "/tmp/nosuch", "/tmp/f", "/tmp/into");
        assertEquals("cp: /tmp/nosuch: No such file or directory\n", r.err());
        assertEquals(1, r.exitCode());
        assertEquals("f", guest.files.get("/tmp/into/f"));
    }

    @Test
    void rCopiesATreeToANewDirectory() {
        tree();
        Guest.Run r = guest.run("cp", "-R", "/tmp/src", "/tmp/dst");
        assertEquals("", r.all());
        assertEquals(0, r.status());
        assertTree("/tmp/dst");
        assertNull(guest.files.kind("/tmp/dst/src"), "a target that did not exist becomes the copy");
        assertEquals(0, guest.run("cp", "-r", "/tmp/src", "/tmp/lower").status());
        assertTree("/tmp/lower");
        assertTree("/tmp/src");
    }

    @Test
    void intoAnExistingDirectoryEachSourceGoesUnderItsLastComponent() {
        tree();
        guest.files.mkdir("/tmp/into");
        guest.files.put("/tmp/f", "f");
        Guest.Run r = guest.run("cp", "-R", "/tmp/src", "/tmp/f", "/tmp/into/");
        assertEquals("", r.all());
        assertEquals(0, r.status());
        assertTree("/tmp/into/src");
        assertEquals("f", guest.files.get("/tmp/into/f"));
    }

    @Test
    void aSourceEndingInASlashCopiesTheDirectorysContents() {
        tree();
        guest.files.mkdir("/tmp/into");
        assertEquals(0, guest.run("cp", "-R", "/tmp/src/", "/tmp/into").status());
        assertTree("/tmp/into");
        assertNull(guest.files.kind("/tmp/into/src"));
        assertEquals(0, guest.run("cp", "-R", "/tmp/src/", "/tmp/new").status());
        assertTree("/tmp/new");
    }

    @Test
    void vPrintsEachEntryCopied() {
        guest.files.mkdir("/tmp/src");
        guest.files.put("/tmp/src/a", "a\n");
        guest.files.mkdir("/tmp/src/d");
        guest.files.put("/tmp/src/d/b", "b\n");
        Guest.Run r = guest.run("cp", "-Rv", "/tmp/src", "/tmp/dst");
        assertEquals("/tmp/src -> /tmp/dst\n/tmp/src/a -> /tmp/dst/a\n/tmp/src/d -> /tmp/dst/d\n"
                + "/tmp/src/d/b -> /tmp/dst/d/b\n", r.out());
        assertEquals(0, r.status());
        r = guest.run("cp", "-Rv", "/tmp/src/", "/tmp/dst");
        assertEquals("/tmp/src/ -> /tmp/dst\n/tmp/src/a -> /tmp/dst/a\n/tmp/src/d -> /tmp/dst/d\n"
                + "/tmp/src/d/b -> /tmp/dst/d/b\n", r.out());
        r = guest.run("cp", "-v", "/tmp/src/a", "/tmp/dst/d");
        assertEquals("/tmp/src/a -> /tmp/dst/d/a\n", r.out());
    }

    @Test
    void modesAreTheSourcesLessTheUmaskAndPKeepsThemAndTheTimes() {
        guest.files.mkdir("/tmp/src");
        assertEquals(0, guest.run("sh", "-c", "umask 0 && echo f > /tmp/src/f").status());
        assertEquals(0100666, guest.files.stat("/tmp/src/f").mode);
        assertEquals(0, guest.run("mkdir", "-m", "777", "/tmp/src/open").status());
        assertEquals(0, guest.run("touch", "-t", "202601021030.15", "/tmp/src/f", "/tmp/src/open", "/tmp/src")
                .status());

        Guest.Run r = guest.run("cp", "-Rp", "/tmp/src", "/tmp/kept"); // first: reading the source sets its atime
        assertEquals("", r.all());
        assertEquals(0, r.status());
        assertEquals(0100666, guest.files.stat("/tmp/kept/f").mode);
        assertEquals(040777, guest.files.stat("/tmp/kept/open").mode);
        for (String p : List.of("/tmp/kept", "/tmp/kept/f", "/tmp/kept/open")) {
            assertEquals(JAN2, guest.files.stat(p).mtime, p);
            assertEquals(JAN2, guest.files.stat(p).atime, p);
        }
        assertEquals("f\n", guest.files.get("/tmp/kept/f"));

        assertEquals(0, guest.run("cp", "-R", "/tmp/src", "/tmp/plain").status());
        assertEquals(0100644, guest.files.stat("/tmp/plain/f").mode, "0666 less the umask, 022");
        assertEquals(040755, guest.files.stat("/tmp/plain/open").mode);
        assertTrue(guest.files.stat("/tmp/plain/f").mtime < 60, "a plain copy is made now");
        assertEquals(0, guest.run("cp", "-p", "/tmp/src/f", "/tmp/one").status());
        assertEquals(JAN2, guest.files.stat("/tmp/one").mtime);
        assertEquals(0100666, guest.files.stat("/tmp/one").mode);
    }

    @Test
    void nLeavesAnExistingTarget() {
        guest.files.put("/tmp/src", "new\n");
        guest.files.put("/tmp/dst", "old\n");
        Guest.Run r = guest.run("cp", "-n", "/tmp/src", "/tmp/dst");
        assertEquals("", r.all());
        assertEquals(1, r.exitCode());
        assertEquals("old\n", guest.files.get("/tmp/dst"));
        r = guest.run("cp", "-nv", "/tmp/src", "/tmp/dst");
        assertEquals("/tmp/dst not overwritten\n", r.out());
        assertEquals(1, r.exitCode());
        assertEquals(0, guest.run("cp", "-n", "/tmp/src", "/tmp/other").status(), "a missing target is copied");
        assertEquals("new\n", guest.files.get("/tmp/other"));
        assertEquals(0, guest.run("cp", "-n", "-f", "/tmp/src", "/tmp/dst").status(), "the last of -f/-i/-n wins");
        assertEquals("new\n", guest.files.get("/tmp/dst"));
    }

    @Test
    void iAsksBeforeOverwriting() {
        guest.files.put("/tmp/src", "new\n");
        guest.files.put("/tmp/dst", "old\n");
        Guest.Run r = guest.runTyped(Ucred.root(), List.of("n\n"), "cp", "-i", "/tmp/src", "/tmp/dst");
        assertEquals("overwrite /tmp/dst? (y/n [n]) not overwritten\n", r.err());
        assertEquals(1, r.exitCode());
        assertEquals("old\n", guest.files.get("/tmp/dst"));
        r = guest.runTyped(Ucred.root(), List.of("y\n"), "cp", "-i", "/tmp/src", "/tmp/dst");
        assertEquals("overwrite /tmp/dst? (y/n [n]) ", r.err());
        assertEquals(0, r.status());
        assertEquals("new\n", guest.files.get("/tmp/dst"));
        r = guest.runTyped(Ucred.root(), List.of(), "cp", "-i", "/tmp/src", "/tmp/none");
        assertEquals("", r.all(), "only an existing target is asked about");
    }

    @Test
    void anExistingTargetKeepsItsModeUnlessFRemovesIt() {
        guest.files.put("/tmp/src", "new\n");
        guest.files.create("/tmp/dst", 0600, Ucred.root());
        assertEquals(0, guest.run("cp", "/tmp/src", "/tmp/dst").status());
        assertEquals(0100600, guest.files.stat("/tmp/dst").mode);
        assertEquals("new\n", guest.files.get("/tmp/dst"));
        assertEquals(0, guest.run("cp", "-f", "/tmp/src", "/tmp/dst").status());
        assertEquals(0100644, guest.files.stat("/tmp/dst").mode, "made anew with the source's mode");
    }

    @Test
    void aDirectoryWithoutRIsNotCopied() {
        tree();
        guest.files.mkdir("/tmp/into");
        guest.files.put("/tmp/f", "f");
        Guest.Run r = guest.run("cp", "-v", "/tmp/src", "/tmp/f", "/tmp/into");
        assertEquals("cp: /tmp/src is a directory (not copied).\n", r.err());
        assertEquals("/tmp/f -> /tmp/into/f\n", r.out());
        assertEquals(1, r.exitCode());
        assertNull(guest.files.kind("/tmp/into/src"));
        assertEquals("cp: /tmp/src is a directory (not copied).\n", guest.run("cp", "/tmp/src", "/tmp/new").err());
        assertNull(guest.files.kind("/tmp/new"));
    }

    @Test
    void aDirectoryCopiedIntoItselfIsCopiedOnce() {
        guest.files.mkdir("/tmp/foo");
        guest.files.put("/tmp/foo/bar", "qux\n");
        guest.files.put("/tmp/foo/zoo", "qux\n");
        Guest.Run r = guest.run("cp", "-R", "/tmp/foo", "/tmp/foo");
        assertEquals("", r.all());
        assertEquals(0, r.status());
        assertEquals("qux\n", guest.files.get("/tmp/foo/foo/bar"));
        assertEquals("qux\n", guest.files.get("/tmp/foo/foo/zoo"));
        assertNull(guest.files.kind("/tmp/foo/foo/foo"));
    }

    @Test
    void aDirectoryCopiedBelowItselfIsCopiedOnce() {
        guest.files.mkdir("/tmp/foo");
        guest.files.put("/tmp/foo/bar", "qux\n");
        guest.files.mkdir("/tmp/foo/moo");
        guest.files.put("/tmp/foo/moo/roo", "");
        Guest.Run r = guest.run("cp", "-R", "/tmp/foo", "/tmp/foo/moo");
        assertEquals("", r.all());
        assertEquals(0, r.status());
        assertEquals("qux\n", guest.files.get("/tmp/foo/moo/foo/bar"));
        assertEquals("", guest.files.get("/tmp/foo/moo/foo/moo/roo"), "foo/moo is copied before foo is in it");
        assertNull(guest.files.kind("/tmp/foo/moo/foo/moo/foo"));

        r = guest.run("cp", "-R", "/tmp/foo", "/tmp/foo/dne");
        assertEquals(0, r.status());
        assertEquals("qux\n", guest.files.get("/tmp/foo/dne/bar"));
        assertNull(guest.files.kind("/tmp/foo/dne/dne"));

        r = guest.run("cp", "-R", "/tmp/foo/", "/tmp/foo/moo");
        assertEquals("", r.all(), "the contents form ends too");
        assertEquals("qux\n", guest.files.get("/tmp/foo/moo/bar"));
        assertNull(guest.files.kind("/tmp/foo/moo/moo"));
    }

    @Test
    void aTargetThatIsTheSourceIsNotCopied() {
        guest.files.put("/tmp/f", "f");
        Guest.Run r = guest.run("cp", "/tmp/f", "/tmp/f");
        assertEquals("cp: /tmp/f and /tmp/f are identical (not copied).\n", r.err());
        assertEquals(1, r.exitCode());
        assertEquals("f", guest.files.get("/tmp/f"));
        guest.files.mkdir("/tmp/d");
        r = guest.run("cp", "-R", "/tmp/d/", "/tmp/d");
        assertEquals("cp: /tmp/d and /tmp/d/ are identical (not copied).\n", r.err());
        assertEquals(1, r.exitCode());
    }

    @Test
    void targetErrorsAndStatuses() {
        guest.files.put("/tmp/f", "f");
        guest.files.put("/tmp/g", "g");
        guest.files.mkdir("/tmp/d");
        guest.files.mkdir("/tmp/d/f");
        assertEquals("cp: /tmp/g is not a directory\n", guest.run("cp", "/tmp/f", "/tmp/f", "/tmp/g").err());
        assertEquals("cp: directory /tmp/none does not exist\n", guest.run("cp", "/tmp/f", "/tmp/none/").err());
        assertEquals("cp: /tmp/g is not a directory\n", guest.run("cp", "/tmp/f", "/tmp/g/").err());
        Guest.Run r = guest.run("cp", "/tmp/f", "/tmp/d");
        assertEquals("cp: cannot overwrite directory /tmp/d/f with non-directory /tmp/f\n", r.err());
        assertEquals(1, r.exitCode());
        r = guest.run("cp", "-R", "/tmp/d", "/tmp/g");
        assertEquals("cp: /tmp/g: Not a directory\n", r.err());
        assertEquals(1, r.exitCode());
        r = guest.run("cp", "-R", "-r", "/tmp/d", "/tmp/e");
        assertEquals("cp: the -R and -r options may not be specified together\n", r.err());
        assertEquals(1, r.exitCode());
        assertEquals(0, guest.run("cp", "-RPHL", "/tmp/d", "/tmp/e").status(), "-H, -L and -P are taken");
        assertEquals("dir", guest.files.kind("/tmp/e/f"));
        r = guest.run("cp", "-R", "/dev/null", "/tmp/n");
        assertEquals("cp: mknod: /tmp/n: Operation not supported\n", r.err(), "-R makes nodes, which cannot be made");
        assertEquals(1, r.exitCode());
        assertEquals(0, guest.run("cp", "/dev/null", "/tmp/n").status(), "without -R a device is read");
        assertEquals("", guest.files.get("/tmp/n"));
    }
}
