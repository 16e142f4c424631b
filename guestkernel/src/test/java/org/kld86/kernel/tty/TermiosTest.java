package org.kld86.kernel.tty;

import static org.junit.jupiter.api.Assertions.*;
import static org.kld86.kernel.tty.Termios.*;

import org.junit.jupiter.api.Test;

class TermiosTest {

    @Test
    void theDefaultsAreTtydefaultsH() {
        Termios t = new Termios();
        assertEquals(BRKINT | ICRNL | IMAXBEL | IXON | IXANY, t.iflag, "TTYDEF_IFLAG");
        assertEquals(OPOST | ONLCR, t.oflag, "TTYDEF_OFLAG");
        assertEquals(ECHO | ICANON | ISIG | IEXTEN | ECHOE | ECHOKE | ECHOCTL, t.lflag, "TTYDEF_LFLAG");
        assertEquals(CREAD | CS8 | HUPCL, t.cflag, "TTYDEF_CFLAG");
        assertEquals(0x04, t.cc[VEOF]);
        assertEquals(0x7F, t.cc[VERASE]);
        assertEquals(0x08, t.cc[VERASE2]);
        assertEquals(0x15, t.cc[VKILL]);
        assertEquals(0x03, t.cc[VINTR]);
        assertEquals(0x1C, t.cc[VQUIT]);
        assertEquals(POSIX_VDISABLE, t.cc[VEOL]);
        assertFalse(t.is(VEOL, 0xFF), "a disabled character never matches, even 0xFF itself");
        assertEquals(1, t.cc[VMIN]);
    }

    @Test
    void theBytesAreFreeBsdsStructTermios() {
        byte[] b = new Termios().toBytes();
        assertEquals(44, b.length);
        assertEquals(BRKINT | ICRNL | IMAXBEL | IXON | IXANY, word(b, 0), "c_iflag at 0, little-endian");
        assertEquals(OPOST | ONLCR, word(b, 4), "c_oflag at 4");
        assertEquals(ECHO | ICANON | ISIG | IEXTEN | ECHOE | ECHOKE | ECHOCTL,
                word(b, 12), "c_lflag at 12");
        assertEquals(0x04, b[16 + VEOF], "c_cc at 16");
        assertEquals(0x7F, b[16 + VERASE] & 0xFF);
        assertEquals(115200, word(b, 36), "c_ispeed at 36");
        assertEquals(115200, word(b, 40), "c_ospeed at 40");
        Termios t = new Termios();
        b[12] = 0;
        b[16 + VINTR] = 0x7;
        t.setFrom(b);
        assertEquals(0, t.lflag & 0xFF);
        assertTrue(t.is(VINTR, 0x7));
    }

    private static int word(byte[] b, int at) {
        return (b[at] & 0xFF) | (b[at + 1] & 0xFF) << 8 | (b[at + 2] & 0xFF) << 16 | (b[at + 3] & 0xFF) << 24;
    }
}
