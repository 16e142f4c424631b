package org.kld86.userland;

import org.kld86.userland.libc.Getopt;
import org.kld86.userland.libc.Libc;

/**
 * dmesg(8): the kernel message buffer, read through sysctl kern.msgbuf. Once the ring has wrapped its oldest
 * line is cut, so output starts after the first newline, as FreeBSD's dmesg drops the partial line; a buffer not
 * ending in a newline gets one.
 *
 * <pre>
 * usage: dmesg [-ac] [-M core [-N system]]
 * </pre>
 * -a would also show syslog-level lines, which this kernel does not mark; -c (clear) is not supported.
 */
public final class Dmesg {

    /** MSGBUF_SIZE of the kernel's ring: a longer text means the ring wrapped. */
    static final int MSGBUF_SIZE = 96 * 1024;

    private Dmesg() {
    }

    public static int main(int argc, long argv, long envp) {
        return Libc.start(argc, argv, envp, Dmesg::run);
    }

    static int run(Libc c) {
        Getopt g = new Getopt(c, "acM:N:");
        for (int ch; (ch = g.next()) != -1; ) {
            if (ch != 'a') {
                c.stderr().puts("usage: dmesg [-ac] [-M core [-N system]]\n");
                return 1;
            }
        }
        if (g.rest().length != 0) {
            c.stderr().puts("usage: dmesg [-ac] [-M core [-N system]]\n");
            return 1;
        }
        int[] err = {0};
        String buf = c.sysctlString("kern.msgbuf", err);
        if (buf == null) {
            c.err(1, "sysctl kern.msgbuf", err[0]);
            return 1;
        }
        if (buf.length() >= MSGBUF_SIZE) {
            int nl = buf.indexOf('\n');
            buf = nl < 0 ? "" : buf.substring(nl + 1);
        }
        c.puts(buf);
        if (!buf.isEmpty() && !buf.endsWith("\n")) {
            c.puts("\n");
        }
        return 0;
    }
}
