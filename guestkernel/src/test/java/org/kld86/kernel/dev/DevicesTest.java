package org.kld86.kernel.dev;

import static org.junit.jupiter.api.Assertions.*;
import static org.kld86.kpi.Ioccom.*;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.kld86.kernel.Guest;
import org.kld86.kernel.KernelPanic;
import org.kld86.kernel.fs.File;
import org.kld86.kernel.proc.KThread;
import org.kld86.kernel.proc.Proc;
import org.kld86.kernel.proc.Ucred;
import org.kld86.kernel.vfs.PathCalls;
import org.kld86.kpi.Cdev;
import org.kld86.kpi.Cdevsw;
import org.kld86.kpi.Conf;
import org.kld86.kpi.Errno;
import org.kld86.kpi.Uio;

/**
 * FreeBSD character devices end to end: a driver module made with make_dev, used by a user process through
 * open/read/write/ioctl/mmap/close, and destroyed under it.
 */
class DevicesTest {

    static final long GETLEN = _IOR('F', 1, 4);
    static final long SETLEN = _IOW('F', 2, 4);
    static final long XOR = _IOWR('F', 3, 4);
    static final long WAIT = _IO('F', 4);
    static final long BIG = _IOR('F', 5, 256);
    static final long RAW = _IO('F', 6);

    private static String s(long v) {
        return Long.toString(v);
    }

    private static String mem(Guest g, long va, int n) {
        byte[] b = new byte[n];
        g.kernel.memory().read(va, b, 0, n);
        return new String(b, StandardCharsets.ISO_8859_1);
    }

    @Test
    void aUserBufferReachesTheDriverThroughWriteAndComesBackThroughRead() {
        try (Guest g = new Guest()) {
            TestDrivers.Buffer b = TestDrivers.loadFb(g);
            String out = g.fsops("open", "/dev/fbtest", "RDWR", "0", "write", "3", "hello", "lseek", "3", "0", "SET",
                    "read", "3", "100", "ioctl", "3", s(GETLEN), "0", "ioctl", "3", s(XOR), "0x1234", "ioctl", "3", s(SETLEN),
                    "3", "lseek", "3", "0", "SET", "read", "3", "100", "close", "3");
            assertTrue(out.matches("fbtest: open by pid \\d+, flags 0x3\nopen=3\nwrite=5\nlseek=0\nread=5:hello\n"
                    + "ioctl=0 val=5\nioctl=0 val=" + (0x1234 ^ 0x5a5a) + "\nioctl=0 val=3\nlseek=0\nread=3:hel\n"
                    + "fbtest: close\nclose=0\n"), out);
            assertEquals("hello", mem(g, b.va(), 5), "the bytes went through copyin into the driver's kernel buffer");
        }
    }

    @Test
    void ioctlCopiesByTheCommandWord() {
        try (Guest g = new Guest()) {
            TestDrivers.loadFb(g);
            String out = g.fsops("open", "/dev/fbtest", "RDWR", "0", "ioctl", "3", s(BIG), "7", "ioctlv", "3", s(RAW),
                    "0x1234", "ioctlv", "3", s(RAW), "0x99", "ioctl", "3", s(_IOR('F', 99, 4)), "7",
                    "ioctl", "3", "0x1234", "7", "ioctl", "3", s(_IOR('F', 1, 0)), "7", "ioctl", "3", s(_IOC(IOC_VOID, 'F', 1, 8)),
                    "7", "ioctlv", "3", s(GETLEN), "0xC0000000");
            assertTrue(out.endsWith("ioctl=0 val=" + 0x03020100 + "\nioctlv=0\nioctlv=-22\nioctl=-25 val=7\nioctl=-25 val=7\n"
                    + "ioctl=-25 val=7\nioctl=-25 val=7\nioctlv=-14\nfbtest: close\n"),
                    "a 256-byte result, a raw argument, an unknown command, malformed commands, a bad pointer: " + out);
            assertTrue(g.kernel.malloc().types().stream().anyMatch(t -> t.shortdesc().equals("ioctlops")),
                    "the 256-byte argument was malloc'ed as ioctlops");
        }
    }

    @Test
    void mmapMapsTheDriversPagesIntoTheProcess() {
        try (Guest g = new Guest()) {
            TestDrivers.Buffer b = TestDrivers.loadFb(g);
            g.kernel.memory().write(b.va(), "from the driver".getBytes(StandardCharsets.ISO_8859_1), 0, 15);
            String out = g.fsops("open", "/dev/fbtest", "RDWR", "0", "mmap", "3", "8192", "0", "mread", "0", "15",
                    "mwrite", "4096", "MAPPED", "mmap", "3", "4096", "8192", "close", "3");
            assertTrue(out.contains("mmap=ok\nmread=from the driver\nmwrite=6\nmmap=-22\n"), out);
            assertEquals("MAPPED", mem(g, b.va() + 4096, 6), "the process wrote the driver's second page");
        }
    }

    @Test
    void anUnprivilegedUserCannotOpenARootDeviceOfMode0600() {
        try (Guest g = new Guest()) {
            TestDrivers.loadFb(g);
            assertEquals("open=-13\nstat=0 mode=20600 uid=0 gid=0 size=0 nlink=1 ",
                    g.fsops(Ucred.user(), "open", "/dev/fbtest", "RDONLY", "0", "stat", "/dev/fbtest").replaceAll("ino=.*\n", ""));
            assertTrue(g.fsops("open", "/dev/fbtest", "RDONLY", "0").contains("open=3\n"), "root may");
        }
    }

    @Test
    void destroyDevWaitsUntilTheThreadInsideTheDriverLeaves() {
        try (Guest g = new Guest()) {
            TestDrivers.loadFb(g);
            Proc p = g.spawn(Ucred.root(), "/bin/fsops", "open", "/dev/fbtest", "RDWR", "0", "ioctl", "3", s(WAIT), "0",
                    "read", "3", "10", "close", "3");
            while (p.thread().state() != KThread.State.SLEEPING) {
                g.kernel.scheduler().yield();
            }
            assertEquals("fbwait", p.thread().wmesg());
            int mark = g.tty().length();
            int id = g.kernel.linker().findFile("fbtest.ko").id();
            assertEquals(0, g.kernel.linker().kldunload(id, 0));
            g.kernel.procs().waitDetached(p);
            assertEquals("fbtest: woke 0\nioctl=0 val=0\nread=-6\nclose=-6\nfbtest: unloaded\n", g.tty().substring(mark),
                    "d_purge woke the sleeper, destroy_dev returned only after it left the driver, and the descriptor"
                            + " it still had got ENXIO without d_close");
            assertEquals("stat=-2\n", g.fsops("stat", "/dev/fbtest"));
        }
    }

    @Test
    void withoutDPurgeDestroyDevPollsUntilTheSleeperTimesOut() {
        try (Guest g = new Guest()) {
            TestDrivers.loadFb(g, "hw.fbtest.purge", "0", "hw.fbtest.wait_ticks", "300");
            Proc p = g.spawn(Ucred.root(), "/bin/fsops", "open", "/dev/fbtest", "RDWR", "0", "ioctl", "3", s(WAIT), "0");
            while (p.thread().state() != KThread.State.SLEEPING) {
                g.kernel.scheduler().yield();
            }
            long start = g.machine.clock().nanos();
            int mark = g.tty().length();
            assertEquals(0, g.kernel.linker().kldunload(g.kernel.linker().findFile("fbtest.ko").id(), 0));
            long waited = g.machine.clock().nanos() - start;
            assertTrue(g.tty().substring(mark).startsWith("fbtest: woke " + Errno.EWOULDBLOCK + "\n"), g.tty());
            assertTrue(g.tty().endsWith("fbtest: unloaded\n"), g.tty());
            assertTrue(waited >= 250_000_000L && waited <= 450_000_000L, "slept about 300 ticks: " + waited);
            g.kernel.procs().waitDetached(p);
        }
    }

    @Test
    void aDescriptorOpenAcrossTheUnloadGetsEnxioAndNoClose() {
        try (Guest g = new Guest()) {
            TestDrivers.loadFb(g);
            int[] err = {0};
            File fp = g.kernel.vfs().open(null, "/dev/fbtest", PathCalls.O_RDWR, 0, err);
            assertNotNull(fp, "errno " + err[0]);
            assertEquals(0, g.kernel.linker().kldunload(g.kernel.linker().findFile("fbtest.ko").id(), 0));
            TestDrivers.Buffer kbuf = TestDrivers.buffer(g, 0);
            Uio uio = Uio.single(kbuf.va(), 10, 0, Uio.UIO_SYSSPACE, Uio.UIO_READ);
            assertEquals(Errno.ENXIO, fp.ops.read(fp, uio, fp.flags));
            assertEquals(Errno.ENXIO, fp.ops.ioctl(fp, GETLEN, 0));
            assertEquals(-Errno.ENXIO, fp.ops.mmap(fp, 0, 1));
            int mark = g.tty().length();
            assertEquals(Errno.ENXIO, fp.drop());
            assertEquals("", g.tty().substring(mark), "no d_close after destroy_dev");
        }
    }

    @Test
    void aDeviceAModuleForgotIsDestroyedWhenTheModuleGoes() {
        try (Guest g = new Guest()) {
            int before = g.kernel.devices().count();
            TestDrivers.loadFb(g, "hw.fbtest.leak", "1");
            assertEquals(before + 1, g.kernel.devices().count());
            assertEquals(0, g.kernel.linker().kldunload(g.kernel.linker().findFile("fbtest.ko").id(), 0));
            assertEquals(before, g.kernel.devices().count());
            assertEquals("stat=-2\n", g.fsops("stat", "/dev/fbtest"));
        }
    }

    @Test
    void dCloseRunsAtTheLastCloseUnlessTheDriverTracksEveryClose() {
        try (Guest g = new Guest()) {
            TestDrivers.loadFb(g);
            String out = g.fsops("open", "/dev/fbtest", "RDONLY", "0", "open", "/dev/fbtest", "RDONLY", "0", "close", "3",
                    "close", "4");
            assertTrue(out.endsWith("close=0\nfbtest: close\nclose=0\n"), out);
            assertEquals(1, out.split("fbtest: close").length - 1);
        }
        try (Guest g = new Guest()) {
            TestDrivers.loadFb(g, "hw.fbtest.track", "1");
            String out = g.fsops("open", "/dev/fbtest", "RDONLY", "0", "open", "/dev/fbtest", "RDONLY", "0", "close", "3",
                    "close", "4");
            assertTrue(out.endsWith("fbtest: close\nclose=0\nfbtest: close\nclose=0\n"), out);
        }
    }

    @Test
    void aDuplicateNamePanicsAsFreeBsdDoesUnlessTheCallerAsksToBeTold() {
        Guest g = new Guest();
        try {
            Cdevsw sw = new Cdevsw().d_version(Conf.D_VERSION).d_name("dup");
            assertNotNull(Conf.make_dev(sw, 0, 0, 0, 0600, "dup%d", 0));
            Cdev[] out = new Cdev[1];
            assertEquals(Errno.EEXIST, Conf.make_dev_p(Conf.MAKEDEV_CHECKNAME, out, sw, null, 0, 0, 0600, "dup0"));
            assertNull(out[0]);
            assertEquals(Errno.EINVAL, Conf.make_dev_p(Conf.MAKEDEV_CHECKNAME, out, sw, null, 0, 0, 0600, "a/../b"));
            assertEquals(Errno.EINVAL, Conf.make_dev_p(Conf.MAKEDEV_CHECKNAME, out, sw, null, 0, 0, 0600, "/abs"));
            assertEquals(Errno.ENAMETOOLONG, Conf.make_dev_p(Conf.MAKEDEV_CHECKNAME, out, sw, null, 0, 0, 0600,
                    "n".repeat(64)));
            KernelPanic p = assertThrows(KernelPanic.class, () -> Conf.make_dev(sw, 0, 0, 0, 0600, "dup0"));
            assertEquals("make_dev_credv: bad si_name (error=17, si_name=dup0)", p.getMessage());
        } finally {
            g.closeAfterPanic();
        }
    }

    @Test
    void aCdevswOfAnotherVersionIsRefusedWithTheWarning() {
        try (Guest g = new Guest()) {
            Cdevsw old = new Cdevsw().d_version(0x20011966).d_name("old");
            Cdev[] out = new Cdev[1];
            int mark = g.kernel.console().dmesg().length();
            assertEquals(Errno.EINVAL, Conf.make_dev_p(0, out, old, null, 0, 0, 0600, "old"));
            assertEquals("WARNING: Device driver \"old\" has wrong version and is disabled.  Recompile KLD module.\n",
                    g.kernel.console().dmesg().substring(mark));
            assertEquals("stat=-2\n", g.fsops("stat", "/dev/old"));
        }
    }

    @Test
    void namesWithSlashesLiveInDirectoriesThatGoWithTheirLastDevice() {
        try (Guest g = new Guest()) {
            Cdevsw sw = new Cdevsw().d_version(Conf.D_VERSION).d_name("led")
                    .d_read((dev, uio, ioflag) -> Uio.uiomove(0, 0, uio));
            Cdev a = Conf.make_dev(sw, 0, 0, 0, 0644, "led/%s", "disk0");
            Cdev b = Conf.make_dev(sw, 1, 0, 0, 0644, "led/disk1");
            assertEquals("led/disk0", Conf.devtoname(a));
            assertEquals(1, Conf.dev2unit(b));
            assertTrue(g.fsops("ls", "/dev/led").startsWith("ls=4 ./4 ../4 disk0/2 disk1/2\n"));
            assertEquals("open=3\nread=0\nwrite=-19\n", g.fsops("open", "/dev/led/disk0", "RDWR", "0", "read", "3", "5",
                    "write", "3", "x"), "an empty d_write slot is ENODEV");
            Conf.destroy_dev(a);
            assertTrue(g.fsops("ls", "/dev/led").startsWith("ls=3 "));
            Conf.destroy_dev(b);
            assertEquals("stat=-2\n", g.fsops("stat", "/dev/led"), "the directory went with its last device");
        }
    }
}
