package org.kld86.kpi;

import java.nio.charset.StandardCharsets;
import org.kld86.kernel.Kernel;
import org.kld86.kernel.procfs.SeqBuffer;
import org.kld86.libkern.CFormat;

/**
 * linux/seq_file.h: the easy way to make a /proc file's text. A show function prints the whole text with
 * seq_printf / seq_puts into the file's buffer; seq_read hands it out to read(2) by offset, however small the
 * reads. single_open ties one show function to an open file:
 *
 * <pre>
 * static int scull_proc_open(Inode inode, LinuxFile file) {
 *     return single_open(file, Scull::scull_proc_show, null);
 * }
 * // .open = scull_proc_open, .read = seq_read, .llseek = seq_lseek, .release = single_release
 * </pre>
 *
 * The text is made when a read starts at offset 0, into a buffer in guest memory that starts at a page and is
 * doubled, the show function run again, whenever the text does not fit. Formats are the kernel's printf
 * ({@link Printk}). Trap: show may run more than once per read of the file, so it must only print.
 */
public final class SeqFile {

    /** The {@code v} a single_open show function gets ({@code SEQ_START_TOKEN}, (void *)1). */
    public static final Object SEQ_START_TOKEN = new Object();

    /** {@code int (*show)(struct seq_file *m, void *v)}: 0, or a negative errno. */
    @FunctionalInterface
    public interface Show {
        int show(SeqFile m, Object v);
    }

    /** {@code m->private}: the data given to single_open. */
    public Object priv;
    private final Show show;
    private final SeqBuffer buf;
    private boolean filled;

    private SeqFile(Show show, Object data) {
        this.show = show;
        this.priv = data;
        this.buf = new SeqBuffer(Kernel.current());
    }

    /** single_open(): {@code file->private_data} becomes the seq_file; 0. */
    public static int single_open(LinuxFile file, Show show, Object data) {
        file.private_data = new SeqFile(show, data);
        return 0;
    }

    /** single_release(): frees the seq_file's buffer; 0. */
    public static int single_release(Inode inode, LinuxFile file) {
        if (file.private_data instanceof SeqFile m) {
            m.buf.free();
            file.private_data = null;
        }
        return 0;
    }

    /** seq_read(): the file_operations read method of a seq_file. */
    public static long seq_read(LinuxFile file, long ubuf, long size, long[] ppos) {
        if (!(file.private_data instanceof SeqFile m)) {
            return -Errno.EINVAL;
        }
        if (ppos[0] == 0 || !m.filled) {
            m.buf.reset();
            for (;;) {
                int r = m.show.show(m, SEQ_START_TOKEN);
                if (r < 0) {
                    return r;
                }
                if (!m.buf.overflowed()) {
                    break;
                }
                if (!m.buf.grow()) {
                    return -Errno.ENOMEM;
                }
            }
            m.filled = true;
        }
        if (ppos[0] < 0) {
            return -Errno.EINVAL;
        }
        if (ppos[0] >= m.buf.count() || size <= 0) {
            return 0;
        }
        long n = Math.min(size, m.buf.count() - ppos[0]);
        long copied = n - Uaccess.copy_to_user(ubuf, m.buf.va() + ppos[0], n);
        if (copied == 0) {
            return -Errno.EFAULT;
        }
        ppos[0] += copied;
        return copied;
    }

    /** seq_lseek(): SEEK_SET and SEEK_CUR within the text; anything else, or a negative result, is -EINVAL. */
    public static long seq_lseek(LinuxFile file, long offset, int whence) {
        long base = switch (whence) {
            case LinuxFile.SEEK_SET -> 0;
            case LinuxFile.SEEK_CUR -> file.f_pos;
            default -> -1;
        };
        if (base < 0 || base + offset < 0) {
            return -Errno.EINVAL;
        }
        file.f_pos = base + offset;
        return file.f_pos;
    }

    /** seq_printf(): 0, or -1 when the buffer is full (the kernel then grows it and shows again). */
    public static int seq_printf(SeqFile m, String fmt, Object... args) {
        Kernel k = Kernel.current();
        String s = CFormat.format(CFormat.Dialect.LINUX, a -> k.memory().readCString(a, 1024), fmt, args);
        return m.buf.append(s.getBytes(StandardCharsets.ISO_8859_1)) ? 0 : -1;
    }

    /** seq_puts(). */
    public static int seq_puts(SeqFile m, String s) {
        return m.buf.append(s.getBytes(StandardCharsets.ISO_8859_1)) ? 0 : -1;
    }

    /** seq_putc(). */
    public static int seq_putc(SeqFile m, int c) {
        return m.buf.append(new byte[] {(byte) c}) ? 0 : -1;
    }

    /** The text shown so far (m->count bytes), for a show function that looks at what it printed. */
    public int count() {
        return buf.count();
    }
}
