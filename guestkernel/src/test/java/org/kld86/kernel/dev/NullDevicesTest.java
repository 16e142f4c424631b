package org.kld86.kernel.dev;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.kld86.kernel.Guest;
import org.kld86.kernel.proc.Ucred;
import org.kld86.kpi.Ioccom;

/** /dev/null, /dev/zero and /dev/full as FreeBSD's null.c has them. */
class NullDevicesTest {

    private final Guest g = new Guest();

    @AfterEach
    void tearDown() {
        g.close();
    }

    @Test
    void nullSwallowsWritesAndReadsAsEndOfFile() {
        assertEquals("open=3\nwrite=5\nread=0\n", g.fsops(Ucred.user(), "open", "/dev/null", "RDWR", "0", "write", "3",
                "hello", "read", "3", "10"));
    }

    @Test
    void zeroReadsZeroesAcrossPagesAndSwallowsWrites() {
        String out = g.fsops("open", "/dev/zero", "RDWR", "0", "read", "3", "9000", "write", "3", "abc", "read", "3", "4");
        assertEquals("open=3\nread=9000:" + "\0".repeat(9000) + "\nwrite=3\nread=4:\0\0\0\0\n", out);
    }

    @Test
    void fullReadsZeroesAndRefusesWritesWithEnospc() {
        assertEquals("open=3\nwrite=-28\nread=2:\0\0\n", g.fsops("open", "/dev/full", "RDWR", "0", "write", "3", "x",
                "read", "3", "2"));
    }

    @Test
    void theyAreWorldReadableAndWritableRootWheelCharacterDevices() {
        String out = g.fsops("stat", "/dev/null", "stat", "/dev/zero", "stat", "/dev/full");
        assertEquals(3, out.split("stat=0 mode=20666 uid=0 gid=0 size=0 nlink=1 ").length - 1, out);
    }

    @Test
    void onlyFionbioAndTurningFioasyncOffAreAccepted() {
        String out = g.fsops("open", "/dev/null", "RDWR", "0", "ioctl", "3", Long.toString(Ioccom.FIONBIO), "1",
                "ioctl", "3", Long.toString(Ioccom.FIOASYNC), "1", "ioctl", "3", Long.toString(Ioccom.FIOASYNC), "0",
                "ioctl", "3", Long.toString(Ioccom.FIONREAD), "5", "open", "/dev/zero", "RDWR", "0",
                "ioctl", "4", Long.toString(Ioccom.FIONBIO), "0", "mmap", "4", "4096", "0");
        assertEquals("open=3\nioctl=0 val=1\nioctl=-22 val=1\nioctl=0 val=0\nioctl=-25 val=5\nopen=4\nioctl=0 val=0\n"
                + "mmap=-19\n", out);
    }
}
