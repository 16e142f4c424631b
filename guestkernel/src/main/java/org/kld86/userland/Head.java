package org.kld86.userland;

import org.kld86.userland.libc.Getopt;
import org.kld86.userland.libc.Libc;

/**
 * head(1): the first lines (-n count, 10 by default) or bytes (-c bytes) of each file or of standard input. With
 * several files each is introduced by {@code ==> name <==}, and files after the first by a blank line, as
 * FreeBSD's head prints them.
 */
public final class Head {

    private Head() {
    }

    public static int main(int argc, long argv, long envp) {
        return Libc.start(argc, argv, envp, Head::run);
    }

    static int run(Libc c) {
        Getopt g = new Getopt(c, obsolete(c.args()), "n:c:");
        long lines = -1;
        long bytes = -1;
        for (int ch; (ch = g.next()) != -1; ) {
            switch (ch) {
                case 'n' -> lines = count(c, g.optarg(), "line");
                case 'c' -> bytes = count(c, g.optarg(), "byte");
                default -> {
                    c.stderr().puts("usage: head [-n lines | -c bytes] [file ...]\n");
                    return 1;
                }
            }
            if (lines == -2 || bytes == -2) {
                return 1;
            }
        }
        if (lines >= 0 && bytes >= 0) {
            c.errx(1, "can't combine line and byte counts");
            return 1;
        }
        if (lines < 0 && bytes < 0) {
            lines = 10;
        }
        String[] files = g.rest();
        if (files.length == 0) {
            files = new String[] {"-"};
        }
        int status = 0;
        boolean first = true;
        for (String f : files) {
            int fd = c.openOperand(f);
            if (fd < 0) {
                status = 1;
                continue;
            }
            if (files.length > 1) {
                c.stdout().puts((first ? "" : "\n") + "==> " + f + " <==\n");
            }
            first = false;
            copy(c, fd, lines, bytes);
            c.closeOperand(fd);
        }
        return status;
    }

    /**
     * head.c's obsolete(): the historical {@code head -N} is {@code head -n N}, for the leading options up to the
     * first that is not of that form.
     */
    static String[] obsolete(String[] argv) {
        String[] out = argv.clone();
        for (int i = 1; i < out.length; i++) {
            String a = out[i];
            if (a.length() < 2 || a.charAt(0) != '-' || !Character.isDigit(a.charAt(1))) {
                break;
            }
            out[i] = "-n" + a.substring(1);
        }
        return out;
    }

    private static long count(Libc c, String arg, String what) {
        try {
            long n = Long.parseLong(arg);
            if (n > 0) {
                return n;
            }
        } catch (NumberFormatException e) {
            // falls through
        }
        c.errx(1, "illegal " + what + " count -- " + arg);
        return -2;
    }

    private static void copy(Libc c, int fd, long lines, long bytes) {
        byte[] buf = new byte[4096];
        long seenLines = 0;
        long seenBytes = 0;
        for (;;) {
            // Never read past the count: on a device the next read may sleep until more data comes.
            int want = bytes >= 0 ? (int) Math.min(buf.length, bytes - seenBytes) : buf.length;
            if (want <= 0) {
                return;
            }
            int n = c.read(fd, buf, 0, want);
            if (n <= 0) {
                return;
            }
            for (int i = 0; i < n; i++) {
                if (bytes >= 0 && seenBytes >= bytes) {
                    return;
                }
                c.stdout().putc(buf[i] & 0xFF);
                seenBytes++;
                if (buf[i] == '\n' && lines >= 0 && ++seenLines >= lines) {
                    return;
                }
            }
        }
    }
}
