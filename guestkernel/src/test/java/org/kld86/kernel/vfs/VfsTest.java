package org.kld86.kernel.vfs;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.kld86.kernel.Guest;
import org.kld86.kernel.fs.Stat;
import org.kld86.kernel.proc.Ucred;
import org.kld86.kpi.Errno;

/** What boot mounts and makes, /bin's executables, and the FileSystem the process layer uses. */
class VfsTest {

    private final Guest g = new Guest();
    private final Vfs vfs = g.kernel.vfs();

    @AfterEach
    void tearDown() {
        g.close();
    }

    private Stat stat(String path) {
        Stat sb = new Stat();
        assertEquals(0, vfs.calls().stat(Ucred.root(), vfs.root(), path, sb), path);
        return sb;
    }

    @Test
    void bootMountsTmpfsDevfsProcfsAndTheModuleStore() {
        assertEquals(List.of("tmpfs /", "devfs /dev", "procfs /proc", "storefs /boot/kernel", "storefs /boot/modules"),
                vfs.mounts().stream().map(m -> m.fstype() + " " + m.path()).toList());
        assertTrue(vfs.mounts().get(3).readOnly());
        assertFalse(vfs.mounts().get(0).readOnly());
    }

    @Test
    void theDirectoriesOfBootHaveTheirModesAndOwners() {
        assertEquals(Stat.S_IFDIR | 01777, stat("/tmp").mode);
        assertEquals(Stat.S_IFDIR | 0750, stat("/root").mode);
        assertEquals(Stat.S_IFDIR | 0755, stat("/etc").mode);
        assertEquals(Stat.S_IFDIR | 0555, stat("/boot/kernel").mode, "a read-only store");
        Stat home = stat("/home/user");
        assertEquals(Ucred.UID_USER, home.uid);
        assertEquals(Ucred.GID_USER, home.gid);
        assertEquals(2, stat("/").ino, "tmpfs numbers its root 2");
        assertNotEquals(stat("/").dev, stat("/dev").dev, "each mount has its own st_dev");
    }

    @Test
    void binGetsOneExecutablePerProgramNamedAfterTheClass() {
        vfs.installPrograms(List.of("org.kld86.userland.Cat", "org.kld86.userland.KldLoad", "org.kld86.userland.libc.Libc",
                "org.kld86.userland.test.Hello", "org.kld86.userland.Cat$Options", "org.kld86.userland.other.Cat"));
        Vnode bin = Namei.lookup(vfs.root(), vfs.root(), Ucred.root(), "/bin", Namei.Op.LOOKUP).vp();
        assertTrue(bin.names().containsAll(List.of("cat", "kldload")));
        assertFalse(bin.names().contains("libc") || bin.names().contains("hello") || bin.names().contains("cat$options"));
        assertEquals("#!program org.kld86.userland.Cat\n",
                new String(vfs.readFile("/bin/cat", null, new int[1]), StandardCharsets.ISO_8859_1), "the first Cat wins");
        assertEquals(Stat.S_IFREG | 0555, stat("/bin/kldload").mode);
        assertEquals(0, stat("/bin/kldload").uid);
    }

    @Test
    void theKernelsProgramsAreAllInBin() {
        Vnode bin = Namei.lookup(vfs.root(), vfs.root(), Ucred.root(), "/bin", Namei.Op.LOOKUP).vp();
        for (String cn : g.kernel.userland().programs()) {
            if (cn.startsWith("org.kld86.userland.test.") || cn.startsWith("org.kld86.userland.libc.")) {
                continue;
            }
            String name = cn.substring(cn.lastIndexOf('.') + 1).toLowerCase(java.util.Locale.ROOT);
            assertNotNull(bin.lookup(name), cn);
        }
    }

    @Test
    void anExecutableNeedsAnExecuteBitEvenForRootAndMustBeARegularFile() {
        assertEquals(0, vfs.writeFile("/tmp/prog", "#!program org.kld86.userland.test.Hello\n".getBytes(
                StandardCharsets.ISO_8859_1), 0644));
        int[] err = {0};
        assertNull(vfs.readExecutable(null, "/tmp/prog", err));
        assertEquals(Errno.EACCES, err[0]);
        assertNull(vfs.readExecutable(null, "/tmp", err));
        assertEquals(Errno.EACCES, err[0]);
        assertNull(vfs.readExecutable(null, "/tmp/none", err));
        assertEquals(Errno.ENOENT, err[0]);
        assertEquals(0, vfs.writeFile("/tmp/prog", "#!program org.kld86.userland.test.Hello\n".getBytes(
                StandardCharsets.ISO_8859_1), 0700));
        assertNotNull(vfs.readExecutable(null, "/tmp/prog", err));
        assertEquals(3 << 8, g.run(Ucred.root(), "/tmp/prog", "x"), "Hello exits 3");
        assertTrue(g.tty().contains("hello x pid="), g.tty());
    }

    @Test
    void spawnFileActionsOpenThroughTheVfs() {
        assertEquals(0, vfs.writeFile("/tmp/in", "abc".getBytes(StandardCharsets.ISO_8859_1), 0644));
        int[] err = {0};
        org.kld86.kernel.fs.File fp = vfs.open(null, "/tmp/in", 0, 0, err);
        assertNotNull(fp);
        assertEquals(Stat.S_IFREG | 0644, fstat(fp).mode);
        fp.drop();
        assertNull(vfs.open(null, "/tmp/none", 0, 0, err));
        assertEquals(Errno.ENOENT, err[0]);
    }

    private static Stat fstat(org.kld86.kernel.fs.File fp) {
        Stat sb = new Stat();
        fp.ops.stat(fp, sb);
        return sb;
    }
}
