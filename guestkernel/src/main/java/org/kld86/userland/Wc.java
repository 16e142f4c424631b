package org.kld86.userland;

import org.kld86.userland.libc.Getopt;
import org.kld86.userland.libc.Libc;

/**
 * wc(1): lines, words and bytes of each file or of standard input, each count as {@code %8jd} and then the file's
 * name, and a "total" line for several files, as FreeBSD's wc prints them. -l, -w and -c choose the counts.
 */
public final class Wc {

    private Wc() {
    }

    public static int main(int argc, long argv, long envp) {
        return Libc.start(argc, argv, envp, Wc::run);
    }

    static int run(Libc c) {
        Getopt g = new Getopt(c, "clmw");
        boolean l = false;
        boolean w = false;
        boolean b = false;
        for (int ch; (ch = g.next()) != -1; ) {
            switch (ch) {
                case 'l' -> l = true;
                case 'w' -> w = true;
                case 'c', 'm' -> b = true;
                default -> {
                    c.stderr().puts("usage: wc [-clmw] [file ...]\n");
                    return 1;
                }
            }
        }
        if (!l && !w && !b) {
            l = w = b = true;
        }
        String[] files = g.rest();
        boolean stdin = files.length == 0;
        if (stdin) {
            files = new String[] {"-"};
        }
        long[] total = new long[3];
        int status = 0;
        for (String f : files) {
            int fd = c.openOperand(f);
            if (fd < 0) {
                status = 1;
                continue;
            }
            long[] n = count(c, fd);
            for (int i = 0; i < 3; i++) {
                total[i] += n[i];
            }
            print(c, n, l, w, b, stdin ? null : f);
            c.closeOperand(fd);
        }
        if (files.length > 1) {
            print(c, total, l, w, b, "total");
        }
        return status;
    }

    private static long[] count(Libc c, int fd) {
        long lines = 0;
        long words = 0;
        long bytes = 0;
        boolean inWord = false;
        byte[] buf = new byte[4096];
        for (int n; (n = c.read(fd, buf, 0, buf.length)) > 0; ) {
            bytes += n;
            for (int i = 0; i < n; i++) {
                int ch = buf[i] & 0xFF;
                if (ch == '\n') {
                    lines++;
                }
                boolean space = ch == ' ' || ch == '\t' || ch == '\n' || ch == '\r' || ch == '\f' || ch == 0x0B;
                if (space) {
                    inWord = false;
                } else if (!inWord) {
                    inWord = true;
                    words++;
                }
            }
        }
        return new long[] {lines, words, bytes};
    }

    private static void print(Libc c, long[] n, boolean l, boolean w, boolean b, String name) {
        StringBuilder sb = new StringBuilder();
        if (l) {
            sb.append(c.format(" %7jd", n[0]));
        }
        if (w) {
            sb.append(c.format(" %7jd", n[1]));
        }
        if (b) {
            sb.append(c.format(" %7jd", n[2]));
        }
        if (name != null) {
            sb.append(' ').append(name);
        }
        c.stdout().puts(sb.append('\n').toString());
    }
}
