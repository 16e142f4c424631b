package org.kld86.userland.test;

import org.kld86.kernel.kld.rt.UserCpu;
import org.kld86.userland.libc.Libc;

/**
 * A test program: reads the terminal's settings with TIOCGETA, prints c_lflag, turns ICANON and ECHO off with
 * TIOCSETA, and then reads one byte at a time as many times as its argument says, printing each as "raw:X".
 */
public final class RawRead {

    private RawRead() {
    }

    static final long TIOCGETA = 0x402c7413L;
    static final long TIOCSETA = 0x802c7414L;
    static final int ICANON = 0x100;
    static final int ECHO = 0x8;

    public static int main(int argc, long argv, long envp) {
        Libc c = new Libc(argc, argv, envp);
        long t = c.malloc(44);
        int r = c.ioctl(0, TIOCGETA, t);
        if (r < 0) {
            c.write(1, "TIOCGETA error " + -r + "\n");
            return 1;
        }
        int lflag = UserCpu.read32(t + 12);
        c.write(1, "lflag " + Integer.toHexString(lflag) + " veof " + UserCpu.read8(t + 16) + "\n");
        UserCpu.write32(t + 12, lflag & ~(ICANON | ECHO));
        c.ioctl(0, TIOCSETA, t);
        byte[] b = new byte[8];
        int n = Integer.parseInt(c.args()[1]);
        for (int i = 0; i < n; i++) {
            int got = c.read(0, b, 0, 1);
            c.write(1, "raw:" + (char) b[0] + " (" + got + ")\n");
        }
        return 0;
    }
}
