package org.kld86.kernel.vfs;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kld86.emulator.Machine;
import org.kld86.emulator.MachineConfig;
import org.kld86.kernel.Guest;
import org.kld86.kernel.Kernel;
import org.kld86.kernel.KernelOptions;
import org.kld86.kernel.kld.HostModuleStore;
import org.kld86.kernel.kld.MemoryModuleStore;
import org.kld86.kernel.proc.Ucred;

/** hostfs: host folders shown read-only, never beyond themselves. */
class HostfsTest {

    @TempDir
    Path tmp;
    private Guest g;

    @AfterEach
    void tearDown() {
        if (g != null) {
            g.close();
        }
    }

    private Path share() throws IOException {
        Path share = Files.createDirectories(tmp.resolve("share"));
        Files.writeString(share.resolve("hello.txt"), "hello from the host\n");
        Files.createDirectories(share.resolve("sub"));
        Files.writeString(share.resolve("sub/deep.txt"), "deep");
        Files.writeString(tmp.resolve("secret.txt"), "outside");
        Files.createSymbolicLink(share.resolve("escape"), tmp.resolve("secret.txt"));
        Files.createSymbolicLink(share.resolve("inside"), share.resolve("sub/deep.txt"));
        Files.createSymbolicLink(share.resolve("updir"), tmp);
        return share;
    }

    @Test
    void theSharedFolderIsReadableAtHost() throws IOException {
        g = new Guest(new MemoryModuleStore(), share());
        String out = g.fsops("open", "/host/hello.txt", "RDONLY", "0", "readall", "3", "stat", "/host/hello.txt",
                "stat", "/host/sub", "ls", "/host", "open", "/host/sub/deep.txt", "RDONLY", "0", "read", "4", "100");
        assertTrue(out.startsWith("open=3\nreadall=0:hello from the host\n"), out);
        assertTrue(out.contains("stat=0 mode=100444 uid=0 gid=0 size=20 nlink=1 "), out);
        assertTrue(out.contains("stat=0 mode=40555 uid=0 gid=0 "), out);
        assertTrue(out.contains("ls=5 ./4 ../4 hello.txt/8 inside/8 sub/4\n"), "the link out of the share is not shown: "
                + out);
        assertTrue(out.endsWith("read=4:deep\n"), out);
    }

    @Test
    void everyChangeIsErofs() throws IOException {
        g = new Guest(new MemoryModuleStore(), share());
        String out = g.fsops("open", "/host/hello.txt", "WRONLY", "0", "open", "/host/hello.txt", "RDONLY|TRUNC", "0",
                "open", "/host/new", "CREAT|RDWR", "644", "unlink", "/host/hello.txt", "mkdir", "/host/d", "755",
                "rmdir", "/host/sub", "open", "/host/hello.txt", "RDONLY", "0", "write", "3", "x");
        assertEquals("open=-30\nopen=-30\nopen=-30\nunlink=-30\nmkdir=-30\nrmdir=-30\nopen=3\nwrite=-9\n", out,
                "write on a read-only descriptor is EBADF");
        assertEquals("hello from the host\n", Files.readString(tmp.resolve("share/hello.txt")));
        assertFalse(Files.exists(tmp.resolve("share/new")));
    }

    @Test
    void nothingOutsideTheFolderCanBeReached() throws IOException {
        g = new Guest(new MemoryModuleStore(), share());
        String out = g.fsops("stat", "/host/escape", "stat", "/host/updir", "stat", "/host/updir/secret.txt",
                "stat", "/host/../tmp", "stat", "/host/sub/../../etc", "open", "/host/inside", "RDONLY", "0", "read", "3", "9");
        assertTrue(out.startsWith("stat=-2\nstat=-2\nstat=-2\nstat=0 mode=41777 "), out);
        assertTrue(out.contains("stat=0 mode=40755 "), "/host/sub/../../etc is the guest's /etc: " + out);
        assertTrue(out.endsWith("read=4:deep\n"), "a link that stays inside is followed: " + out);
        assertEquals("deep", new String(g.kernel.vfs().readFile("/host/inside", null, new int[1])));
    }

    @Test
    void timesAreTheBootsAndDoNotDependOnTheHost() throws IOException {
        g = new Guest(new MemoryModuleStore(), share());
        org.kld86.kernel.fs.Stat sb = new org.kld86.kernel.fs.Stat();
        assertEquals(0, g.kernel.vfs().calls().stat(Ucred.root(), g.kernel.vfs().root(), "/host/hello.txt", sb));
        assertEquals(0, sb.mtime);
        assertEquals(0, sb.atime);
        assertEquals(0, sb.ctime);
    }

    @Test
    void aHostModuleStoreShowsItsFoldersAtBootModules() throws IOException {
        Path mods = Files.createDirectories(tmp.resolve("mods"));
        Files.write(mods.resolve("a.ko"), new byte[] {1, 2});
        Files.writeString(mods.resolve("README"), "not a module");
        Path more = Files.createDirectories(tmp.resolve("more"));
        Files.write(more.resolve("a.ko"), new byte[] {9});
        Files.write(more.resolve("b.ko"), new byte[] {3});
        HostModuleStore store = new HostModuleStore().mount("/boot/modules", List.of(mods, more));
        Kernel k = Kernel.boot(new Machine(MachineConfig.builder().ram("64M").clearDevices().build()),
                KernelOptions.defaults(), store);
        try {
            Vfs vfs = k.vfs();
            Namei.Result r = Namei.lookup(vfs.root(), vfs.root(), Ucred.root(), "/boot/modules", Namei.Op.LOOKUP);
            assertEquals("hostfs", r.vp().mount().fstype());
            assertEquals(List.of("README", "a.ko", "b.ko"), r.vp().names());
            assertArrayEquals(new byte[] {1, 2}, vfs.readFile("/boot/modules/a.ko", null, new int[1]), "the first folder wins");
            assertEquals(List.of("/boot/modules/a.ko", "/boot/modules/b.ko"), vfs.moduleStore().list("/boot/modules"));
            assertArrayEquals(new byte[] {3}, vfs.moduleStore().read("/boot/modules/b.ko"));
        } finally {
            k.shutdown();
        }
    }
}
