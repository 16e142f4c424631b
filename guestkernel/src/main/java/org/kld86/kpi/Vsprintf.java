package org.kld86.kpi;

import java.nio.charset.StandardCharsets;
import org.kld86.kernel.Kernel;
import org.kld86.libkern.CFormat;

/**
 * lib/vsprintf.c: the kernel's printf into a buffer in guest memory, with the kernel's conversions
 * ({@link Printk}). A read_proc function builds its page with these: {@code len += sprintf(page + len, ...)}.
 * Trap: sprintf does not know the buffer's size; snprintf never writes past it and scnprintf says what it
 * wrote, where snprintf says what it would have written.
 */
public final class Vsprintf {

    private Vsprintf() {
    }

    private static byte[] format(String fmt, Object[] args) {
        Kernel k = Kernel.current();
        return CFormat.format(CFormat.Dialect.LINUX, a -> k.memory().readCString(a, 1024), fmt, args)
                .getBytes(StandardCharsets.ISO_8859_1);
    }

    /** sprintf(): writes the text and a NUL at {@code buf}; returns the text's length. */
    public static int sprintf(long buf, String fmt, Object... args) {
        byte[] b = format(fmt, args);
        Mem.write(buf, b, 0, b.length);
        Mem.write8(buf + b.length, 0);
        return b.length;
    }

    /** snprintf(): at most {@code size - 1} bytes and a NUL; returns the length the whole text has. */
    public static int snprintf(long buf, int size, String fmt, Object... args) {
        byte[] b = format(fmt, args);
        if (size > 0) {
            int n = Math.min(b.length, size - 1);
            Mem.write(buf, b, 0, n);
            Mem.write8(buf + n, 0);
        }
        return b.length;
    }

    /** scnprintf(): as snprintf, returning what was written (without the NUL). */
    public static int scnprintf(long buf, int size, String fmt, Object... args) {
        int len = snprintf(buf, size, fmt, args);
        return size <= 0 ? 0 : Math.min(len, size - 1);
    }
}
