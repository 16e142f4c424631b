package org.kld86.kernel.tty;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * struct termios as FreeBSD/i386 lays it out (sys/sys/_termios.h), with the defaults of sys/sys/ttydefaults.h:
 * a terminal in canonical mode with echo, signals from ^C and ^\, CR read as NL, and NL written as CR NL.
 *
 * <pre>
 *   offset  size  field
 *   0       4     c_iflag    input modes:   ICRNL 0x100, IGNCR 0x80, INLCR 0x40, IXON 0x200, IMAXBEL 0x2000, ...
 *   4       4     c_oflag    output modes:  OPOST 0x1, ONLCR 0x2
 *   8       4     c_cflag    control modes: CREAD 0x800, CS8 0x300, HUPCL 0x4000
 *   12      4     c_lflag    local modes:   ECHOKE 0x1, ECHOE 0x2, ECHOK 0x4, ECHO 0x8, ECHONL 0x10, ECHOCTL 0x40,
 *                                           ISIG 0x80, ICANON 0x100, IEXTEN 0x400, NOFLSH 0x80000000
 *   16      20    c_cc[NCCS] control characters, indexed by VEOF 0 ... VSTATUS 18 (0xFF disables one)
 *   36      4     c_ispeed
 *   40      4     c_ospeed   (44 bytes in all)
 * </pre>
 */
public final class Termios {

    public static final int SIZE_BYTES = 44;
    public static final int NCCS = 20;
    public static final int POSIX_VDISABLE = 0xFF;

    // c_iflag
    public static final int BRKINT = 0x00000002;
    public static final int INLCR = 0x00000040;
    public static final int IGNCR = 0x00000080;
    public static final int ICRNL = 0x00000100;
    public static final int IXON = 0x00000200;
    public static final int IXANY = 0x00000800;
    public static final int IMAXBEL = 0x00002000;
    // c_oflag
    public static final int OPOST = 0x00000001;
    public static final int ONLCR = 0x00000002;
    // c_cflag
    public static final int CS8 = 0x00000300;
    public static final int CREAD = 0x00000800;
    public static final int HUPCL = 0x00004000;
    // c_lflag
    public static final int ECHOKE = 0x00000001;
    public static final int ECHOE = 0x00000002;
    public static final int ECHOK = 0x00000004;
    public static final int ECHO = 0x00000008;
    public static final int ECHONL = 0x00000010;
    public static final int ECHOCTL = 0x00000040;
    public static final int ISIG = 0x00000080;
    public static final int ICANON = 0x00000100;
    public static final int IEXTEN = 0x00000400;
    public static final int NOFLSH = 0x80000000;

    // c_cc indexes
    public static final int VEOF = 0;
    public static final int VEOL = 1;
    public static final int VEOL2 = 2;
    public static final int VERASE = 3;
    public static final int VWERASE = 4;
    public static final int VKILL = 5;
    public static final int VREPRINT = 6;
    public static final int VERASE2 = 7;
    public static final int VINTR = 8;
    public static final int VQUIT = 9;
    public static final int VSUSP = 10;
    public static final int VDSUSP = 11;
    public static final int VSTART = 12;
    public static final int VSTOP = 13;
    public static final int VLNEXT = 14;
    public static final int VDISCARD = 15;
    public static final int VMIN = 16;
    public static final int VTIME = 17;
    public static final int VSTATUS = 18;

    /** TTYDEF_SPEED is 9600; the console UART runs at 115200, which is what it reports. */
    public static final int CONSOLE_SPEED = 115200;

    public int iflag = BRKINT | ICRNL | IMAXBEL | IXON | IXANY;
    public int oflag = OPOST | ONLCR;
    public int cflag = CREAD | CS8 | HUPCL;
    public int lflag = ECHO | ICANON | ISIG | IEXTEN | ECHOE | ECHOKE | ECHOCTL;
    public final int[] cc = new int[NCCS];
    public int ispeed = CONSOLE_SPEED;
    public int ospeed = CONSOLE_SPEED;

    /** The ttydefaults.h control characters: ^D EOF, DEL and ^H erase, ^U kill, ^C, ^\, ^W, ... */
    public Termios() {
        java.util.Arrays.fill(cc, POSIX_VDISABLE);
        cc[VEOF] = 0x04;
        cc[VERASE] = 0x7F;
        cc[VERASE2] = 0x08;
        cc[VWERASE] = 0x17;
        cc[VKILL] = 0x15;
        cc[VREPRINT] = 0x12;
        cc[VINTR] = 0x03;
        cc[VQUIT] = 0x1C;
        cc[VSUSP] = 0x1A;
        cc[VDSUSP] = 0x19;
        cc[VSTART] = 0x11;
        cc[VSTOP] = 0x13;
        cc[VLNEXT] = 0x16;
        cc[VDISCARD] = 0x0F;
        cc[VMIN] = 1;
        cc[VTIME] = 0;
        cc[VSTATUS] = 0x14;
    }

    /** Whether {@code c} is the (enabled) control character at {@code index}. */
    public boolean is(int index, int c) {
        return cc[index] != POSIX_VDISABLE && cc[index] == c;
    }

    public boolean l(int flag) {
        return (lflag & flag) != 0;
    }

    /** The 44 bytes a TIOCGETA gives a program. */
    public byte[] toBytes() {
        ByteBuffer b = ByteBuffer.allocate(SIZE_BYTES).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(iflag).putInt(oflag).putInt(cflag).putInt(lflag);
        for (int c : cc) {
            b.put((byte) c);
        }
        b.putInt(ispeed).putInt(ospeed);
        return b.array();
    }

    /** Takes the settings of a TIOCSETA. */
    public void setFrom(byte[] bytes) {
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        iflag = b.getInt();
        oflag = b.getInt();
        cflag = b.getInt();
        lflag = b.getInt();
        for (int i = 0; i < NCCS; i++) {
            cc[i] = b.get() & 0xFF;
        }
        ispeed = b.getInt();
        ospeed = b.getInt();
    }
}
