package org.kld86.kernel.dev;

import static org.junit.jupiter.api.Assertions.*;
import static org.kld86.kpi.LinuxIoctl.*;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.kld86.kernel.Guest;
import org.kld86.kernel.kld.KernelModule;
import org.kld86.kernel.proc.ProcTable;
import org.kld86.kernel.proc.Ucred;

/**
 * A Linux-style driver module end to end: its cdevs appear as /dev nodes, user processes use them through
 * open/read/write/lseek/ioctl/mmap/close with Linux's f_pos and return-value conventions, and an open file keeps
 * the module from being unloaded.
 */
class LinuxFileOpsTest {

    static final int IOCRESET = _IO('k', 0);
    static final int IOCGSIZE = _IOR('k', 1, 4);
    static final int IOCQSIZE = _IO('k', 2);
    static final int IOCSSIZE = _IOW('k', 3, 4);

    private final Guest g = new Guest();

    @AfterEach
    void tearDown() {
        g.close();
    }

    private static String s(int cmd) {
        return Long.toString(Integer.toUnsignedLong(cmd));
    }

    private String mem(long va, int n) {
        byte[] b = new byte[n];
        g.kernel.memory().read(va, b, 0, n);
        return new String(b, StandardCharsets.ISO_8859_1);
    }

    @Test
    void cdevAddMadeOneNodePerMinorAndProcDevicesShowsTheMajor() {
        TestDrivers.loadLx(g);
        assertTrue(g.fsops("ls", "/dev").contains(" lxtest0/2 lxtest1/2 "));
        assertTrue(new String(g.kernel.vfs().readFile("/proc/devices", null, new int[1]), StandardCharsets.ISO_8859_1)
                .contains("\n254 lxtest\n"));
        assertTrue(g.kernel.console().dmesg().contains("lxtest: major 254\n"));
    }

    @Test
    void readAndWriteMoveThePositionTheDriverIsGiven() {
        TestDrivers.Buffer b = TestDrivers.loadLx(g);
        String out = g.fsops("open", "/dev/lxtest0", "RDWR", "0", "write", "3", "hello", "lseek", "3", "1", "SET",
                "read", "3", "3", "lseek", "3", "-2", "END", "read", "3", "10", "read", "3", "10", "lseek", "3", "-9", "SET",
                "lseek", "3", "0", "CUR", "lseek", "3", "0", "7");
        assertEquals("open=3\nwrite=5\nlseek=1\nread=3:ell\nlseek=3\nread=2:lo\nread=0\nlseek=-22\nlseek=5\nlseek=-22\n",
                out);
        assertEquals("hello", mem(b.va(), 5), "copy_from_user put the bytes in the driver's buffer");
        out = g.fsops("open", "/dev/lxtest1", "WRONLY", "0", "write", "3", "second", "open", "/dev/lxtest0", "RDONLY", "0",
                "read", "4", "100", "open", "/dev/lxtest0", "WRONLY", "0", "open", "/dev/lxtest0", "RDONLY", "0",
                "read", "6", "100");
        assertTrue(out.endsWith("read=5:hello\nopen=5\nopen=6\nread=0\n"), "opening O_WRONLY trims, as scull does: " + out);
        assertEquals("second", mem(b.va() + 4096, 6), "minor 1 is the second half of the buffer");
    }

    @Test
    void ioctlGetsTheRawArgumentAndItsValueReachesTheCaller() {
        TestDrivers.loadLx(g);
        String out = g.fsops("open", "/dev/lxtest0", "RDWR", "0", "write", "3", "abcdef", "ioctl", "3", s(IOCGSIZE), "0",
                "ioctlv", "3", s(IOCQSIZE), "0", "ioctl", "3", s(IOCSSIZE), "2", "read", "3", "10", "lseek", "3", "0", "SET",
                "read", "3", "10", "ioctlv", "3", s(IOCRESET), "0", "ioctlv", "3", s(_IO('k', 9)), "0",
                "ioctlv", "3", s(_IO('x', 1)), "0", "ioctlv", "3", s(IOCGSIZE), "0xC0000000", "ioctlv", "3", s(IOCQSIZE), "0");
        assertEquals("open=3\nwrite=6\nioctl=0 val=6\nioctlv=6\nioctl=0 val=2\nread=0\nlseek=0\nread=2:ab\nioctlv=0\n"
                + "ioctlv=-25\nioctlv=-25\nioctlv=-14\nioctlv=0\n", out,
                "_IOR's put_user, _IO's positive return, _IOW's get_user, -ENOIOCTLCMD and a foreign type as ENOTTY, a bad"
                        + " pointer as EFAULT");
    }

    @Test
    void anOpenFileHoldsTheModuleSoKldunloadIsBusy() {
        TestDrivers.loadLx(g);
        KernelModule m = g.kernel.linker().findModule("lxtest");
        String out = g.fsops("open", "/dev/lxtest0", "RDONLY", "0", "kldunload", "lxtest.ko", "close", "3",
                "kldunload", "lxtest.ko", "stat", "/dev/lxtest0", "stat", "/proc/lxtestmem");
        assertEquals("open=3\nkldunload=-16\nclose=0\nkldunload=0\nstat=-2\nstat=-2\n", out);
        assertEquals(0, m.useCount());
        assertTrue(g.kernel.console().dmesg().contains("lxtest: release 0\n"));
        assertFalse(new String(g.kernel.vfs().readFile("/proc/devices", null, new int[1]), StandardCharsets.ISO_8859_1)
                .contains("lxtest"), "module_exit gave the region back");
    }

    @Test
    void withoutAnOwnerTheModuleMayGoAndItsFilesAnswerEnxio() {
        TestDrivers.loadLx(g, "noowner");
        int mark = g.kernel.console().dmesg().length();
        String out = g.fsops("open", "/dev/lxtest0", "RDWR", "0", "kldunload", "lxtest.ko", "read", "3", "10",
                "write", "3", "x", "lseek", "3", "0", "SET", "ioctlv", "3", s(IOCQSIZE), "0", "close", "3");
        assertEquals("open=3\nkldunload=0\nread=-6\nwrite=-6\nlseek=-6\nioctlv=-6\nclose=0\n", out);
        assertFalse(g.kernel.console().dmesg().substring(mark).contains("release"), "no call reached the unloaded code");
    }

    @Test
    void mmapThroughTheFaultHandlerMapsTheDevicePagesOneByOne() {
        TestDrivers.Buffer b = TestDrivers.loadLx(g);
        String out = g.fsops("open", "/dev/lxtest0", "RDWR", "0", "write", "3", "paged in", "mmap", "3", "4096", "0",
                "mread", "0", "8", "mwrite", "100", "XYZ", "open", "/proc/lxtestmem", "RDONLY", "0", "readall", "4",
                "munmap", "open", "/proc/lxtestmem", "RDONLY", "0", "readall", "5");
        assertTrue(out.contains("mmap=ok\nmread=paged in\nmwrite=3\n"), out);
        assertTrue(out.contains("readall=0:Device 0: len 8\nDevice 1: len 0\nvmas 1\n\n"), "while mapped: " + out);
        assertTrue(out.endsWith("munmap=0\nopen=5\nreadall=0:Device 0: len 8\nDevice 1: len 0\nvmas 0\n\n"), out);
        assertEquals("XYZ", mem(b.va() + 100, 3));
        assertTrue(g.kernel.console().dmesg().contains("lxtest: vma closed, 0 left\n"));
    }

    @Test
    void mmapWithRemapPfnRangeMapsTheWholeAreaAtOnce() {
        TestDrivers.Buffer b = TestDrivers.loadLx(g);
        g.kernel.memory().write(b.va() + 4096, "second half".getBytes(StandardCharsets.ISO_8859_1), 0, 11);
        String out = g.fsops("open", "/dev/lxtest1", "RDWR", "0", "mmap", "3", "4096", "0", "mread", "0", "11");
        assertTrue(out.endsWith("mmap=ok\nmread=second half\n"), out);
    }

    @Test
    void aFaultPastTheDeviceIsSigbusAndKillsTheProcess() {
        TestDrivers.loadLx(g);
        int mark = g.kernel.console().dmesg().length();
        assertEquals(ProcTable.SIGBUS, g.run(Ucred.root(), "/bin/fsops", "open", "/dev/lxtest0", "RDWR", "0", "mmap", "3",
                "8192", "0", "mread", "0", "1", "mread", "4096", "1"));
        assertTrue(g.kernel.console().dmesg().substring(mark).startsWith("pid 1 (fsops), jid 0, uid 0: exited on signal 10\n"),
                g.kernel.console().dmesg().substring(mark));
        assertEquals(0, g.kernel.linker().findModule("lxtest").useCount(), "the exit released the mapping and the file");
    }

    @Test
    void aMappingKeepsTheFileAndSoTheModuleAfterTheDescriptorIsClosed() {
        TestDrivers.loadLx(g);
        String out = g.fsops("open", "/dev/lxtest0", "RDWR", "0", "mmap", "3", "4096", "0", "close", "3",
                "kldunload", "lxtest.ko", "munmap", "kldunload", "lxtest.ko");
        assertEquals("open=3\nmmap=ok\nclose=0\nkldunload=-16\nmunmap=0\nkldunload=0\n", out);
    }
}
