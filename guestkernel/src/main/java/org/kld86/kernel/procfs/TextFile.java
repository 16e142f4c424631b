package org.kld86.kernel.procfs;

import static org.kld86.kpi.Errno.ENOMEM;

import java.nio.charset.StandardCharsets;
import org.kld86.kernel.Kernel;
import org.kld86.kernel.fs.File;
import org.kld86.kernel.fs.FileOps;
import org.kld86.kernel.fs.Stat;
import org.kld86.kpi.Uio;

/**
 * An open /proc file showing a kernel text: the text is made when a read starts at offset 0 (or at the first
 * read), written into a {@link SeqBuffer} in guest memory, and handed out from there by offset, as seq_read
 * serves a single_open file. lseek moves within it (SEEK_END is EINVAL, as seq_lseek has it).
 */
final class TextFile implements FileOps {

    private final Kernel kernel;
    private final ProcEntry entry;
    private final SeqBuffer buf;
    private boolean filled;

    TextFile(Kernel kernel, ProcEntry entry) {
        this.kernel = kernel;
        this.entry = entry;
        this.buf = new SeqBuffer(kernel);
    }

    @Override
    public int read(File fp, Uio uio, int flags) {
        if (uio.uio_offset == 0 || !filled) {
            byte[] text = entry.text.get().getBytes(StandardCharsets.ISO_8859_1);
            buf.reset();
            while (!buf.append(text)) {
                if (!buf.grow()) {
                    return ENOMEM;
                }
            }
            filled = true;
        }
        if (uio.uio_offset < 0) {
            return org.kld86.kpi.Errno.EINVAL;
        }
        if (uio.uio_offset >= buf.count()) {
            return 0;
        }
        long n = Math.min(uio.uio_resid, buf.count() - uio.uio_offset);
        return Uio.uiomove(buf.va() + uio.uio_offset, n, uio);
    }

    @Override
    public int write(File fp, Uio uio, int flags) {
        return org.kld86.kpi.Errno.EBADF;
    }

    @Override
    public long seek(File fp, long offset, int whence) {
        long base = switch (whence) {
            case 0 -> 0;
            case 1 -> fp.offset;
            default -> -1;
        };
        if (base < 0 || base + offset < 0) {
            return -org.kld86.kpi.Errno.EINVAL;
        }
        fp.offset = base + offset;
        return fp.offset;
    }

    @Override
    public int stat(File fp, Stat sb) {
        entry.getattr(sb);
        return 0;
    }

    @Override
    public int close(File fp) {
        buf.free();
        return 0;
    }
}
