package org.kld86.kernel.fs;

import java.nio.charset.StandardCharsets;
import org.kld86.kernel.Kernel;
import org.kld86.kernel.proc.Terminal;
import org.kld86.kpi.Uio;

/**
 * The simplest terminal file: writes go to a {@link Terminal}, reads see end of file. It stands for the console
 * where no tty driver is attached (a process started by the host with no input), so it is a terminal to
 * isatty(3): TIOCGETA gives the console's default settings (its own, unchanging), and TIOCSETA is refused.
 */
public final class TerminalFile implements FileOps {

    private final Terminal terminal;

    public TerminalFile(Terminal terminal) {
        this.terminal = terminal;
    }

    @Override
    public int read(File fp, Uio uio, int flags) {
        return 0;
    }

    @Override
    public int write(File fp, Uio uio, int flags) {
        Kernel k = Kernel.current();
        while (uio.uio_resid > 0) {
            int n = (int) Math.min(uio.uio_resid, 4096);
            long buf = k.malloc().malloc(n, k.malloc().M_TEMP, org.kld86.kernel.malloc.MallocFlags.M_WAITOK);
            try {
                int error = Uio.uiomove(buf, n, uio);
                if (error != 0) {
                    return error;
                }
                byte[] b = new byte[n];
                k.memory().read(buf, b, 0, n);
                terminal.write(new String(b, StandardCharsets.ISO_8859_1));
            } finally {
                k.malloc().free(buf, k.malloc().M_TEMP);
            }
        }
        return 0;
    }

    @Override
    public int ioctl(File fp, long cmd, long arg) {
        if (cmd == org.kld86.kernel.tty.ConsoleTty.TIOCGETA) {
            byte[] b = new org.kld86.kernel.tty.Termios().toBytes();
            return Kernel.current().userAccess().copyout(b, 0, b.length, arg);
        }
        return org.kld86.kpi.Errno.ENOTTY;
    }

    @Override
    public int stat(File fp, Stat sb) {
        sb.mode = Stat.S_IFCHR | 0620;
        return 0;
    }
}
