package org.kld86.kernel.vfs;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.kld86.kernel.Guest;
import org.kld86.kernel.proc.Ucred;

/**
 * open, stat, mkdir, rmdir, unlink and chdir as user programs see them: results and errnos (negated, as libc
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
    void aNewFileTakesItsModeAsGivenLessTheStickyBitAndTheGroupOfItsDirectory() {
        String out = g.fsops("open", "/home/user/f", "CREAT|RDWR", "1777", "stat", "/home/user/f");
        has(out, "open=3");
        assertTrue(out.contains("stat=0 mode=100777 uid=0 gid=1001 "), out);
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
        assertTrue(out.startsWith("mkdir=0\nstat=0 mode=40777 "), "ACCESSPERMS: no sticky bit from mkdir(2): " + out);
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
}
