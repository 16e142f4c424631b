package org.kld86.kernel.syscall;

import static org.junit.jupiter.api.Assertions.*;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.kld86.kernel.Guest;
import org.kld86.kernel.proc.KThread;
import org.kld86.kernel.proc.Ucred;
import org.kld86.kernel.sysctl.Sysctl;
import org.kld86.kernel.vfs.Namei;
import org.kld86.kernel.vfs.Vnode;
import org.kld86.kernel.vfs.VType;

/** The file system calls' argument handling, and a seeded fuzz run of all of them. */
class VfsSyscallsTest {

    private final Guest g = new Guest();

    @AfterEach
    void tearDown() {
        g.close();
    }

    private static String s(long v) {
        return Long.toString(v);
    }

    @Test
    void getcwdWantsRoomForThePathAndItsNul() {
        String out = g.fsops("chdir", "/tmp", "syscall", s(Sys.GETCWD), "2", "0x40000000", "1",
                "syscall", s(Sys.GETCWD), "2", "0xC0000000", "100", "mkdir", "/tmp/dd", "755", "chdir", "/tmp/dd",
                "syscall", s(Sys.GETCWD), "2", "0x08048000", "100");
        assertTrue(out.startsWith("chdir=0\nsyscall=-22\nsyscall=-14\nmkdir=0\nchdir=0\nsyscall=-14\n"),
                "EINVAL under 2 bytes; EFAULT for a kernel or read-only buffer: " + out);
    }

    @Test
    void aPathLongerThanMaxpathlenIsEnametoolongAndABadPointerEfault() {
        String longPath = "/" + "a".repeat(1100);
        String out = g.fsops("open", longPath, "RDONLY", "0", "stat", longPath, "mkdir", longPath, "755",
                "syscall", s(Sys.OPEN), "3", "0xC0000000", "0", "0", "syscall", s(Sys.UNLINK), "1", "0");
        assertEquals("open=-63\nstat=-63\nmkdir=-63\nsyscall=-14\nsyscall=-14\n", out);
    }

    @Test
    void fstatatTakesADirectoryDescriptorForARelativePath() {
        String out = g.fsops("mkdir", "/tmp/dir", "755", "open", "/tmp/dir/f", "CREAT|RDWR", "640", "open", "/tmp/dir",
                "RDONLY", "0", "fstatat", "4", "f", "0", "fstatat", "3", "f", "0", "fstatat", "99", "f", "0",
                "fstatat", "99", "/tmp/dir/f", "0", "fstatat", "-100", "tmp", "0x200", "fstatat", "-100", "tmp", "0x1000");
        assertEquals("mkdir=0\nopen=3\nopen=4\nfstatat=0 mode=100640\nfstatat=-20\nfstatat=-9\nfstatat=0 mode=100640\n"
                + "fstatat=0 mode=41777\nfstatat=-22\n", out,
                "a directory descriptor starts the path; a file's is ENOTDIR, a closed one EBADF; an absolute path needs"
                        + " none; AT_SYMLINK_NOFOLLOW is the one flag");
    }

    @Test
    void renameCopiesBothPathsInFirst() {
        String longPath = "/tmp/" + "a".repeat(1100);
        String out = g.fsops("open", "/tmp/f", "CREAT|RDWR", "644", "rename", "/tmp/f", longPath, "rename", longPath,
                "/tmp/g", "syscall", s(Sys.RENAME), "2", "0", "0", "syscall", s(Sys.RENAME), "2", "0xC0000000", "0",
                "stat", "/tmp/f");
        assertTrue(out.startsWith("open=3\nrename=-63\nrename=-63\nsyscall=-14\nsyscall=-14\nstat=0 "), out);
    }

    @Test
    void utimensatCopiesItsTimesInAndTakesADirectoryDescriptor() {
        String out = g.fsops("mkdir", "/tmp/d", "755", "open", "/tmp/d/f", "CREAT|RDWR", "644", "open", "/tmp/d",
                "RDONLY", "0", "syscall", s(Sys.UTIMENSAT), "4", "-100", "0x40000000", "0xC0000000", "0",
                "utimensatfd", "4", "f", "utimensatfd", "99", "f", "utimensatfd", "3", "f", "utimensatfd", "99", "/tmp/d/f",
                "utimensatfd", "4", "g");
        assertEquals("mkdir=0\nopen=3\nopen=4\nsyscall=-14\nutimensatfd=0\nutimensatfd=-9\nutimensatfd=-20\n"
                + "utimensatfd=0\nutimensatfd=-2\n", out, "EFAULT for times in the kernel's half; a relative path from"
                        + " the directory open on the descriptor, EBADF and ENOTDIR for a bad one; none for an absolute path");
    }

    @Test
    void chmodAndChownTakeAPathADescriptorOrADirectoryDescriptor() {
        String out = g.fsops("open", "/tmp/f", "CREAT|RDWR", "644", "syscall", s(Sys.FCHMOD), "2", "3", "384",
                "stat", "/tmp/f", "syscall", s(Sys.FCHMOD), "2", "99", "384", "pipe",
                "syscall", s(Sys.FCHMOD), "2", "4", "384", "syscall", s(Sys.FCHOWN), "3", "5", "0", "0",
                "syscall", s(Sys.FCHMODAT), "4", "-100", "0xC0000000", "384", "0",
                "syscall", s(Sys.FCHMODAT), "4", "-100", "0xC0000000", "384", "1",
                "syscall", s(Sys.CHOWN), "3", "0xC0000000", "0", "0",
                "syscall", s(Sys.FCHOWNAT), "5", "-100", "0xC0000000", "0", "0", "0x1000");
        assertTrue(out.matches("open=3\nsyscall=0\nstat=0 mode=100600 uid=0 gid=0 size=0 nlink=1 ino=\\d+\n"
                + "syscall=-9\npipe=0 4,5\nsyscall=-22\nsyscall=-22\nsyscall=-14\nsyscall=-22\nsyscall=-14\nsyscall=-22\n"),
                out + ": " +
                "fchmod of an open file; EBADF; EINVAL for a pipe, as FreeBSD's pipe has no fo_chmod; EFAULT for a"
                        + " path in the kernel's half; EINVAL for any flag but AT_SYMLINK_NOFOLLOW");
    }

    @Test
    void pipe2RefusesUnknownFlagsAndABadArray() {
        String out = g.fsops("syscall", s(Sys.PIPE2), "2", "0x40000000", "0x10", "syscall", s(Sys.PIPE2), "2",
                "0xC0000000", "0", "pipe");
        assertEquals("syscall=-22\nsyscall=-14\npipe=0 3,4\n", out,
                "the failed copyout closed both descriptors again, so the next pipe gets 3 and 4");
    }

    private long pagesUsed() {
        return ((Sysctl.LongNode) g.kernel.sysctl().lookup("vfs.tmpfs.pages_used")).getter().getAsLong();
    }

    /** The pages of every tmpfs file, walking the tree from {@code dir}; new files are collected to remove. */
    private long tmpfsPages(Vnode dir, String path, List<String> made, List<String> madeDirs) {
        long pages = 0;
        for (String n : dir.names()) {
            Vnode v = dir.lookup(n);
            if (v == null || v.mount() != g.kernel.vfs().rootfs().mount()) {
                continue;
            }
            String p = path + "/" + n;
            if (v.type() == VType.VDIR) {
                pages += tmpfsPages(v, p, made, madeDirs);
                if (!List.of("/bin", "/boot", "/boot/kernel", "/boot/modules", "/dev", "/etc", "/home", "/home/user",
                        "/proc", "/root", "/tmp").contains(p)) {
                    madeDirs.add(p); // after its contents: post-order
                }
            } else {
                pages += v.blocks() / 8;
                if (!p.startsWith("/bin/")) {
                    made.add(p);
                }
            }
        }
        return pages;
    }

    @Test
    void thousandsOfRandomFileSystemCallsLeaveAKernelThatStillAddsUp() {
        g.fsops("getcwd"); // a first process makes what every process after it reuses
        long free = g.freePages();
        long used = pagesUsed();
        StringBuilder seen = new StringBuilder();
        for (long seed : new long[] {1, 2, 3}) {
            int mark = g.tty().length();
            int status = g.run(Ucred.root(), "/bin/fsfuzz", Long.toString(seed), "2500");
            String out = g.tty().substring(mark);
            assertEquals(0, status, "seed " + seed + ":\n" + out);
            assertTrue(out.endsWith("fuzz done\n"), out);
            seen.append(out);
            assertNull(g.kernel.panicked());
            for (KThread t : g.kernel.scheduler().threads()) {
                assertNull(t.failure(), "a thread died of an exception: " + t.failure());
            }
            List<String> made = new ArrayList<>();
            List<String> madeDirs = new ArrayList<>();
            Vnode root = Namei.lookup(g.kernel.vfs().root(), g.kernel.vfs().root(), Ucred.root(), "/", Namei.Op.LOOKUP).vp();
            assertEquals(pagesUsed(), tmpfsPages(root, "", made, madeDirs), "vfs.tmpfs.pages_used is the files' pages");
            for (String p : made) {
                assertEquals(0, g.kernel.vfs().calls().unlink(Ucred.root(), g.kernel.vfs().root(), p), p);
            }
            for (String p : madeDirs) {
                assertEquals(0, g.kernel.vfs().calls().rmdir(Ucred.root(), g.kernel.vfs().root(), p), p);
            }
            assertEquals(used, pagesUsed(), "every page of what the run left went back when it was removed");
        }
        assertEquals(free, g.freePages(), "no page leaked: pipes, ioctl buffers, /proc buffers, file data");
        for (String expected : List.of("open -2", "open -20", "open -21", "open -22", "open -24", "open -63", "read -9",
                "read -14", "read -21", "read -35", "write -9", "write -14", "getdents -22", "mkdir -17", "rmdir -66",
                "rmdir -16", "unlink -1", "rename ok", "rename -18", "rename -22", "rename -66", "lseek -29", "ioctl -25", "getcwd -12", "open ok", "read ok", "write ok",
                "getdents ok", "pipe2 ok")) {
            assertTrue(seen.toString().contains("\n" + expected + " "), "no run saw " + expected + ":\n" + seen);
        }
    }
}
