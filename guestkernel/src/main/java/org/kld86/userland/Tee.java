package org.kld86.userland;

import java.util.ArrayList;
import java.util.List;
import org.kld86.userland.libc.Getopt;
import org.kld86.userland.libc.Libc;

/**
 * tee(1) (FreeBSD's usr.bin/tee/tee.c, man page tee.1): copies standard input to standard output and to each
 * file, made with mode 0666 (DEFFILEMODE) and truncated, or appended to with -a. A file that cannot be opened
 * is warned about ({@code tee: f: Permission denied}) and the copy goes on to the others, with status 1 at the
 * end; so does a failed write. A bad option prints the usage and exits 1.
 *
 * <p>As tee.c keeps its outputs on a list it pushes onto, each block is written to the last file named first and
 * to standard output last. -i (ignore SIGINT) is taken and does nothing: there is no signal(3) here to ignore a
 * signal with.
 */
public final class Tee {

    private record Out(int fd, String name) {
    }

    private Tee() {
    }

    public static int main(int argc, long argv, long envp) {
        return Libc.start(argc, argv, envp, Tee::run);
    }

    static int run(Libc c) {
        Getopt g = new Getopt(c, "ai");
        boolean append = false;
        for (int ch; (ch = g.next()) != -1; ) {
            switch (ch) {
                case 'a' -> append = true;
                case 'i' -> { }
                default -> {
                    c.stderr().puts("usage: tee [-ai] [file ...]\n");
                    return 1;
                }
            }
        }
        List<Out> outs = new ArrayList<>();
        outs.add(0, new Out(1, "stdout"));
        int status = 0;
        for (String f : g.rest()) {
            int fd = c.open(f, Libc.O_WRONLY | Libc.O_CREAT | (append ? Libc.O_APPEND : Libc.O_TRUNC), 0666);
            if (fd < 0) {
                c.warn(f, fd);
                status = 1;
            } else {
                outs.add(0, new Out(fd, f));
            }
        }
        byte[] buf = new byte[8192];
        int n;
        while ((n = c.read(0, buf, 0, buf.length)) > 0) {
            for (Out o : outs) {
                for (int off = 0; off < n; ) {
                    int w = c.write(o.fd(), buf, off, n - off);
                    if (w < 0) {
                        c.warn(o.name(), w);
                        status = 1;
                        break;
                    }
                    off += w;
                }
            }
        }
        if (n < 0) {
            c.err(1, "read", n);
            return 1;
        }
        return status;
    }
}
