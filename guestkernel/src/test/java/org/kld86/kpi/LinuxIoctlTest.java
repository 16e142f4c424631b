package org.kld86.kpi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.kld86.kpi.LinuxIoctl.*;

import org.junit.jupiter.api.Test;

/** asm-generic/ioctl.h's encoding, checked against values of Linux's i386 headers. */
class LinuxIoctlTest {

    @Test
    void knownCommandsOfI386Linux() {
        assertEquals(0x80041272, _IOR(0x12, 114, 4), "BLKGETSIZE64 = _IOR(0x12, 114, size_t), size_t 4 on i386");
        assertEquals(0x40045402, _IOW('T', 2, 4), "an _IOW: write bit 30");
        assertEquals(0x00001260, _IO(0x12, 96), "BLKGETSIZE = _IO(0x12, 96): no size, no direction");
        assertEquals(0xc0046b03, _IOWR('k', 3, int.class));
    }

    @Test
    void theFieldsComeBackOut() {
        int cmd = _IOWR('k', 3, 300);
        assertEquals(_IOC_READ | _IOC_WRITE, _IOC_DIR(cmd));
        assertEquals('k', _IOC_TYPE(cmd));
        assertEquals(3, _IOC_NR(cmd));
        assertEquals(300, _IOC_SIZE(cmd));
        assertEquals(_IOC_NONE, _IOC_DIR(_IO('k', 0)));
    }

    @Test
    void linuxAndFreeBsdPutTheDirectionBitsTheOtherWayRound() {
        assertEquals(0x40046b01L, Integer.toUnsignedLong(_IOW('k', 1, 4)));
        assertEquals(0x80046b01L, Ioccom._IOW('k', 1, 4), "FreeBSD's IOC_IN is bit 31");
    }
}
