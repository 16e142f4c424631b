package org.kld86.kernel.vfs;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.kld86.kernel.Guest;
import org.kld86.kernel.proc.Ucred;
import org.kld86.kernel.sysctl.Sysctl;
import org.kld86.kernel.vm.VmLayout;

/**
 * tmpfs files: their data lives in page frames of guest memory, one per page written, and the frames go back to
 * the allocator when the file shrinks or is removed (after its last close).
 */
class TmpfsNodeTest {

    private final Guest g = new Guest();
    private final Vfs vfs = g.kernel.vfs();

    @AfterEach
    void tearDown() {
        g.close();
    }

    private TmpfsNode node(String path) {
        Namei.Result r = Namei.lookup(vfs.root(), vfs.root(), Ucred.root(), path, Namei.Op.LOOKUP);
        assertEquals(0, r.errno(), path);
        return (TmpfsNode) r.vp();
    }

    /** The bytes of a frame, read from physical memory (not through the file system). */
    private String frame(int pfn, int from, int len) {
        byte[] b = new byte[len];
        g.machine.memory().read(((long) pfn << VmLayout.PAGE_SHIFT) + from, b, 0, len);
        return new String(b, StandardCharsets.ISO_8859_1);
    }

    private long pagesUsed() {
        return ((Sysctl.LongNode) g.kernel.sysctl().lookup("vfs.tmpfs.pages_used")).getter().getAsLong();
    }

    @Test
    void writesAcrossPagesLandInOneFrameEachAndReadBackThroughTheSystemCalls() {
        long before = pagesUsed();
        String out = g.fsops("open", "/tmp/f", "CREAT|RDWR", "644", "bigwrite", "3", "5000", "A", "bigwrite", "3", "5000", "B",
                "lseek", "3", "4090", "SET", "read", "3", "12", "fstat", "3");
        assertTrue(out.contains("bigwrite=5000\nbigwrite=5000\n"), out);
        assertTrue(out.contains("read=12:AAAAAAAAAAAA\n"), out);
        assertTrue(out.contains("size=10000 "), out);
        Map<Long, Integer> frames = node("/tmp/f").pageFrames();
        assertEquals(3, frames.size());
        assertEquals(before + 3, pagesUsed());
        assertEquals("A".repeat(4096), frame(frames.get(0L), 0, 4096));
        assertEquals("A".repeat(904) + "B".repeat(3192), frame(frames.get(1L), 0, 4096));
        assertEquals("B".repeat(1808), frame(frames.get(2L), 0, 1808));
        assertEquals("\0".repeat(4096 - 1808), frame(frames.get(2L), 1808, 4096 - 1808), "the rest of the frame is zero");
        assertEquals(3 * 8, node("/tmp/f").blocks(), "st_blocks counts 512-byte units");
    }

    @Test
    void aSparseFileHasFramesOnlyWhereItWasWrittenAndHolesReadAsZeroes() {
        String out = g.fsops("open", "/tmp/s", "CREAT|RDWR", "644", "lseek", "3", String.valueOf(3 * 4096 + 10), "SET",
                "write", "3", "x", "lseek", "3", "4095", "SET", "read", "3", "3", "lseek", "3", "0", "END");
        assertTrue(out.contains("read=3:\0\0\0\n"), out);
        assertTrue(out.contains("lseek=12299\n"), out);
        Map<Long, Integer> frames = node("/tmp/s").pageFrames();
        assertEquals(java.util.Set.of(3L), frames.keySet());
        assertEquals("x", frame(frames.get(3L), 10, 1));
    }

    @Test
    void truncatingFreesTheFramesPastTheEndAndZeroesTheTailOfTheLastOne() {
        g.fsops("open", "/tmp/t", "CREAT|RDWR", "644", "bigwrite", "3", "10000", "C");
        TmpfsNode n = node("/tmp/t");
        long before = pagesUsed();
        long free = g.kernel.vm().allocator().totalFreePages();
        int lastFrame = n.pageFrames().get(1L);
        assertEquals(0, n.truncate(5000));
        assertEquals(before - 1, pagesUsed());
        assertEquals(free + 1, g.kernel.vm().allocator().totalFreePages(), "the frame went back to the allocator");
        assertEquals("C".repeat(904), frame(lastFrame, 0, 904));
        assertEquals("\0".repeat(4096 - 904), frame(lastFrame, 904, 4096 - 904));
        String out = g.fsops("open", "/tmp/t", "RDWR", "0", "lseek", "3", "6000", "SET", "write", "3", "z", "lseek", "3",
                "4990", "SET", "read", "3", "20");
        assertTrue(out.contains("read=20:" + "C".repeat(10) + "\0".repeat(10) + "\n"), "grown again, the cut part is zero: "
                + out);
        g.fsops("open", "/tmp/t", "WRONLY|TRUNC", "0", "fstat", "3");
        assertEquals(before - 3, pagesUsed(), "O_TRUNC freed the frames the file had left");
        assertTrue(n.pageFrames().isEmpty());
    }

    @Test
    void appendWritesGoToTheEndWhereverTheOffsetIs() {
        String out = g.fsops("open", "/tmp/ap", "CREAT|WRONLY|APPEND", "644", "write", "3", "one", "lseek", "3", "0", "SET",
                "write", "3", "two", "lseek", "3", "0", "CUR", "open", "/tmp/ap", "RDONLY", "0", "read", "4", "100");
        assertTrue(out.contains("lseek=6\n"), "after an append the offset is the end: " + out);
        assertTrue(out.contains("read=6:onetwo\n"), out);
    }

    @Test
    void removingAFileGivesItsFramesBackAfterItsLastClose() {
        g.fsops("getcwd"); // a first process makes what every process after it reuses
        long before = pagesUsed();
        long free = g.freePages();
        g.fsops("open", "/tmp/u", "CREAT|WRONLY", "644", "bigwrite", "3", "8192", "U");
        assertEquals(before + 2, pagesUsed());
        String out = g.fsops("open", "/tmp/u", "RDONLY", "0", "unlink", "/tmp/u", "stat", "/tmp/u", "lseek", "3", "8190", "SET",
                "read", "3", "10", "fstat", "3");
        assertTrue(out.contains("stat=-2\n"), out);
        assertTrue(out.contains("read=2:UU\n"), "an open file keeps its data after unlink: " + out);
        assertTrue(out.contains("nlink=0 "), out);
        assertEquals(before, pagesUsed(), "the process's exit closed it, and the frames went");
        assertEquals(free, g.freePages());
        g.fsops("open", "/tmp/v", "CREAT|WRONLY", "644", "bigwrite", "3", "100", "V", "close", "3", "unlink", "/tmp/v");
        assertEquals(before, pagesUsed(), "a closed file's frames go at unlink");
    }

    @Test
    void writesThatWouldEatTheLastFourMegabytesFailWithEnospc() {
        long free = g.kernel.vm().allocator().totalFreePages();
        long before = pagesUsed();
        byte[] big = new byte[(int) (free * VmLayout.PAGE_SIZE)];
        assertEquals(org.kld86.kpi.Errno.ENOSPC, vfs.writeFile("/tmp/huge", big, 0644));
        long left = g.kernel.vm().allocator().totalFreePages();
        assertTrue(left >= Tmpfs.PAGES_MIN_RESERVED - 2 && left <= Tmpfs.PAGES_MIN_RESERVED + 2, "left " + left);
        TmpfsNode n = node("/tmp/huge");
        assertEquals(n.size() / VmLayout.PAGE_SIZE, n.pageFrames().size(), "the failed write took no frame");
        assertEquals(before + n.pageFrames().size(), pagesUsed());
        assertEquals(0, vfs.calls().unlink(Ucred.root(), vfs.root(), "/tmp/huge"));
        assertEquals(free, g.kernel.vm().allocator().totalFreePages());
        assertEquals(before, pagesUsed());
    }

    @Test
    void directoriesCountTheirSubdirectoriesInTheirLinks() {
        String out = g.fsops("mkdir", "/tmp/d", "755", "mkdir", "/tmp/d/x", "755", "mkdir", "/tmp/d/y", "755",
                "open", "/tmp/d/f", "CREAT|RDWR", "644", "stat", "/tmp/d", "rmdir", "/tmp/d/x", "stat", "/tmp/d");
        assertTrue(out.contains("stat=0 mode=40755 uid=0 gid=0 size=512 nlink=4 "), out);
        assertTrue(out.contains("nlink=3 "), out);
    }
}
