package org.kld86.kpi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.kld86.kpi.Ioccom.*;

import org.junit.jupiter.api.Test;

/** sys/ioccom.h's encoding, checked against command values FreeBSD's headers give. */
class IoccomTest {

    @Test
    void theFilioCommandsHaveTheirWellKnownValues() {
        assertEquals(0x4004667fL, FIONREAD, "FIONREAD = _IOR('f', 127, int)");
        assertEquals(0x8004667eL, FIONBIO, "FIONBIO = _IOW('f', 126, int)");
        assertEquals(0x8004667dL, FIOASYNC, "FIOASYNC = _IOW('f', 125, int)");
        assertEquals(0x20006601L, _IO('f', 1), "FIOCLEX = _IO('f', 1)");
        assertEquals(0x2004745eL, _IOWINT('t', 94), "TIOCDRAIN-style _IOWINT: VOID with an int length");
    }

    @Test
    void theFieldsComeBackOut() {
        long cmd = _IOWR('E', 7, 300);
        assertEquals(IOC_INOUT, cmd & IOC_DIRMASK);
        assertEquals(300, IOCPARM_LEN(cmd));
        assertEquals('E', IOCGROUP(cmd));
        assertEquals(IOC_INOUT | ('E' << 8) | 7, IOCBASECMD(cmd));
        assertEquals(0, IOCPARM_LEN(_IO('E', 1)));
    }

    @Test
    void typesGiveTheirI386Sizes() {
        assertEquals(_IOR('x', 1, 4), _IOR('x', 1, int.class));
        assertEquals(_IOW('x', 1, 8), _IOW('x', 1, long.class), "long long is 8 bytes");
        assertEquals(_IOWR('x', 1, 2), _IOWR('x', 1, short.class));
        assertEquals(8192, IOCPARM_MAX);
    }
}
