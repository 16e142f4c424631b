package org.kld86.kernel.vfs;

import static org.junit.jupiter.api.Assertions.*;
import static org.kld86.kpi.Errno.*;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.kld86.kernel.Guest;
import org.kld86.kernel.proc.Ucred;

/** namei(9): the walk from a path to a vnode and FreeBSD's errors for each way it can fail. */
class NameiTest {

    private final Guest g = new Guest();
    private final Vfs vfs = g.kernel.vfs();
    private final Ucred root = Ucred.root();
    private final Ucred user = Ucred.user();

    NameiTest() {
        assertEquals(0, vfs.calls().mkdir(root, vfs.root(), "/tmp/a", 0755));
        assertEquals(0, vfs.calls().mkdir(root, vfs.root(), "/tmp/a/b", 0755));
        assertEquals(0, vfs.writeFile("/tmp/a/f", new byte[] {1, 2, 3}, 0644));
    }

    @AfterEach
    void tearDown() {
        g.close();
    }

    private Namei.Result look(Ucred cred, Vnode start, String path) {
        return Namei.lookup(vfs.root(), start, cred, path, Namei.Op.LOOKUP);
    }

    private Vnode vp(String path) {
        Namei.Result r = look(root, vfs.root(), path);
        assertEquals(0, r.errno(), path);
        return r.vp();
    }

    @Test
    void absoluteAndRelativePathsReachTheSameVnode() {
        Vnode b = vp("/tmp/a/b");
        assertSame(b, look(root, vp("/tmp"), "a/b").vp());
        assertSame(b, look(root, vp("/tmp/a"), "b").vp());
        assertEquals("b", b.name());
        assertEquals(VType.VDIR, b.type());
        assertEquals(VType.VREG, vp("/tmp/a/f").type());
    }

    @Test
    void dotStaysAndDotDotClimbs() {
        Vnode b = vp("/tmp/a/b");
        assertSame(b, vp("/tmp/a/./b/../b/."));
        assertSame(vp("/tmp"), look(root, b, "../..").vp());
        assertSame(vfs.root(), vp("/.."), "the root's parent is the root");
        assertSame(vp("/tmp"), vp("/../../tmp"));
    }

    @Test
    void dotDotFromTheRootOfAMountedFileSystemLeavesThroughTheDirectoryItCovers() {
        Vnode dev = vp("/dev");
        assertEquals("devfs", dev.mount().fstype());
        assertTrue(dev.isRoot());
        assertSame(vfs.root(), vp("/dev/.."));
        assertSame(vp("/tmp"), look(root, dev, "../tmp").vp());
        assertSame(vp("/proc"), vp("/dev/../proc"));
        assertEquals("procfs", vp("/dev/../proc").mount().fstype());
    }

    @Test
    void repeatedSlashesCountAsOne() {
        assertSame(vp("/tmp/a/b"), vp("//tmp///a//b"));
        assertSame(vp("/tmp/a/b"), vp("/tmp/a/b/"), "a trailing slash on a directory is fine");
        assertSame(vfs.root(), vp("///"));
    }

    @Test
    void missingNamesAreEnoentAndAnEmptyPathToo() {
        assertEquals(ENOENT, look(root, vfs.root(), "/tmp/nope").errno());
        assertEquals(ENOENT, look(root, vfs.root(), "/tmp/nope/x").errno());
        assertEquals(ENOENT, look(root, vfs.root(), "").errno());
    }

    @Test
    void aFileInTheMiddleOfAPathOrBeforeATrailingSlashIsEnotdir() {
        assertEquals(ENOTDIR, look(root, vfs.root(), "/tmp/a/f/x").errno());
        assertEquals(ENOTDIR, look(root, vfs.root(), "/tmp/a/f/").errno());
        assertEquals(ENOTDIR, look(root, vp("/tmp/a/f"), "x").errno(), "a relative start that is no directory");
    }

    @Test
    void pathsOfMaxpathlenAndComponentsOverNameMaxAreTooLong() {
        String comp255 = "n".repeat(255);
        assertEquals(ENOENT, look(root, vfs.root(), "/tmp/" + comp255).errno(), "255 bytes is a name");
        assertEquals(ENAMETOOLONG, look(root, vfs.root(), "/tmp/" + comp255 + "n").errno());
        String p1023 = "/tmp/" + "./".repeat(508) + "/a";
        assertEquals(1023, p1023.length());
        assertSame(vp("/tmp/a"), look(root, vfs.root(), p1023).vp(), "1023 bytes and the NUL fit MAXPATHLEN");
        assertEquals(ENAMETOOLONG, look(root, vfs.root(), p1023 + "/").errno(), "1024 bytes do not");
    }

    @Test
    void searchingADirectoryNeedsItsExecuteBitUnlessRoot() {
        Vnode a = vp("/tmp/a");
        a.mode = 0600;
        assertEquals(EACCES, look(user, vfs.root(), "/tmp/a/b").errno());
        assertEquals(EACCES, look(user, vfs.root(), "/tmp/a/nope").errno(), "EACCES before ENOENT");
        assertEquals(0, look(root, vfs.root(), "/tmp/a/b").errno(), "root searches any directory");
        assertEquals(0, look(user, vfs.root(), "/tmp/a").errno(), "naming the directory itself needs no search of it");
        assertEquals(EACCES, look(user, vfs.root(), "/root/x").errno(), "/root is 0750 root:wheel");
    }

    @Test
    void createFindsTheDirectoryAndTheLastName() {
        Namei.Result r = Namei.lookup(vfs.root(), vfs.root(), root, "/tmp/a/new", Namei.Op.CREATE);
        assertEquals(0, r.errno());
        assertNull(r.vp());
        assertSame(vp("/tmp/a"), r.dvp());
        assertEquals("new", r.last());
        Namei.Result existing = Namei.lookup(vfs.root(), vfs.root(), root, "/tmp/a/f", Namei.Op.CREATE);
        assertSame(vp("/tmp/a/f"), existing.vp(), "CREATE of an existing name finds it");
        assertEquals(ENOENT, Namei.lookup(vfs.root(), vfs.root(), root, "/tmp/x/new", Namei.Op.CREATE).errno());
        assertEquals(EISDIR, Namei.lookup(vfs.root(), vfs.root(), root, "/", Namei.Op.CREATE).errno());
        assertEquals(EISDIR, Namei.lookup(vfs.root(), vfs.root(), root, "//", Namei.Op.DELETE).errno());
    }

    @Test
    void changesOnAReadOnlyMountAreErofs() {
        assertTrue(vp("/boot/modules").mount().readOnly());
        assertEquals(EROFS, Namei.lookup(vfs.root(), vfs.root(), root, "/boot/modules/x.ko", Namei.Op.CREATE).errno());
        g.store.put("/boot/modules/y.ko", new byte[] {1});
        assertEquals(EROFS, Namei.lookup(vfs.root(), vfs.root(), root, "/boot/modules/y.ko", Namei.Op.DELETE).errno());
        assertEquals(0, Namei.lookup(vfs.root(), vfs.root(), root, "/boot/modules/y.ko", Namei.Op.LOOKUP).errno());
    }

    @Test
    void fullpathWalksBackUpThroughMounts() {
        assertEquals("/tmp/a/b", Namei.fullpath(vfs.root(), vp("/tmp/a/b")));
        assertEquals("/dev", Namei.fullpath(vfs.root(), vp("/dev")));
        assertEquals("/dev/null", Namei.fullpath(vfs.root(), vp("/dev/null")));
        assertEquals("/", Namei.fullpath(vfs.root(), vfs.root()));
    }
}
