package org.kld86.userland;

import org.kld86.userland.libc.Getopt;
import org.kld86.userland.libc.Libc;
import org.kld86.userland.libc.Stdio;

/**
 * uniq(1), as usr.bin/uniq/uniq.c: adjacent repeated lines once. {@code -c} precedes each with its count
 * ({@code "%4d "}), {@code -d} prints only repeated lines, {@code -u} only unrepeated ones, {@code -i} compares
 * without case. Input is a file or standard input; output a file or standard output.
 */
public final class Uniq {

    private Uniq() {
    }

    public static int main(int argc, long argv, long envp) {
        return Libc.start(argc, argv, envp, Uniq::run);
    }

    static int run(Libc c) {
        Getopt g = new Getopt(c, c.args(), "cdiu");
        boolean count = false;
        boolean dups = false;
        boolean uniques = false;
        boolean ignoreCase = false;
        for (int ch; (ch = g.next()) != -1; ) {
            switch (ch) {
                case 'c' -> count = true;
                case 'd' -> dups = true;
                case 'u' -> uniques = true;
                case 'i' -> ignoreCase = true;
                default -> {
                    return usage(c);
                }
            }
        }
        String[] rest = g.rest();
        if (rest.length > 2) {
            return usage(c);
        }
        int ifd = 0;
        if (rest.length > 0 && !rest[0].equals("-")) {
            ifd = c.open(rest[0], Libc.O_RDONLY, 0);
            if (ifd < 0) {
                c.err(1, rest[0], ifd);
                return 1;
            }
        }
        Stdio out = c.stdout();
        if (rest.length > 1 && !rest[1].equals("-")) {
            int ofd = c.open(rest[1], Libc.O_WRONLY | Libc.O_CREAT | Libc.O_TRUNC, 0666);
            if (ofd < 0) {
                c.err(1, rest[1], ofd);
                return 1;
            }
            out = c.stream(ofd);
        }
        Stdio in = c.stream(ifd);
        String prev = null;
        long repeats = 0;
        for (String line; ; ) {
            line = in.readLine();
            if (line != null && !line.endsWith("\n")) {
                line = line + "\n";
            }
            if (prev != null && line != null
                    && (ignoreCase ? prev.equalsIgnoreCase(line) : prev.equals(line))) {
                repeats++;
                continue;
            }
            if (prev != null && ((!dups && !uniques) || (dups && repeats > 0) || (uniques && repeats == 0))) {
                out.puts((count ? Libc.format("%4d ", repeats + 1) : "") + prev);
            }
            if (line == null) {
                break;
            }
            prev = line;
            repeats = 0;
        }
        out.flush();
        return 0;
    }

    private static int usage(Libc c) {
        c.stderr().puts("usage: uniq [-c | -d | -D | -u] [-i] [-f fields] [-s chars] [input [output]]\n");
        return 1;
    }
}
