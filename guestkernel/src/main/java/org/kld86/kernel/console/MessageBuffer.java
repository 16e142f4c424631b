package org.kld86.kernel.console;

/**
 * The kernel message buffer (FreeBSD's msgbuf, Linux's log buffer): a ring of the most recent console output,
 * which dmesg reads. Older text is overwritten when the ring is full, as on a real kernel.
 */
public final class MessageBuffer {

    /** FreeBSD's default MSGBUF_SIZE on i386 is 96 KiB; Linux's LOG_BUF_LEN default is 128 KiB. */
    public static final int DEFAULT_SIZE = 96 * 1024;

    private final char[] ring;
    private long written;

    public MessageBuffer(int sizeChars) {
        ring = new char[sizeChars];
    }

    public void append(CharSequence s) {
        for (int i = 0; i < s.length(); i++) {
            ring[(int) (written++ % ring.length)] = s.charAt(i);
        }
    }

    /** Everything still in the ring, oldest first. */
    public String contents() {
        int n = (int) Math.min(written, ring.length);
        StringBuilder sb = new StringBuilder(n);
        long start = written - n;
        for (long i = start; i < written; i++) {
            sb.append(ring[(int) (i % ring.length)]);
        }
        return sb.toString();
    }

    /** Characters written since boot, including those overwritten. */
    public long written() {
        return written;
    }
}
