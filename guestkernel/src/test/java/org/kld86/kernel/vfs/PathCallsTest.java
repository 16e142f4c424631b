package org.kld86.kernel.vfs;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.kld86.kernel.Guest;
import org.kld86.kernel.proc.Ucred;

/**
 * open, stat, mkdir, rmdir, unlink, rename, utimensat and chdir as user programs see them: results and errnos (negated, as libc
 * returns them) through the whole system call path.
 */
class PathCallsTest {

    private final Guest g = new Guest();

    @AfterEach
    void tearDown() {
        g.close();
    }

    private static void has(String out, String line) {
        assertTrue(out.contains(line + "\n"), () -> "expected \"" + line + "\" in:\n" + out);
    }

    @Test
    void openFlagsAsVnOpenChecksThem() {
        String out = g.fsops(
                "open", "/tmp/x", "CREAT|RDWR", "640",
                "open", "/tmp/x", "CREAT|EXCL|RDWR", "640",
                "open", "/tmp", "CREAT|RDONLY", "640",
                "open", "/tmp/x", "DIRECTORY", "0",
                "open", "/tmp", "WRONLY", "0",
                "open", "/tmp", "RDONLY", "0",
                "open", "/tmp/x", "3", "0",
                "open", "/tmp/missing", "RDONLY", "0",
                "open", "/tmp/newdir/", "CREAT|RDWR", "644",
                "stat", "/tmp/x");
        assertEquals("""
                open=3
                open=-17
                open=-21
                open=-20
                open=-21
                open=4
                open=-22
                open=-2
                open=-21
                stat=0 mode=100640 uid=0 gid=0 size=0 nlink=1 ino=""", out.substring(0, out.lastIndexOf("ino=") + 4));
    }

    @Test
    void aNewFileTakesItsModeLessTheUmaskAndTheStickyBitAndTheGroupOfItsDirectory() {
        String out = g.fsops("open", "/home/user/f", "CREAT|RDWR", "1777", "stat", "/home/user/f");
        has(out, "open=3");
        assertTrue(out.contains("stat=0 mode=100755 uid=0 gid=1001 "), "1777 less the umask 022 and S_ISTXT: " + out);
        out = g.fsops(Ucred.user(), "open", "/tmp/mine", "CREAT|RDWR", "600", "stat", "/tmp/mine");
        assertTrue(out.contains("stat=0 mode=100600 uid=1001 gid=0 "), out);
    }

    @Test
    void permissionsRefuseTheUserAndRootGoesThrough() {
        g.fsops("open", "/tmp/rootfile", "CREAT|RDWR", "644", "write", "3", "secret", "open", "/tmp/private", "CREAT|RDWR",
                "600");
        String out = g.fsops(Ucred.user(),
                "open", "/tmp/rootfile", "RDONLY", "0",
                "open", "/tmp/rootfile", "WRONLY", "0",
                "open", "/tmp/rootfile", "RDONLY|TRUNC", "0",
                "open", "/tmp/private", "RDONLY", "0",
                "open", "/newfile", "CREAT|RDWR", "644",
                "mkdir", "/etc/d", "755",
                "stat", "/root/.profile",
                "chdir", "/root");
        assertEquals("open=3\nopen=-13\nopen=-13\nopen=-13\nopen=-13\nmkdir=-13\nstat=-13\nchdir=-13\n", out);
        out = g.fsops("open", "/tmp/private", "RDWR", "0", "open", "/newfile", "CREAT|RDWR", "0", "read", "3", "10",
                "chdir", "/root");
        assertEquals("open=3\nopen=4\nread=0\nchdir=0\n", out);
    }

    @Test
    void inTheStickyTmpOnlyTheOwnerRemovesAFile() {
        g.fsops("open", "/tmp/roots", "CREAT|RDWR", "666");
        String out = g.fsops(Ucred.user(), "unlink", "/tmp/roots", "open", "/tmp/users", "CREAT|RDWR", "666",
                "unlink", "/tmp/users", "mkdir", "/tmp/ud", "700", "rmdir", "/tmp/ud");
        assertEquals("unlink=-1\nopen=3\nunlink=0\nmkdir=0\nrmdir=0\n", out);
        assertEquals("unlink=0\n", g.fsops("unlink", "/tmp/roots"), "root removes anything");
        assertTrue(g.fsops("stat", "/tmp").contains("mode=41777 "), "/tmp is drwxrwxrwt");
    }

    @Test
    void mkdirAndItsErrors() {
        String out = g.fsops("mkdir", "/tmp/d", "1777", "stat", "/tmp/d", "mkdir", "/tmp/d", "755", "mkdir", "/tmp/nope/d",
                "755", "mkdir", "/", "755", "mkdir", "/tmp/d/.", "755", "mkdir", "/dev/x", "755", "mkdir", "/boot/modules/x",
                "755");
        assertTrue(out.startsWith("mkdir=0\nstat=0 mode=40755 "),
                "ACCESSPERMS less the umask 022: no sticky bit from mkdir(2): " + out);
        assertTrue(out.endsWith("mkdir=-17\nmkdir=-2\nmkdir=-21\nmkdir=-17\nmkdir=-45\nmkdir=-30\n"), out);
    }

    @Test
    void rmdirAndItsErrors() {
        String out = g.fsops("mkdir", "/tmp/d", "755", "mkdir", "/tmp/d/e", "755", "open", "/tmp/f", "CREAT|RDWR", "644",
                "rmdir", "/tmp/d", "rmdir", "/tmp/d/e/.", "rmdir", "/tmp/d/e/..", "rmdir", "/tmp/f", "rmdir", "/dev",
                "rmdir", "/", "rmdir", "/tmp/none", "rmdir", "/tmp/d/e", "rmdir", "/tmp/d");
        assertEquals("mkdir=0\nmkdir=0\nopen=3\nrmdir=-66\nrmdir=-22\nrmdir=-66\nrmdir=-20\nrmdir=-16\nrmdir=-21\n"
                + "rmdir=-2\nrmdir=0\nrmdir=0\n", out);
    }

    @Test
    void unlinkRefusesDirectoriesAndDeviceNodes() {
        String out = g.fsops("mkdir", "/tmp/d", "755", "unlink", "/tmp/d", "unlink", "/dev/null", "unlink", "/proc/meminfo",
                "unlink", "/tmp/none", "unlink", "/dev", "stat", "/dev/null");
        assertEquals("mkdir=0\nunlink=-1\nunlink=-1\nunlink=-45\nunlink=-2\nunlink=-1\n", out.substring(0,
                out.indexOf("stat=")));
        assertTrue(out.contains("stat=0 mode=20666 "), out);
        assertEquals("unlink=-13\n", g.fsops(Ucred.user(), "unlink", "/dev/null"), "/dev is 0555");
    }

    @Test
    void chdirAndGetcwd() {
        String out = g.fsops("getcwd", "chdir", "/tmp", "getcwd", "mkdir", "d", "755", "chdir", "d", "getcwd", "chdir",
                "..//./d/../../dev", "getcwd", "chdir", "null", "chdir", "/nope", "chdir", "..", "getcwd", "stat", "tmp/d");
        assertEquals("getcwd=/\nchdir=0\ngetcwd=/tmp\nmkdir=0\nchdir=0\ngetcwd=/tmp/d\nchdir=0\ngetcwd=/dev\nchdir=-20\n"
                + "chdir=-2\nchdir=0\ngetcwd=/\n", out.substring(0, out.indexOf("stat=")));
        assertTrue(out.contains("stat=0 mode=40755 "), "relative to the new cwd: " + out);
    }

    @Test
    void aRemovedCurrentDirectoryCannotBeNamedAnyMore() {
        String out = g.fsops("mkdir", "/tmp/gone", "755", "chdir", "/tmp/gone", "rmdir", "/tmp/gone", "getcwd",
                "open", "x", "CREAT|RDWR", "644", "stat", ".", "stat", "/tmp");
        assertTrue(out.startsWith("mkdir=0\nchdir=0\nrmdir=0\ngetcwd=null\nopen=-2\nstat=-2\nstat=0 "), out);
    }
    @Test
    void renameMovesAFileAndReplacesTheTarget() {
        String out = g.fsops("open", "/tmp/a", "CREAT|RDWR", "644", "write", "3", "first", "open", "/tmp/b", "CREAT|RDWR",
                "600", "write", "4", "second", "close", "4", "rename", "/tmp/a", "/tmp/b", "stat", "/tmp/a",
                "open", "/tmp/b", "RDONLY", "0", "read", "4", "64", "stat", "/tmp/b");
        assertTrue(out.startsWith("open=3\nwrite=5\nopen=4\nwrite=6\nclose=0\nrename=0\nstat=-2\nopen=4\n"
                + "read=5:first\nstat=0 mode=100644 "), "the old target is gone, its name now the source's: " + out);
    }

    @Test
    void renameOfADirectoryMovesItsTreeAndTheCurrentDirectoryWithIt() {
        String out = g.fsops("mkdir", "/tmp/d", "755", "mkdir", "/tmp/d/e", "755", "open", "/tmp/d/e/f", "CREAT|RDWR",
                "644", "mkdir", "/tmp/n", "755", "chdir", "/tmp/d/e", "rename", "/tmp/d", "/tmp/n/m", "getcwd",
                "stat", "f", "stat", "/tmp/d", "stat", "/tmp/n/m/e/f", "stat", "/tmp/n");
        assertTrue(out.startsWith("mkdir=0\nmkdir=0\nopen=3\nmkdir=0\nchdir=0\nrename=0\ngetcwd=/tmp/n/m/e\n"
                + "stat=0 mode=100644 "), out);
        has(out, "stat=-2");
        assertTrue(out.contains("\nstat=0 mode=100644 uid=0 gid=0 size=0 nlink=1 "), out);
        assertTrue(out.contains("\nstat=0 mode=40755 uid=0 gid=0 size=512 nlink=3 "), "/tmp/n holds m: " + out);
    }

    @Test
    void renameErrorsAsFreebsdGivesThem() {
        String out = g.fsops("mkdir", "/tmp/d", "755", "mkdir", "/tmp/d/e", "755", "mkdir", "/tmp/full", "755",
                "open", "/tmp/full/x", "CREAT|RDWR", "644", "open", "/tmp/f", "CREAT|RDWR", "644", "mkdir", "/tmp/empty",
                "755",
                "rename", "/tmp/none", "/tmp/x",
                "rename", "/tmp/d", "/tmp/f",
                "rename", "/tmp/f", "/tmp/d",
                "rename", "/tmp/d", "/tmp/full",
                "rename", "/tmp/d", "/tmp/d/e/g",
                "rename", "/tmp/d", "/tmp/d/g",
                "rename", "/tmp/d/.", "/tmp/g",
                "rename", "/tmp/d/e/..", "/tmp/g",
                "rename", "/tmp/f", "/proc/f",
                "rename", "/tmp/f", "/tmp/g/",
                "rename", "/tmp/f", "/tmp/none/g",
                "rename", "/tmp/f", "/dev/f",
                "rename", "/dev/null", "/dev/nul",
                "rename", "/tmp/f", "/boot/modules/f",
                "rename", "/tmp/f", "/tmp/f",
                "rename", "/tmp/d", "/tmp/empty",
                "stat", "/tmp/empty/e");
        assertEquals("mkdir=0\nmkdir=0\nmkdir=0\nopen=3\nopen=4\nmkdir=0\n"
                + "rename=-2\n" // ENOENT
                + "rename=-20\n" // a directory onto a file: ENOTDIR
                + "rename=-21\n" // a file onto a directory: EISDIR
                + "rename=-66\n" // onto a directory with entries: ENOTEMPTY
                + "rename=-22\n" // below itself: EINVAL
                + "rename=-22\n" // into itself
                + "rename=-22\n" // "."
                + "rename=-22\n" // ".."
                + "rename=-18\n" // from tmpfs to procfs: EXDEV
                + "rename=-20\n" // a file to a name with a trailing slash
                + "rename=-2\n" // a missing target directory
                + "rename=-18\n" // into devfs
                + "rename=-45\n" // within devfs: EOPNOTSUPP, as devfs has no VOP_RENAME
                + "rename=-30\n" // onto a read-only mount: EROFS
                + "rename=0\n" // the same file: nothing to do
                + "rename=0\n", // onto an empty directory
                out.substring(0, out.indexOf("stat=")));
        assertTrue(out.contains("stat=0 mode=40755 "), "the moved directory kept its subdirectory: " + out);
    }

    @Test
    void umaskTakesItsBitsOffNewFilesAndDirectoriesAndReturnsTheOldMask() {
        String out = g.fsops("umask", "027", "umask", "7777", "umask", "0", "open", "/tmp/a", "CREAT|RDWR", "777",
                "umask", "077", "open", "/tmp/b", "CREAT|RDWR", "666", "mkdir", "/tmp/d", "777", "spawnto", "/tmp/s",
                "666", "stat", "/tmp/a", "stat", "/tmp/b", "stat", "/tmp/d", "stat", "/tmp/s");
        assertTrue(out.startsWith("umask=22\numask=27\numask=7777\nopen=3\numask=0\nopen=4\nmkdir=0\nspawnto=0\n"
                + "stat=0 mode=100777 "), "CMASK 022 first; the mask kept to ALLPERMS: " + out);
        assertTrue(out.contains("stat=0 mode=100600 ") && out.contains("stat=0 mode=40700 "), out);
        assertTrue(out.substring(out.lastIndexOf("\nstat=")).startsWith("\nstat=0 mode=100600 "),
                "a spawn's open action creates with the mask the child inherits: " + out);
    }

    @Test
    void renameChecksTheRightsOfBothDirectories() {
        g.fsops("umask", "0", "mkdir", "/tmp/rootdir", "755", "open", "/tmp/rootdir/f", "CREAT|RDWR", "666", "open", "/tmp/roots",
                "CREAT|RDWR", "666", "mkdir", "/tmp/open", "777", "mkdir", "/tmp/open/sub", "755");
        String out = g.fsops(Ucred.user(), "rename", "/tmp/rootdir/f", "/tmp/mine", "open", "/tmp/u", "CREAT|RDWR",
                "644", "rename", "/tmp/u", "/tmp/rootdir/u", "rename", "/tmp/roots", "/tmp/r2", "rename", "/tmp/u",
                "/tmp/roots", "rename", "/tmp/open/sub", "/tmp/open/sub2", "rename", "/tmp/open/sub2", "/tmp/sub3",
                "rename", "/tmp/u", "/tmp/u2");
        assertEquals("rename=-13\nopen=3\nrename=-13\nrename=-1\nrename=-1\nrename=0\nrename=-13\nrename=0\n", out,
                "EACCES without write on the source's or the target's directory; EPERM in the sticky /tmp for"
                        + " another's file, as source or as target; a directory that changes parent must be writable");
    }
    @Test
    void utimensatSetsOrKeepsEachTime() {
        String out = g.fsops("open", "/tmp/f", "CREAT|RDWR", "644", "utimensat", "/tmp/f", "100", "0", "200", "999999999",
                "times", "/tmp/f", "utimensat", "/tmp/f", "0", "-2", "300", "0", "times", "/tmp/f",
                "utimensat", "/tmp/f", "5", "1000000000", "6", "0", "utimensat", "/tmp/f", "5", "-3", "6", "0",
                "utimensat", "/tmp/none", "0", "-2", "0", "-2", "utimensat", "/boot/modules", "now",
                "syscall", "547", "4", "-100", "0x40000000", "0", "0x100");
        assertTrue(out.startsWith("open=3\nutimensat=0\ntimes=0 atime=100 mtime=200 ctime="), out);
        assertTrue(out.contains("\nutimensat=0\ntimes=0 atime=100 mtime=300 ctime="), "UTIME_OMIT keeps atime: " + out);
        assertTrue(out.endsWith("utimensat=-22\nutimensat=-22\nutimensat=-2\nutimensat=-30\nsyscall=-22\n"),
                "a bad tv_nsec is EINVAL; two UTIME_OMITs still look the path up; a read-only mount is EROFS; an"
                        + " unknown flag EINVAL: " + out);
    }

    @Test
    void utimensatNowNeedsWritePermissionAndExplicitTimesTheOwner() {
        g.fsops("umask", "0", "open", "/tmp/shared", "CREAT|RDWR", "666", "open", "/tmp/private", "CREAT|RDWR", "644");
        String out = g.fsops(Ucred.user(), "utimensat", "/tmp/shared", "now", "utimensat", "/tmp/shared", "-1", "-1",
                "-1", "-1", "utimensat", "/tmp/shared", "1", "0", "2", "0", "utimensat", "/tmp/private", "now",
                "open", "/tmp/mine", "CREAT|RDWR", "600", "utimensat", "/tmp/mine", "1", "0", "2", "0");
        assertEquals("utimensat=0\nutimensat=0\nutimensat=-1\nutimensat=-13\nopen=3\nutimensat=0\n", out,
                "now (NULL, or UTIME_NOW twice) with write permission; explicit times only for the owner (EPERM);"
                        + " EACCES without write permission");
        assertEquals("utimensat=0\n", g.fsops("utimensat", "/tmp/private", "7", "0", "8", "0"), "root may");
    }

    @Test
    void aChownThatChangesNothingIsNotRefused() {
        g.fsops("open", "/tmp/rootfile", "CREAT|RDWR", "644");
        String out = g.fsops(Ucred.user(), "chown", "/tmp/rootfile", "-1", "-1", "chown", "/tmp/rootfile", "0", "0",
                "chown", "/tmp/rootfile", "-1", "1001");
        assertEquals("chown=0\nchown=0\nchown=-1\n", out,
                "tmpfs_chown returns 0 before any check when owner and group stay as they are; EPERM for a change");
    }
}
