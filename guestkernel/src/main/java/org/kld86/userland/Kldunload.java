package org.kld86.userland;

import org.kld86.userland.libc.Getopt;
import org.kld86.userland.libc.KldFileStat;
import org.kld86.userland.libc.Libc;

/**
 * kldunload(8): unloads files by name or id, as FreeBSD's.
 *
 * <pre>
 * usage: kldunload [-fv] -i id ...
 *        kldunload [-fv] [-n] name ...
 * </pre>
 * -f passes LINKER_UNLOAD_FORCE to kldunloadf(2); -v prints "Unloading %s, id=%d" first. The first failure ends
 * the run: "can't find file X" (errx) for an unknown name, "can't unload file: strerror" (err) when the kernel
 * refuses, exit status 1; bad usage exits with EX_USAGE (64).
 */
public final class Kldunload {

    static final int EX_USAGE = 64;
    static final int LINKER_UNLOAD_FORCE = 1;

    private Kldunload() {
    }

    public static int main(int argc, long argv, long envp) {
        return Libc.start(argc, argv, envp, Kldunload::run);
    }

    static int run(Libc c) {
        Getopt g = new Getopt(c, "finv");
        boolean byId = false;
        boolean byName = false;
        boolean verbose = false;
        int flags = 0;
        for (int ch; (ch = g.next()) != -1; ) {
            switch (ch) {
                case 'f' -> flags = LINKER_UNLOAD_FORCE;
                case 'i' -> byId = true;
                case 'n' -> byName = true;
                case 'v' -> verbose = true;
                default -> {
                    return usage(c);
                }
            }
        }
        String[] names = g.rest();
        if (names.length == 0 || (byId && byName)) {
            return usage(c);
        }
        for (String name : names) {
            int fileid;
            if (byId) {
                fileid = atoi(name);
                if (fileid < 0) {
                    c.errx(1, "Invalid ID " + name);
                }
            } else {
                fileid = c.kldfind(name);
                if (fileid < 0) {
                    c.stdout().flush();
                    c.warnx("can't find file " + name);
                    return 1;
                }
            }
            if (verbose) {
                int[] err = {0};
                KldFileStat st = c.kldstat(fileid, err);
                if (st == null) {
                    c.stdout().flush();
                    c.warn("can't stat file", err[0]);
                    return 1;
                }
                c.printf("Unloading %s, id=%d\n", st.name(), fileid);
            }
            int r = c.kldunloadf(fileid, flags);
            if (r != 0) {
                c.stdout().flush();
                c.warn("can't unload file", r);
                return 1;
            }
        }
        return 0;
    }

    /** atoi(3): the leading decimal number, 0 if none. */
    static int atoi(String s) {
        int i = 0;
        boolean neg = false;
        while (i < s.length() && s.charAt(i) == ' ') {
            i++;
        }
        if (i < s.length() && (s.charAt(i) == '-' || s.charAt(i) == '+')) {
            neg = s.charAt(i) == '-';
            i++;
        }
        long v = 0;
        while (i < s.length() && Character.isDigit(s.charAt(i)) && v < Integer.MAX_VALUE) {
            v = v * 10 + (s.charAt(i++) - '0');
        }
        return (int) (neg ? -v : v);
    }

    private static int usage(Libc c) {
        c.stderr().puts("usage: kldunload [-fv] -i id ...\n       kldunload [-fv] [-n] name ...\n");
        return EX_USAGE;
    }
}
