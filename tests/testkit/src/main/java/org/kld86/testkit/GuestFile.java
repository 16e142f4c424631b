package org.kld86.testkit;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * An open file of the guest, held by a user process (the testkit's agent): each method is one system call that
 * process makes, so the driver sees a real user buffer, a real file offset and a real process. A call that fails
 * throws {@link GuestErrno} with the errno the kernel returned.
 *
 * <pre>
 * GuestFile echo = guest.open("/dev/echo");
 * echo.write("hello");                      // write(2): the driver's d_write through uiomove
 * assertEquals("hello", echo.readAll());    // lseek(fd, 0, SEEK_SET), then read(2) to end of file
 * </pre>
 */
public final class GuestFile implements AutoCloseable {

    /** open(2) flags, sys/fcntl.h. */
    public static final int O_RDONLY = 0x0000;
    public static final int O_WRONLY = 0x0001;
    public static final int O_RDWR = 0x0002;
    public static final int O_NONBLOCK = 0x0004;
    public static final int O_APPEND = 0x0008;
    public static final int O_CREAT = 0x0200;
    public static final int O_TRUNC = 0x0400;

    /** lseek(2) whence. */
    public static final int SEEK_SET = 0;
    public static final int SEEK_CUR = 1;
    public static final int SEEK_END = 2;

    private final Guest.Agent agent;
    private final String path;
    private final int fd;
    private boolean closed;

    private GuestFile(Guest.Agent agent, String path, int fd) {
        this.agent = agent;
        this.path = path;
        this.fd = fd;
    }

    static GuestFile open(Guest.Agent agent, String path, int flags) {
        long fd = check("open " + path, Long.parseLong(agent.call("open " + hex(path.getBytes(StandardCharsets.ISO_8859_1))
                + " " + flags)[0]));
        return new GuestFile(agent, path, (int) fd);
    }

    /** The path it was opened by. */
    public String path() {
        return path;
    }

    /** The agent's descriptor number. */
    public int fd() {
        return fd;
    }

    /** write(2) of the whole array; returns the count the driver took (which may be less). */
    public int write(byte[] data) {
        return (int) check("write", Long.parseLong(agent.call("write " + fd + " " + hex(data))[0]));
    }

    /** write(2) of the string's bytes (ISO-8859-1). */
    public int write(String text) {
        return write(text.getBytes(StandardCharsets.ISO_8859_1));
    }

    /** One read(2) of at most {@code max} bytes; an empty array at end of file. */
    public byte[] read(int max) {
        String[] r = agent.call("read " + fd + " " + max);
        check("read", Long.parseLong(r[0]));
        return unhex(r[1]);
    }

    /** Reads from the current offset to end of file. */
    public byte[] readToEnd() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] b; (b = read(65536)).length > 0; ) {
            out.write(b, 0, b.length);
        }
        return out.toByteArray();
    }

    /** From offset 0 to end of file, as text: what {@code cat} of the file shows. */
    public String readAll() {
        return new String(readAllBytes(), StandardCharsets.ISO_8859_1);
    }

    /** From offset 0 to end of file. */
    public byte[] readAllBytes() {
        seek(0, SEEK_SET);
        return readToEnd();
    }

    /** lseek(2); returns the new offset. */
    public long seek(long offset, int whence) {
        return check("lseek", Long.parseLong(agent.call("lseek " + fd + " " + offset + " " + whence)[0]));
    }

    /** ioctl(2) whose argument is the value itself (_IO, or Linux's by-value commands); returns its result. */
    public int ioctl(long cmd, long value) {
        return (int) check("ioctl", Long.parseLong(agent.call("ioctl " + fd + " " + cmd + " val " + value)[0]));
    }

    /** ioctl(2) with no argument. */
    public int ioctl(long cmd) {
        return ioctl(cmd, 0);
    }

    /**
     * ioctl(2) whose argument points at a buffer: {@code in} is put there first, and the first {@code outLength}
     * bytes of it are returned afterwards (_IOW, _IOR, _IOWR).
     */
    public byte[] ioctl(long cmd, byte[] in, int outLength) {
        String[] r = agent.call("ioctl " + fd + " " + cmd + " ptr " + hex(in) + " " + outLength);
        check("ioctl", Long.parseLong(r[0]));
        return unhex(r[1]);
    }

    /** ioctl(2) on a pointer to one int: writes {@code value} there, returns what the driver left there. */
    public int ioctlInt(long cmd, int value) {
        byte[] in = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(value).array();
        return ByteBuffer.wrap(ioctl(cmd, in, 4)).order(ByteOrder.LITTLE_ENDIAN).getInt();
    }

    /** close(2). */
    @Override
    public void close() {
        if (!closed) {
            closed = true;
            check("close", Long.parseLong(agent.call("close " + fd)[0]));
        }
    }

    void closeQuietly() {
        if (!closed && !agent.channel.agentGone()) {
            closed = true;
            agent.call("close " + fd);
        }
    }

    private static long check(String what, long r) {
        if (r < 0 && r >= -4095) {
            throw new GuestErrno(what, (int) -r);
        }
        return r;
    }

    private static String hex(byte[] b) {
        StringBuilder sb = new StringBuilder(b.length * 2);
        for (byte x : b) {
            sb.append(Character.forDigit((x >> 4) & 0xF, 16)).append(Character.forDigit(x & 0xF, 16));
        }
        return sb.toString();
    }

    private static byte[] unhex(String s) {
        byte[] out = new byte[s.length() / 2];
        for (int i = 0; i < out.length; i++) {
            out[i] = (byte) Integer.parseInt(s, 2 * i, 2 * i + 2, 16);
        }
        return out;
    }
}
