package org.kld86.kernel.tty;

import static org.kld86.kpi.Errno.EFAULT;
import static org.kld86.kpi.Errno.ENOTTY;
import static org.kld86.kpi.Errno.EWOULDBLOCK;

import java.util.ArrayList;
import java.util.List;
import org.kld86.kernel.Kernel;
import org.kld86.kernel.fs.File;
import org.kld86.kernel.fs.FileOps;
import org.kld86.kernel.fs.Stat;
import org.kld86.kernel.intr.IntrHandler;
import org.kld86.kernel.intr.Interrupts;
import org.kld86.kernel.proc.Proc;
import org.kld86.kernel.proc.Terminal;
import org.kld86.kernel.vm.PageRequests;
import org.kld86.kernel.vm.VmLayout;
import org.kld86.kernel.vm.Zone;
import org.kld86.kpi.Uio;

/**
 * The console terminal: the tty on COM1 (FreeBSD's uart0, /dev/ttyu0, which is also /dev/console), with an
 * interrupt-driven receiver, the {@link LineDiscipline}, the file operations a process reads and writes it with,
 * and the {@link Terminal} that uprintf(9) writes to.
 *
 * <p>Reading ({@code ttydisc_read}): a reader sleeps on "ttyin" until a line is complete (in canonical mode) or
 * a byte has arrived (otherwise), and gets at most one line per read. The sleep is interruptible: a signal ends
 * it with ERESTART, and the system call layer then delivers the signal. With O_NONBLOCK an empty queue is
 * EWOULDBLOCK.
 *
 * <p>^C: the line discipline signals SIGINT to the foreground, which this kernel, without process groups,
 * takes to be every live process on this terminal except session leaders (a process whose parent is not on the
 * terminal, such as the shell the host started as process 1). That is the job the shell is waiting for, with
 * everything it started; the shell itself, which has no signal handlers here, is spared. With no such process
 * the ^C only flushes the line.
 *
 * <p>Output: kernel console output (printf(9)), echo, uprintf text and what processes write all pass the same
 * output processing (CR NL on the wire) and go out one character at a time in the order they are produced. The
 * input ring and the write staging buffer are one page each of guest kernel memory.
 *
 * <p>ioctls: TIOCGETA and TIOCSETA/W/F (struct termios), TIOCGWINSZ/TIOCSWINSZ, FIONREAD; anything else is ENOTTY.
 */
public final class ConsoleTty implements Terminal, FileOps {

    /** The console's hints (device.hints: hint.uart.0.at="isa", port="0x3F8", irq="4"). */
    public static final int PORT = 0x3F8;
    public static final int IRQ = 4;

    /** ioctl numbers on FreeBSD/i386: _IOR('t', 19, struct termios) and friends. */
    public static final long TIOCGETA = 0x402c7413L;
    public static final long TIOCSETA = 0x802c7414L;
    public static final long TIOCSETAW = 0x802c7415L;
    public static final long TIOCSETAF = 0x802c7416L;
    public static final long TIOCGWINSZ = 0x40087468L;
    public static final long TIOCSWINSZ = 0x80087467L;
    public static final long FIONREAD = 0x4004667fL;

    /** O_NONBLOCK in f_flag. */
    static final int FNONBLOCK = 0x0004;
    static final int GID_DIALER = 68;

    /** What an open file of one node carries: its name and ownership, for fstat. */
    private record Minor(String name, int uid, int gid, int mode) {
    }

    private final Kernel kernel;
    private final Ns8250 uart;
    private final Termios termios = new Termios();
    private final TtyInput input;
    private final LineDiscipline discipline;
    private final long stagingVa;
    /** t_inwait: readers wait here for input. */
    private final Object inWait = new Object();
    private final int[] winsize = new int[4];
    private IntrHandler interruptCookie;

    private ConsoleTty(Kernel kernel, long pageVa) {
        this.kernel = kernel;
        this.uart = new Ns8250(kernel.machine().cpu(), PORT);
        this.input = new TtyInput(kernel.memory(), pageVa, VmLayout.PAGE_SIZE);
        this.stagingVa = pageVa + VmLayout.PAGE_SIZE;
        this.discipline = new LineDiscipline(termios, input, new LineDiscipline.Hooks() {
            @Override
            public void transmit(int c) {
                uart.putc(c);
            }

            @Override
            public void readable() {
                kernel.synch().wakeup(inWait);
            }

            @Override
            public void signal(int signal) {
                signalForeground(signal);
            }
        });
    }

    /**
     * Attaches the console: two pages for the queues, the UART set up at 115200 8N1 with its receive interrupt
     * on IRQ 4, kernel console output moved onto the terminal, and /dev/console and /dev/ttyu0 made.
     */
    public static ConsoleTty attach(Kernel kernel, DeviceNodes nodes) {
        int pfn = kernel.pageRequests().allocPages(1, Zone.NORMAL, PageRequests.WAIT | PageRequests.ZERO);
        ConsoleTty tty = new ConsoleTty(kernel, kernel.vm().pfnToVirt(pfn));
        tty.uart.init();
        IntrHandler[] cookie = new IntrHandler[1];
        int error = kernel.interrupts().setup(IRQ, "uart0", arg -> tty.interrupt(), null, null,
                Interrupts.INTR_TYPE_TTY | Interrupts.INTR_MPSAFE, null, cookie);
        if (error != 0) {
            throw kernel.panic("uart0: cannot set up the interrupt on irq%d: error %d", IRQ, error);
        }
        tty.interruptCookie = cookie[0];
        kernel.console().detachAll();
        kernel.console().attach(tty::consolePutc);
        nodes.makeDev("console", tty, new Minor("console", 0, 0, 0600), 0, 0, 0600);
        nodes.makeDev("ttyu0", tty, new Minor("ttyu0", 0, GID_DIALER, 0660), 0, GID_DIALER, 0660);
        kernel.console().printf("uart0: <16550 or compatible> port 0x%x-0x%x irq %d on isa0%n", PORT, PORT + 7, IRQ);
        kernel.console().printf("uart0: console (%d,n,8,1)%n", Termios.CONSOLE_SPEED);
        return tty;
    }

    /** The receive interrupt's filter: every character through the line discipline. */
    private int interrupt() {
        return uart.interrupt(discipline::rint) ? Interrupts.FILTER_HANDLED : Interrupts.FILTER_STRAY;
    }

    /** The kernel console's character output (cnputc): with the same output processing as everything else. */
    private void consolePutc(int c) {
        discipline.output(c & 0xFF);
    }

    /** The settings; the host side turns ECHO off when its own line editor already shows what is typed. */
    public Termios termios() {
        return termios;
    }

    /** ECHO on or off (stty echo / stty -echo). */
    public void setEcho(boolean on) {
        termios.lflag = on ? termios.lflag | Termios.ECHO : termios.lflag & ~Termios.ECHO;
    }

    /** Whether a process sleeps in read(2) on the terminal ("ttyin"). */
    public boolean readerWaiting() {
        return kernel.scheduler().hasSleepers(inWait);
    }

    /** The filter's cookie on IRQ 4. */
    public IntrHandler interruptCookie() {
        return interruptCookie;
    }

    // -------------------------------------------------------------------------------------------------------------
    // Terminal (uprintf)

    @Override
    public String name() {
        return "ttyu0";
    }

    @Override
    public void write(String text) {
        discipline.output(text);
    }

    // -------------------------------------------------------------------------------------------------------------
    // Signals

    /** tty_signal_pgrp, as this kernel has it: every live process on the terminal that is not a session leader. */
    private void signalForeground(int signal) {
        List<Proc> targets = new ArrayList<>();
        for (Proc p : kernel.procs().processes()) {
            if (p.tty() == this && p.state() == Proc.State.ACTIVE && p.parent() != null && p.parent().tty() == this) {
                targets.add(p);
            }
        }
        for (Proc p : targets) {
            kernel.procs().kill(p.pid(), signal);
        }
    }

    // -------------------------------------------------------------------------------------------------------------
    // File operations

    @Override
    public int read(File fp, Uio uio, int flags) {
        if (uio.uio_resid == 0) {
            return 0;
        }
        for (;;) {
            boolean canonical = termios.l(Termios.ICANON);
            int max = (int) Math.min(uio.uio_resid, Integer.MAX_VALUE);
            TtyInput.Span span = canonical ? input.nextLine(max) : input.nextBytes(max);
            if (span != null) {
                return copyOut(span, uio, canonical);
            }
            if (!canonical && termios.cc[Termios.VMIN] == 0) {
                return 0;
            }
            if ((fp.flags & FNONBLOCK) != 0) {
                return EWOULDBLOCK;
            }
            int error = kernel.synch().sleep("ttydisc_read", inWait, null, true, false, "ttyin", 0);
            if (error != 0) {
                return error;
            }
        }
    }

    private int copyOut(TtyInput.Span span, Uio uio, boolean canonical) {
        long generation = input.generation();
        long pos = span.position();
        int left = span.length();
        while (left > 0) {
            int n = Math.min(left, input.contiguousFrom(pos));
            int error = Uio.uiomove(input.va(pos), n, uio);
            if (error != 0) {
                return error;
            }
            pos += n;
            left -= n;
        }
        input.consume(span, generation, canonical);
        return 0;
    }

    @Override
    public int write(File fp, Uio uio, int flags) {
        byte[] chunk = new byte[VmLayout.PAGE_SIZE];
        while (uio.uio_resid > 0) {
            int n = (int) Math.min(uio.uio_resid, VmLayout.PAGE_SIZE);
            int error = Uio.uiomove(stagingVa, n, uio);
            if (error != 0) {
                return error;
            }
            kernel.memory().read(stagingVa, chunk, 0, n);
            for (int i = 0; i < n; i++) {
                discipline.output(chunk[i] & 0xFF);
            }
        }
        return 0;
    }

    @Override
    public int ioctl(File fp, long cmd, long arg) {
        var ua = kernel.userAccess();
        if (cmd == TIOCGETA) {
            byte[] b = termios.toBytes();
            return ua.copyout(b, 0, b.length, arg);
        }
        if (cmd == TIOCSETA || cmd == TIOCSETAW || cmd == TIOCSETAF) {
            byte[] b = new byte[Termios.SIZE_BYTES];
            int error = ua.copyin(arg, b, 0, b.length);
            if (error != 0) {
                return error;
            }
            termios.setFrom(b);
            if (cmd == TIOCSETAF) {
                input.flush();
            }
            kernel.synch().wakeup(inWait); // a reader may have become satisfied (ICANON turned off)
            return 0;
        }
        if (cmd == TIOCGWINSZ) {
            byte[] b = new byte[8];
            for (int i = 0; i < 4; i++) {
                b[2 * i] = (byte) winsize[i];
                b[2 * i + 1] = (byte) (winsize[i] >>> 8);
            }
            return ua.copyout(b, 0, b.length, arg);
        }
        if (cmd == TIOCSWINSZ) {
            byte[] b = new byte[8];
            int error = ua.copyin(arg, b, 0, b.length);
            if (error != 0) {
                return error;
            }
            for (int i = 0; i < 4; i++) {
                winsize[i] = (b[2 * i] & 0xFF) | (b[2 * i + 1] & 0xFF) << 8;
            }
            return 0;
        }
        if (cmd == FIONREAD) {
            int[] w = {input.readable(termios.l(Termios.ICANON))};
            return ua.suword32(arg, w[0]) == 0 ? 0 : EFAULT;
        }
        return ENOTTY;
    }

    @Override
    public int stat(File fp, Stat sb) {
        sb.mode = Stat.S_IFCHR | (fp.data instanceof Minor m ? m.mode() : 0600);
        if (fp.data instanceof Minor m) {
            sb.uid = m.uid();
            sb.gid = m.gid();
        }
        return 0;
    }
}
