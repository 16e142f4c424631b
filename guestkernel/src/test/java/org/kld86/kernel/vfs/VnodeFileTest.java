package org.kld86.kernel.vfs;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.kld86.kernel.Guest;
import org.kld86.kpi.Ioccom;

/** Open files and directories: getdents records, lseek, FIONREAD. */
class VnodeFileTest {

    private final Guest g = new Guest();

    @AfterEach
    void tearDown() {
        g.close();
    }

    private void files() {
        g.fsops("mkdir", "/tmp/d", "755", "open", "/tmp/d/a", "CREAT|RDWR", "644", "open", "/tmp/d/abcdefgh", "CREAT|RDWR",
                "644", "mkdir", "/tmp/d/sub", "755");
    }

    @Test
    void getdentsGivesFreeBsd12RecordsWithDotAndDotDotFirst() {
        files();
        String out = g.fsops("open", "/tmp/d", "RDONLY", "0", "getdents", "3", "4096", "getdents", "3", "4096");
        // reclen = (24 + namlen + 1) rounded up to 8; d_off is the next entry's index.
        assertEquals("open=3\ngetdents=168 .@32,off=1,nul=0 ..@32,off=2,nul=0 a@32,off=3,nul=0 abcdefgh@40,off=4,nul=0"
                + " sub@32,off=5,nul=0\ngetdents=0\n", out);
    }

    @Test
    void getdentsReturnsWholeRecordsOnlyAndGoesOnWhereItStopped() {
        files();
        String out = g.fsops("open", "/tmp/d", "RDONLY", "0", "getdents", "3", "31", "getdents", "3", "64",
                "getdents", "3", "71", "getdents", "3", "72", "getdents", "3", "100");
        assertEquals("open=3\ngetdents=-22\ngetdents=64 .@32,off=1,nul=0 ..@32,off=2,nul=0\ngetdents=32 a@32,off=3,nul=0\n"
                + "getdents=72 abcdefgh@40,off=4,nul=0 sub@32,off=5,nul=0\ngetdents=0\n", out);
    }

    @Test
    void theInodeNumbersOfDotDotAreTheParentsAndTypesAreRight() {
        files();
        String out = g.fsops("ls", "/tmp/d", "stat", "/tmp", "stat", "/tmp/d/sub", "ls", "/dev");
        assertTrue(out.startsWith("ls=5 ./4 ../4 a/8 abcdefgh/8 sub/4\n"), out);
        assertTrue(out.contains("ls=5 ./4 ../4 full/2 null/2 zero/2\n"), out);
    }

    @Test
    void getdentsOfSomethingThatIsNoDirectoryIsEinval() {
        String out = g.fsops("open", "/tmp/f", "CREAT|RDWR", "644", "getdents", "3", "4096", "getdents", "9", "4096",
                "open", "/dev/null", "RDONLY", "0", "getdents", "4", "4096");
        assertEquals("open=3\ngetdents=-22\ngetdents=-9\nopen=4\ngetdents=-22\n", out);
    }

    @Test
    void lseekSetCurEndAndNegativeResults() {
        String out = g.fsops("open", "/tmp/f", "CREAT|RDWR", "644", "write", "3", "0123456789",
                "lseek", "3", "3", "SET", "lseek", "3", "2", "CUR", "lseek", "3", "-4", "END", "read", "3", "2",
                "lseek", "3", "-100", "CUR", "lseek", "3", "0", "CUR", "lseek", "3", "5", "7",
                "lseek", "3", "0x100000000", "SET", "lseek", "3", "0", "CUR");
        assertEquals("open=3\nwrite=10\nlseek=3\nlseek=5\nlseek=6\nread=2:67\nlseek=-22\nlseek=8\nlseek=-22\n"
                + "lseek=4294967296\nlseek=4294967296\n", out);
    }

    @Test
    void fionreadIsWhatIsLeftToRead() {
        String out = g.fsops("open", "/tmp/f", "CREAT|RDWR", "644", "write", "3", "0123456789", "lseek", "3", "4", "SET",
                "ioctl", "3", String.valueOf(Ioccom.FIONREAD), "0", "ioctl", "3", String.valueOf(Ioccom._IO('Z', 1)), "7");
        assertEquals("open=3\nwrite=10\nlseek=4\nioctl=0 val=6\nioctl=-25 val=7\n", out);
    }
}
