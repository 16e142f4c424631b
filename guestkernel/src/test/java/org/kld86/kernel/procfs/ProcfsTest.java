package org.kld86.kernel.procfs;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.kld86.kernel.Guest;
import org.kld86.kernel.dev.TestDrivers;
import org.kld86.kernel.fs.File;
import org.kld86.kernel.kld.ModuleJars;
import org.kld86.kernel.proc.Ucred;
import org.kld86.kernel.vfs.PathCalls;
import org.kld86.kpi.Uio;

/** /proc: the kernel's texts, the registration API, and drivers' seq_file and read_proc entries. */
class ProcfsTest {

    private final Guest g = new Guest();

    @AfterEach
    void tearDown() {
        g.close();
    }

    /** Reads a kernel-text /proc file from the kernel into {@code buf}, {@code chunk} bytes a read, as cat does. */
    private String readInChunks(String path, int chunk, TestDrivers.Buffer buf) {
        int[] err = {0};
        File fp = g.kernel.vfs().open(null, path, PathCalls.O_RDONLY, 0, err);
        assertNotNull(fp, path + ": " + err[0]);
        StringBuilder sb = new StringBuilder();
        try {
            for (;;) {
                Uio uio = Uio.single(buf.va(), chunk, fp.offset, Uio.UIO_SYSSPACE, Uio.UIO_READ);
                assertEquals(0, fp.ops.read(fp, uio, 0));
                int n = (int) (chunk - uio.uio_resid);
                fp.offset = uio.uio_offset;
                if (n == 0) {
                    return sb.toString();
                }
                byte[] b = new byte[n];
                g.kernel.memory().read(buf.va(), b, 0, n);
                sb.append(new String(b, StandardCharsets.ISO_8859_1));
            }
        } finally {
            fp.drop();
        }
    }

    @Test
    void theMemoryTextsAreLinuxsAsTheAllocatorKnowsThem() {
        TestDrivers.Buffer buf = TestDrivers.buffer(g, 0); // the reader's page, taken before the texts are made
        String expected = g.kernel.linux().proc().buddyinfo();
        assertEquals(expected, readInChunks("/proc/buddyinfo", 7, buf));
        assertTrue(expected.startsWith("Node 0, zone      DMA "), expected);
        String meminfo = readInChunks("/proc/meminfo", 100, buf);
        assertTrue(meminfo.startsWith("MemTotal:       "), meminfo);
        assertEquals(14, meminfo.lines().count());
        expected = g.kernel.linux().proc().vmallocinfo();
        assertEquals(expected, readInChunks("/proc/vmallocinfo", 4096, buf));
    }

    @Test
    void aUserProcessReadsThemInPiecesAndVmallocinfoIsForRootOnly() {
        String out = g.fsops("open", "/proc/meminfo", "RDONLY", "0", "readall", "3", "stat", "/proc/meminfo",
                "stat", "/proc/vmallocinfo", "stat", "/proc");
        assertTrue(out.startsWith("open=3\nreadall=0:MemTotal:       "), out);
        assertTrue(out.contains("VmallocChunk:   "), out);
        assertTrue(out.contains("stat=0 mode=100444 uid=0 gid=0 size=0 "), out);
        assertTrue(out.contains("stat=0 mode=100400 "), out);
        assertTrue(out.contains("stat=0 mode=40555 "), out);
        assertEquals("open=-13\n", g.fsops(Ucred.user(), "open", "/proc/vmallocinfo", "RDONLY", "0"));
        assertEquals("open=-13\nopen=3\nwrite=-9\nopen=-21\n", g.fsops(Ucred.user(), "open", "/proc/meminfo", "WRONLY",
                "0").concat(g.fsops("open", "/proc/meminfo", "WRONLY", "0", "write", "3", "x", "open", "/proc", "WRONLY",
                "0")), "0444 keeps the user out; root gets in but nothing is written");
    }

    @Test
    void anySubsystemRegistersATextByName() {
        int[] calls = {0};
        g.kernel.procfs().register("slabinfo", () -> "slabinfo - version: 2.1\n# call " + (++calls[0]) + "\n");
        assertEquals("open=3\nreadall=0:slabinfo - version: 2.1\n# call 1\n\n", g.fsops("open", "/proc/slabinfo", "RDONLY",
                "0", "readall", "3"), "made once for all the small reads");
        assertThrows(IllegalArgumentException.class, () -> g.kernel.procfs().register("slabinfo", () -> ""));
        g.kernel.procfs().unregister("slabinfo");
        assertEquals("stat=-2\n", g.fsops("stat", "/proc/slabinfo"));
    }

    @Test
    void aDriversSeqFileEntryShowsItsStateAndGoesWithTheModule() {
        TestDrivers.loadLx(g);
        String out = g.fsops("open", "/dev/lxtest0", "WRONLY", "0", "write", "3", "12345", "open", "/proc/lxtestmem",
                "RDONLY", "0", "readall", "4", "lseek", "4", "7", "SET", "read", "4", "9", "lseek", "4", "0", "END",
                "open", "/proc/lxtestold", "RDONLY", "0", "readall", "5", "ls", "/proc");
        assertTrue(out.contains("readall=0:Device 0: len 5\nDevice 1: len 0\nvmas 0\n\nlseek=7\nread=9:0: len 5\n\n"
                + "lseek=-22\n"),
                out);
        assertTrue(out.contains("readall=0:old 0: 5\nold 1: 0\n\n"), out);
        assertTrue(out.contains(" lxtestmem/8 lxtestold/8 "), out);
        assertEquals(0, g.kernel.linker().kldunload(g.kernel.linker().findFile("lxtest.ko").id(), 0));
        assertEquals("stat=-2\nstat=-2\n", g.fsops("stat", "/proc/lxtestmem", "stat", "/proc/lxtestold"));
    }

    @Test
    void aFileOpenOnAnEntryThatIsRemovedReadsEioAndItsBufferIsFreed() {
        TestDrivers.loadLx(g);
        g.fsops("open", "/proc/lxtestmem", "RDONLY", "0", "readall", "3");
        long free = g.freePages();
        String out = g.fsops("open", "/proc/lxtestmem", "RDONLY", "0", "read", "3", "6", "kldunload", "lxtest.ko",
                "read", "3", "6", "lseek", "3", "0", "SET", "close", "3");
        assertEquals("open=3\nread=6:Device\nkldunload=0\nread=-5\nlseek=-5\nclose=0\n", out,
                "a /proc file does not hold the module; once its entry is gone it answers EIO");
        assertTrue(g.freePages() >= free, "single_release ran at the removal and freed the seq buffer");
    }

    static final String RP = """
            package rp;
            import org.kld86.kpi.*;
            import static org.kld86.kpi.LinuxProc.*;
            import static org.kld86.kpi.SeqFile.*;
            import static org.kld86.kpi.Vsprintf.*;

            @LinuxModule(name = "rp")
            public final class Rp {
                static final String TEXT = "0123456789abcdefghijklmnopqrstuvwxyz\\n";

                /** The whole file from the page's start, *start left NULL. */
                static int whole(long page, long[] start, long off, int count, int[] eof, Object data) {
                    eof[0] = 1;
                    return sprintf(page, "%s", TEXT);
                }

                /** The data for off at the page's start, and *start the count (the "hack"). */
                static int hack(long page, long[] start, long off, int count, int[] eof, Object data) {
                    int n = (int) Math.min(count, TEXT.length() - off);
                    if (n <= 0) {
                        eof[0] = 1;
                        return 0;
                    }
                    Mem.strlcpy(page, TEXT.substring((int) off, (int) off + n), n + 1);
                    start[0] = n;
                    return n;
                }

                /** The whole file in the page, *start pointing at off. */
                static int inpage(long page, long[] start, long off, int count, int[] eof, Object data) {
                    sprintf(page, "%s", TEXT);
                    if (off >= TEXT.length()) {
                        eof[0] = 1;
                        return 0;
                    }
                    start[0] = page + off;
                    return (int) Math.min(count, TEXT.length() - off);
                }

                static int overflow(long page, long[] start, long off, int count, int[] eof, Object data) {
                    eof[0] = 1;
                    return off == 0 ? 4096 + 10 : 0;
                }

                static int big_show(SeqFile m, Object v) {
                    for (int i = 0; i < 3000; i++) {
                        seq_printf(m, "line %04d\\n", i);
                    }
                    return 0;
                }

                static int big_open(Inode inode, LinuxFile file) {
                    return single_open(file, Rp::big_show, PDE_DATA(inode));
                }

                static final FileOperations big_fops = new FileOperations().open(Rp::big_open)
                        .read(SeqFile::seq_read).llseek(SeqFile::seq_lseek).release(SeqFile::single_release);

                @ModuleInit
                static int init() {
                    ProcDirEntry dir = proc_mkdir("rp", null);
                    create_proc_read_entry("whole", 0, dir, Rp::whole, null);
                    create_proc_read_entry("hack", 0, dir, Rp::hack, null);
                    create_proc_read_entry("inpage", 0, dir, Rp::inpage, null);
                    create_proc_read_entry("overflow", 0, dir, Rp::overflow, null);
                    proc_create_data("big", 0, dir, big_fops, "data");
                    if (proc_create("big", 0, dir, big_fops) != null) {
                        return -Errno.EINVAL;
                    }
                    return 0;
                }
            }
            """;

    @Test
    void readProcEntriesWorkInEachOfTheirThreeWaysAndAreRemovedWithTheirModule() {
        g.store.put("/boot/modules/rp.ko", ModuleJars.jar(Map.of("rp.Rp", RP)));
        int mark = g.kernel.console().dmesg().length();
        assertEquals(0, g.kernel.linker().kldload("rp", List.of()).errno(), g.kernel.console().dmesg());
        assertEquals("proc_dir_entry 'rp/big' already registered\n", g.kernel.console().dmesg().substring(mark));
        String text = "0123456789abcdefghijklmnopqrstuvwxyz\n";
        for (String e : List.of("whole", "hack", "inpage")) {
            assertEquals("open=3\nreadall=0:" + text + "\n", g.fsops("open", "/proc/rp/" + e, "RDONLY", "0", "readall", "3"), e);
            assertEquals("open=3\nread=37:" + text + "\n", g.fsops("open", "/proc/rp/" + e, "RDONLY", "0", "read", "3", "100"), e);
        }
        mark = g.kernel.console().dmesg().length();
        g.fsops("open", "/proc/rp/overflow", "RDONLY", "0", "read", "3", "100");
        assertEquals("proc_file_read: Apparent buffer overflow!\n", g.kernel.console().dmesg().substring(mark));
        // The module never removes its entries: its unload does.
        assertEquals(0, g.kernel.linker().kldunload(g.kernel.linker().findFile("rp.ko").id(), 0));
        assertEquals("stat=-2\nstat=-2\n", g.fsops("stat", "/proc/rp/whole", "stat", "/proc/rp"));
    }

    @Test
    void aSeqFileTextLargerThanAPageGrowsItsBuffer() {
        g.store.put("/boot/modules/rp.ko", ModuleJars.jar(Map.of("rp.Rp", RP)));
        assertEquals(0, g.kernel.linker().kldload("rp", List.of()).errno());
        String out = g.fsops("open", "/proc/rp/big", "RDONLY", "0", "read", "3", "40000", "read", "3", "10");
        assertTrue(out.startsWith("open=3\nread=30000:line 0000\nline 0001\n"), out.substring(0, 40));
        assertTrue(out.endsWith("line 2999\n\nread=0\n"));
    }
}
