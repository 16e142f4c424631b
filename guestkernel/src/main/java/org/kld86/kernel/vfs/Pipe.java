package org.kld86.kernel.vfs;

import static org.kld86.kpi.Errno.*;

import org.kld86.kernel.Kernel;
import org.kld86.kernel.fs.File;
import org.kld86.kernel.fs.FileOps;
import org.kld86.kernel.fs.Ioctl;
import org.kld86.kernel.fs.Stat;
import org.kld86.kernel.proc.KThread;
import org.kld86.kernel.proc.Proc;
import org.kld86.kpi.Ioccom;
import org.kld86.kpi.Uio;

/**
 * A pipe (FreeBSD's kern/sys_pipe.c): two open files, a read end and a write end, sharing a ring buffer of
 * {@link #PIPE_SIZE} bytes in guest memory (four page frames of the direct map).
 *
 * <p>A reader takes what is there, at least a byte; with nothing there it sleeps ("piperd") while a writer is
 * open, and sees end of file (0) once none is. A writer sleeps ("pipewr") while the buffer is full; a write of
 * at most {@link #PIPE_BUF} bytes waits until it fits whole, so it is never interleaved with another. A write
 * with no reader left fails with EPIPE, and the system call layer then sends the writer SIGPIPE. With
 * O_NONBLOCK nothing sleeps: an empty pipe reads EAGAIN and a full one takes what fits or gives EAGAIN. A signal
 * sent to a sleeping reader or writer ends the sleep with EINTR (or the count already moved).
 */
public final class Pipe {

    /** PIPE_SIZE: the buffer. */
    public static final int PIPE_SIZE = 16384;
    /** PIPE_BUF: writes up to this size are atomic. */
    public static final int PIPE_BUF = 512;
    static final int ORDER = 2;

    private final Kernel kernel;
    private final int pfn;
    private final long bufVa;
    private final long ino;
    private int in;
    private int out;
    private int cnt;
    private boolean readerOpen = true;
    private boolean writerOpen = true;
    private final int uid;
    private final int gid;
    private final long birthNanos;
    /** Sleep channels: readers wait on {@link #readers}, writers on {@link #writers}. */
    private final Object readers = new Object();
    private final Object writers = new Object();

    private Pipe(Kernel kernel, long ino, int uid, int gid) {
        this.kernel = kernel;
        this.pfn = kernel.pageRequests().allocPages(ORDER, org.kld86.kernel.vm.Zone.NORMAL,
                org.kld86.kernel.vm.PageRequests.WAIT);
        this.bufVa = kernel.vm().pfnToVirt(pfn);
        this.uid = uid;
        this.gid = gid;
        this.birthNanos = kernel.machine().clock().nanos();
        this.ino = ino;
    }

    /**
     * kern_pipe(): a new pipe for {@code uid}:{@code gid}, numbered {@code ino}; returns its read end and write
     * end, open with {@code extraFlags} (O_NONBLOCK) besides FREAD or FWRITE.
     */
    public static File[] create(Kernel kernel, long ino, int uid, int gid, int extraFlags) {
        Pipe p = new Pipe(kernel, ino, uid, gid);
        File r = new File(new End(p, true), p, File.FREAD | extraFlags, "pipe");
        File w = new File(new End(p, false), p, File.FWRITE | extraFlags, "pipe");
        return new File[] {r, w};
    }

    /** Bytes waiting in the buffer. */
    public int count() {
        return cnt;
    }

    private Proc proc() {
        KThread t = kernel.scheduler().current();
        return t == null ? null : t.proc();
    }

    private boolean signalled() {
        Proc p = proc();
        return p != null && p.pendingSignal() != 0;
    }

    private int read(Uio uio, int flags) {
        while (cnt == 0) {
            if (!writerOpen) {
                return 0; // end of file
            }
            if ((flags & PathCalls.O_NONBLOCK) != 0) {
                return EAGAIN;
            }
            kernel.scheduler().sleepInterruptible(readers, "piperd", 0);
            if (cnt == 0 && signalled()) {
                return EINTR;
            }
        }
        while (uio.uio_resid > 0 && cnt > 0) {
            int n = (int) Math.min(Math.min(cnt, PIPE_SIZE - out), uio.uio_resid);
            long before = uio.uio_resid;
            int error = Uio.uiomove(bufVa + out, n, uio);
            int moved = (int) (before - uio.uio_resid);
            out = (out + moved) % PIPE_SIZE;
            cnt -= moved;
            if (error != 0) {
                kernel.scheduler().wakeup(writers);
                return error;
            }
        }
        if (cnt == 0) {
            in = 0;
            out = 0;
        }
        kernel.scheduler().wakeup(writers);
        return 0;
    }

    private int write(Uio uio, int flags) {
        long total = uio.uio_resid;
        boolean atomic = total <= PIPE_BUF;
        while (uio.uio_resid > 0) {
            if (!readerOpen) {
                return EPIPE;
            }
            int space = PIPE_SIZE - cnt;
            if (space == 0 || (atomic && space < uio.uio_resid)) {
                if ((flags & PathCalls.O_NONBLOCK) != 0) {
                    return uio.uio_resid < total ? 0 : EAGAIN;
                }
                kernel.scheduler().wakeup(readers);
                kernel.scheduler().sleepInterruptible(writers, "pipewr", 0);
                if (signalled()) {
                    return EINTR;
                }
                continue;
            }
            int n = (int) Math.min(Math.min(space, PIPE_SIZE - in), uio.uio_resid);
            long before = uio.uio_resid;
            int error = Uio.uiomove(bufVa + in, n, uio);
            int moved = (int) (before - uio.uio_resid);
            in = (in + moved) % PIPE_SIZE;
            cnt += moved;
            if (error != 0) {
                kernel.scheduler().wakeup(readers);
                return error;
            }
        }
        kernel.scheduler().wakeup(readers);
        return 0;
    }

    private void close(boolean readEnd) {
        if (readEnd) {
            readerOpen = false;
            kernel.scheduler().wakeup(writers);
        } else {
            writerOpen = false;
            kernel.scheduler().wakeup(readers);
        }
        if (!readerOpen && !writerOpen) {
            kernel.pageRequests().freePages(pfn, ORDER);
        }
    }

    /** One end of a pipe, as the descriptor table holds it. */
    private static final class End implements FileOps {
        private final Pipe pipe;
        private final boolean readEnd;

        End(Pipe pipe, boolean readEnd) {
            this.pipe = pipe;
            this.readEnd = readEnd;
        }

        @Override
        public int read(File fp, Uio uio, int flags) {
            return readEnd ? pipe.read(uio, flags) : EBADF;
        }

        @Override
        public int write(File fp, Uio uio, int flags) {
            return readEnd ? EBADF : pipe.write(uio, flags);
        }

        /** pipe_ioctl(): FIONREAD (bytes waiting), FIONBIO (sets or clears O_NONBLOCK), FIOASYNC off. */
        @Override
        public int ioctl(File fp, long cmd, long arg) {
            Kernel k = pipe.kernel;
            return Ioctl.call(k, cmd, arg, (com, data) -> {
                if (com == Ioccom.FIONREAD) {
                    k.memory().write32(data, readEnd ? pipe.cnt : 0);
                    return 0;
                }
                if (com == Ioccom.FIONBIO) {
                    if (k.memory().read32(data) != 0) {
                        fp.flags |= PathCalls.O_NONBLOCK;
                    } else {
                        fp.flags &= ~PathCalls.O_NONBLOCK;
                    }
                    return 0;
                }
                if (com == Ioccom.FIOASYNC) {
                    return k.memory().read32(data) != 0 ? EINVAL : 0;
                }
                return ENOTTY;
            });
        }

        /** pipe_stat(): a FIFO of the pipe's creator; st_size is what waits to be read. */
        @Override
        public int stat(File fp, Stat sb) {
            sb.mode = Stat.S_IFIFO;
            sb.size = pipe.cnt;
            sb.blksize = org.kld86.kernel.vm.VmLayout.PAGE_SIZE;
            sb.blocks = (pipe.cnt + sb.blksize - 1) / sb.blksize;
            sb.uid = pipe.uid;
            sb.gid = pipe.gid;
            sb.ino = pipe.ino;
            sb.atime = pipe.birthNanos / 1_000_000_000L;
            sb.mtime = sb.atime;
            sb.ctime = sb.atime;
            return 0;
        }

        @Override
        public int close(File fp) {
            pipe.close(readEnd);
            return 0;
        }
    }
}
