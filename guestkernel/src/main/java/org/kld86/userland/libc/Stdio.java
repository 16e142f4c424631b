package org.kld86.userland.libc;

import java.nio.charset.StandardCharsets;
import org.kld86.libkern.CFormat;

/**
 * A stdio stream (FILE) on a descriptor: output gathered in the process and written with one write(2) when the
 * buffer fills, at a newline if the stream is line-buffered, at {@link #flush} and at exit; input read a block at
 * a time and handed out a line or a byte at a time.
 *
 * <p>Buffering follows FreeBSD's stdio: stderr is unbuffered, stdout is line-buffered on a terminal and fully
 * buffered otherwise (so {@code vmstat -m | cat} makes one write, not one a line). The trap, as in C: output
 * still in a buffer is lost if the process ends without flushing, which is why {@link Libc#exit} and
 * {@link Libc#flushAll} exist.
 */
public final class Stdio {

    /** BUFSIZ of stdio (FreeBSD's is 1024; a write buffer of a page matches st_blksize). */
    public static final int BUFSIZ = 4096;

    /** How the stream buffers output (setvbuf modes). */
    public enum Mode { UNBUFFERED, LINE, FULL }

    private final Libc c;
    private final int fd;
    private final Mode mode;
    private final byte[] out = new byte[BUFSIZ];
    private int outLen;
    private final byte[] in = new byte[BUFSIZ];
    private int inPos;
    private int inLen;
    private boolean eof;
    private int error;

    Stdio(Libc c, int fd, Mode mode) {
        this.c = c;
        this.fd = fd;
        this.mode = mode;
    }

    public int fd() {
        return fd;
    }

    // -------------------------------------------------------------------------------------------------------------
    // Output

    /** fputs(3): the string's bytes (ISO-8859-1). */
    public void puts(String s) {
        byte[] b = s.getBytes(StandardCharsets.ISO_8859_1);
        write(b, 0, b.length);
    }

    /** putchar(3). */
    public void putc(int ch) {
        if (outLen == out.length) {
            flush();
        }
        out[outLen++] = (byte) ch;
        if (mode == Mode.UNBUFFERED || (mode == Mode.LINE && ch == '\n')) {
            flush();
        }
    }

    /** fwrite(3). */
    public void write(byte[] b, int off, int len) {
        if (mode == Mode.UNBUFFERED) {
            flush();
            writeAll(b, off, len);
            return;
        }
        for (int i = 0; i < len; i++) {
            if (outLen == out.length) {
                flush();
            }
            byte x = b[off + i];
            out[outLen++] = x;
            if (mode == Mode.LINE && x == '\n') {
                flush();
            }
        }
    }

    /** printf(3) with FreeBSD's conversions ({@link CFormat}); a number given to %s is a C string's address. */
    public void printf(String fmt, Object... args) {
        puts(CFormat.format(CFormat.Dialect.FREEBSD, Libc::readString, fmt, args));
    }

    /** fflush(3): 0, or the negated errno of the write that failed (the stream remembers it, as ferror does). */
    public int flush() {
        if (outLen == 0) {
            return 0;
        }
        int n = outLen;
        outLen = 0;
        return writeAll(out, 0, n);
    }

    private int writeAll(byte[] b, int off, int len) {
        while (len > 0) {
            int r = c.write(fd, b, off, len);
            if (r < 0) {
                error = r;
                return r;
            }
            if (r == 0) {
                // A device that takes nothing (the echo driver reports 0 written) would loop forever.
                break;
            }
            off += r;
            len -= r;
        }
        return 0;
    }

    /** ferror(3): the negated errno of the last failed write or read, or 0. */
    public int error() {
        return error;
    }

    // -------------------------------------------------------------------------------------------------------------
    // Input

    private boolean fill() {
        if (eof) {
            return false;
        }
        int n = c.read(fd, in, 0, in.length);
        if (n <= 0) {
            if (n < 0) {
                error = n;
            }
            eof = true;
            return false;
        }
        inPos = 0;
        inLen = n;
        return true;
    }

    /** getc(3): the next byte (0-255) or -1 at end of file. */
    public int getc() {
        if (inPos >= inLen && !fill()) {
            return -1;
        }
        return in[inPos++] & 0xFF;
    }

    /**
     * getline(3) without the newline: the next line, the last one even if it has no newline, or null at end of
     * file. A terminal hands over one line a read, so this never reads past the line being typed.
     */
    public String readLine() {
        StringBuilder sb = new StringBuilder();
        for (;;) {
            int ch = getc();
            if (ch < 0) {
                return sb.length() == 0 ? null : sb.toString();
            }
            if (ch == '\n') {
                return sb.toString();
            }
            sb.append((char) ch);
        }
    }

    /** fread(3): up to {@code len} bytes; the count, 0 at end of file. */
    public int read(byte[] b, int off, int len) {
        int done = 0;
        while (done < len) {
            if (inPos >= inLen && !fill()) {
                break;
            }
            int n = Math.min(len - done, inLen - inPos);
            System.arraycopy(in, inPos, b, off + done, n);
            inPos += n;
            done += n;
        }
        return done;
    }

    /** feof(3). */
    public boolean eof() {
        return eof && inPos >= inLen;
    }
}
