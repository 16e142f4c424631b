package org.kld86.cli;

import static org.kld86.kpi.Errno.EISDIR;
import static org.kld86.kpi.Errno.ENOENT;
import static org.kld86.kpi.Errno.EROFS;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.kld86.kernel.Kernel;
import org.kld86.kernel.fs.File;
import org.kld86.kernel.fs.FileOps;
import org.kld86.kernel.fs.FileSystem;
import org.kld86.kernel.fs.Stat;
import org.kld86.kernel.malloc.MallocFlags;
import org.kld86.kernel.proc.Proc;
import org.kld86.kernel.tty.DeviceNodeTable;
import org.kld86.kpi.Uio;

/**
 * The file system the launcher boots with until the kernel has its own: read-only files held by the launcher
 * (/bin with the user programs, files it installs such as a script in /tmp), the character devices of the
 * kernel's {@link DeviceNodeTable} in /dev, and a host folder read-only at /host.
 *
 * <p>/bin/NAME runs the user program org.kld86.userland.Name (the class's simple name, lower case); a
 * {@code --program NAME=CLASS} adds or replaces one. Nothing here can be written: an open for writing a file is
 * EROFS.
 */
final class BootFiles implements FileSystem, GuestFiles {

    static final String PROGRAM_PACKAGE = "org.kld86.userland.";
    static final int O_ACCMODE = 0x0003;
    static final int O_NONBLOCK = 0x0004;
    static final int O_WRONLY = 0x0001;

    private final Kernel kernel;
    private final Map<String, byte[]> files = new java.util.concurrent.ConcurrentSkipListMap<>();
    private final Path share;

    BootFiles(Kernel kernel, Map<String, String> programs, Path share) {
        this.kernel = kernel;
        this.share = share;
        for (String cls : kernel.userland().programs()) {
            String simple = cls.substring(PROGRAM_PACKAGE.length());
            if (!simple.contains(".")) {
                files.put("/bin/" + simple.toLowerCase(java.util.Locale.ROOT), program(cls));
            }
        }
        programs.forEach((name, cls) -> files.put("/bin/" + name, program(cls)));
    }

    private static byte[] program(String cls) {
        return ("#!program " + cls + "\n").getBytes(StandardCharsets.ISO_8859_1);
    }

    @Override
    public void install(String path, byte[] data) {
        files.put(path, data.clone());
    }

    @Override
    public List<String> list(String dir) {
        String d = dir.endsWith("/") ? dir : dir + "/";
        TreeSet<String> names = new TreeSet<>();
        if (d.equals("/dev/") && kernel.deviceNodes() instanceof DeviceNodeTable t) {
            names.addAll(t.names());
        }
        for (String p : files.keySet()) {
            if (p.startsWith(d) && p.indexOf('/', d.length()) < 0) {
                names.add(p.substring(d.length()));
            }
        }
        return new ArrayList<>(names);
    }

    private static String absolute(Proc p, String path) {
        if (path.startsWith("/")) {
            return path;
        }
        String cwd = p == null ? "/" : p.cwd();
        return (cwd.endsWith("/") ? cwd : cwd + "/") + path;
    }

    /** The bytes of a regular file, or null. */
    private byte[] contents(String path) {
        byte[] b = files.get(path);
        if (b != null) {
            return b;
        }
        if (share != null && path.startsWith("/host/")) {
            Path root = share.toAbsolutePath().normalize();
            Path f = root.resolve(path.substring("/host/".length())).normalize();
            if (f.startsWith(root) && Files.isRegularFile(f)) {
                try {
                    return Files.readAllBytes(f);
                } catch (IOException e) {
                    return null;
                }
            }
        }
        return null;
    }

    @Override
    public File open(Proc p, String path, int flags, int mode, int[] err) {
        String abs = absolute(p, path);
        int fflags = ((flags & O_ACCMODE) + 1) | (flags & ~O_ACCMODE);
        if (abs.startsWith("/dev/") && kernel.deviceNodes() instanceof DeviceNodeTable t) {
            DeviceNodeTable.Node n = t.lookup(abs.substring("/dev/".length()));
            if (n != null) {
                return new File(n.ops(), n.data(), fflags, abs);
            }
        }
        byte[] b = contents(abs);
        if (b == null) {
            err[0] = list(abs).isEmpty() ? ENOENT : EISDIR;
            return null;
        }
        if ((fflags & File.FWRITE) != 0) {
            err[0] = EROFS;
            return null;
        }
        return new File(new ReadOnlyFile(b), b, fflags, abs);
    }

    @Override
    public byte[] readExecutable(Proc p, String path, int[] err) {
        byte[] b = contents(absolute(p, path));
        if (b == null) {
            err[0] = ENOENT;
        }
        return b;
    }

    /** A file whose bytes the launcher holds: read and seek, nothing else. */
    private final class ReadOnlyFile implements FileOps {
        private final byte[] data;

        ReadOnlyFile(byte[] data) {
            this.data = data;
        }

        @Override
        public int read(File fp, Uio uio, int flags) {
            long off = uio.uio_offset;
            if (off >= data.length) {
                return 0;
            }
            int n = (int) Math.min(uio.uio_resid, data.length - off);
            var malloc = kernel.malloc();
            long buf = malloc.malloc(n, malloc.M_TEMP, MallocFlags.M_WAITOK);
            try {
                kernel.memory().write(buf, data, (int) off, n);
                return Uio.uiomove(buf, n, uio);
            } finally {
                malloc.free(buf, malloc.M_TEMP);
            }
        }

        @Override
        public int write(File fp, Uio uio, int flags) {
            return EROFS;
        }

        @Override
        public long seek(File fp, long offset, int whence) {
            long base = whence == 0 ? 0 : whence == 1 ? fp.offset : data.length;
            long pos = base + offset;
            return pos < 0 ? -org.kld86.kpi.Errno.EINVAL : pos;
        }

        @Override
        public int stat(File fp, Stat sb) {
            sb.mode = Stat.S_IFREG | 0444;
            sb.size = data.length;
            return 0;
        }
    }
}
