package org.kld86.userland;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;
import org.kld86.kernel.Kernel;
import org.kld86.kernel.fs.File;
import org.kld86.kernel.fs.FileOps;
import org.kld86.kernel.fs.Stat;
import org.kld86.kernel.malloc.MallocFlags;
import org.kld86.kernel.syscall.Sys;
import org.kld86.kernel.vm.UserAccess;
import org.kld86.kpi.Errno;
import org.kld86.kpi.Uio;

/**
 * Stand-ins, for the programs' tests, for what the file system and pipe branches will give the kernel: open(2) of
 * flat in-memory files by absolute path, and pipe2(2) with a reader that sleeps until data or the last writer's
 * close. Each is registered only if the kernel has no such system call yet, so once the real ones exist the
 * tests run on them.
 */
final class RamFiles {

    static final int O_ACCMODE = 0x0003;
    static final int O_APPEND = 0x0008;
    static final int O_CREAT = 0x0200;
    static final int O_TRUNC = 0x0400;
    static final int O_EXCL = 0x0800;

    private final Map<String, ByteArrayOutputStream> files = new TreeMap<>();

    RamFiles(Kernel k) {
        if (!k.syscalls().entries().containsKey(Sys.OPEN)) {
            k.syscalls().register(Sys.OPEN, "open", 3, c -> {
                UserAccess.Str path = k.userAccess().copyinstr(c.uarg(0), 1024);
                if (path.errno() != 0) {
                    return -path.errno();
                }
                int flags = c.arg(1);
                ByteArrayOutputStream data = files.get(path.value());
                if (data == null) {
                    if ((flags & O_CREAT) == 0) {
                        return -Errno.ENOENT;
                    }
                    data = new ByteArrayOutputStream();
                    files.put(path.value(), data);
                } else if ((flags & O_CREAT) != 0 && (flags & O_EXCL) != 0) {
                    return -Errno.EEXIST;
                }
                if ((flags & O_TRUNC) != 0) {
                    data.reset();
                }
                int fflags = ((flags & O_ACCMODE) + 1) | (flags & O_APPEND);
                return c.proc().fd().install(new File(new RamFile(data), data, fflags, path.value()));
            });
        }
        if (!k.syscalls().entries().containsKey(Sys.PIPE2)) {
            k.syscalls().register(Sys.PIPE2, "pipe2", 2, c -> {
                Pipe p = new Pipe();
                int r = c.proc().fd().install(new File(new PipeEnd(p, true), p, File.FREAD, "pipe"));
                int w = c.proc().fd().install(new File(new PipeEnd(p, false), p, File.FWRITE, "pipe"));
                if (k.userAccess().suword32(c.uarg(0), r) != 0 || k.userAccess().suword32(c.uarg(0) + 4, w) != 0) {
                    return -Errno.EFAULT;
                }
                return 0;
            });
        }
    }

    void put(String path, String text) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.writeBytes(text.getBytes(StandardCharsets.ISO_8859_1));
        files.put(path, b);
    }

    String get(String path) {
        ByteArrayOutputStream b = files.get(path);
        return b == null ? null : b.toString(StandardCharsets.ISO_8859_1);
    }

    /** Moves {@code n} bytes between a host array and the uio, through a kernel buffer as a driver would. */
    private static int move(byte[] b, int off, int n, Uio uio) {
        Kernel k = Kernel.current();
        long buf = k.malloc().malloc(Math.max(n, 1), k.malloc().M_TEMP, MallocFlags.M_WAITOK);
        try {
            if (uio.uio_rw == Uio.UIO_READ) {
                k.memory().write(buf, b, off, n);
                return Uio.uiomove(buf, n, uio);
            }
            int e = Uio.uiomove(buf, n, uio);
            k.memory().read(buf, b, off, n);
            return e;
        } finally {
            k.malloc().free(buf, k.malloc().M_TEMP);
        }
    }

    /** A regular file held in a byte array. */
    private static final class RamFile implements FileOps {
        private final ByteArrayOutputStream data;

        RamFile(ByteArrayOutputStream data) {
            this.data = data;
        }

        @Override
        public int read(File fp, Uio uio, int flags) {
            byte[] all = data.toByteArray();
            long off = uio.uio_offset;
            int n = (int) Math.max(0, Math.min(uio.uio_resid, all.length - off));
            return n == 0 ? 0 : move(all, (int) off, n, uio);
        }

        @Override
        public int write(File fp, Uio uio, int flags) {
            int n = (int) uio.uio_resid;
            byte[] b = new byte[n];
            long off = (flags & O_APPEND) != 0 ? data.size() : uio.uio_offset;
            uio.uio_offset = off;
            int e = move(b, 0, n, uio);
            byte[] all = data.toByteArray();
            byte[] grown = java.util.Arrays.copyOf(all, (int) Math.max(all.length, off + n));
            System.arraycopy(b, 0, grown, (int) off, n);
            data.reset();
            data.writeBytes(grown);
            return e;
        }

        @Override
        public long seek(File fp, long offset, int whence) {
            long base = whence == 0 ? 0 : whence == 1 ? fp.offset : data.size();
            if (base + offset < 0) {
                return -Errno.EINVAL;
            }
            fp.offset = base + offset;
            return fp.offset;
        }

        @Override
        public int stat(File fp, Stat sb) {
            sb.mode = Stat.S_IFREG | 0644;
            sb.size = data.size();
            sb.blocks = (data.size() + 511) / 512;
            return 0;
        }
    }

    /** A pipe's buffer and how many ends of each kind are open. */
    private static final class Pipe {
        final java.util.ArrayDeque<Byte> buf = new java.util.ArrayDeque<>();
        int readers = 1;
        int writers = 1;
    }

    private static final class PipeEnd implements FileOps {
        private final Pipe pipe;
        private final boolean readEnd;

        PipeEnd(Pipe pipe, boolean readEnd) {
            this.pipe = pipe;
            this.readEnd = readEnd;
        }

        @Override
        public int read(File fp, Uio uio, int flags) {
            Kernel k = Kernel.current();
            while (pipe.buf.isEmpty() && pipe.writers > 0) {
                k.scheduler().sleep(pipe, "piperd", 0);
            }
            int n = (int) Math.min(uio.uio_resid, pipe.buf.size());
            byte[] b = new byte[n];
            for (int i = 0; i < n; i++) {
                b[i] = pipe.buf.poll();
            }
            int e = n == 0 ? 0 : move(b, 0, n, uio);
            k.scheduler().wakeup(pipe);
            return e;
        }

        @Override
        public int write(File fp, Uio uio, int flags) {
            if (pipe.readers == 0) {
                return Errno.EPIPE;
            }
            int n = (int) uio.uio_resid;
            byte[] b = new byte[n];
            int e = move(b, 0, n, uio);
            for (byte x : b) {
                pipe.buf.add(x);
            }
            Kernel.current().scheduler().wakeup(pipe);
            return e;
        }

        @Override
        public int stat(File fp, Stat sb) {
            sb.mode = Stat.S_IFIFO | 0600;
            return 0;
        }

        @Override
        public int close(File fp) {
            if (readEnd) {
                pipe.readers--;
            } else {
                pipe.writers--;
            }
            Kernel.current().scheduler().wakeup(pipe);
            return 0;
        }
    }
}
