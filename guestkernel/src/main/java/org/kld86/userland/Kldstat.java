package org.kld86.userland;

import org.kld86.userland.libc.Getopt;
import org.kld86.userland.libc.KldFileStat;
import org.kld86.userland.libc.Libc;
import org.kld86.userland.libc.ModStat;

/**
 * kldstat(8): the loaded files, in the current FreeBSD layout for i386 (pointers 10 characters wide:
 * {@code PTR_WIDTH = sizeof(void *) * 2 + 2}).
 *
 * <pre>
 * Id Refs Address        Size Name
 *  1    3 0xc0400000   a6d5b8 kernel
 * </pre>
 * Header {@code "Id Refs Address%*c %8s Name\n"} with PTR_WIDTH - 7 spaces, rows {@code "%2d %4d %*p %8zx %s"}.
 * -v adds the path and the file's modules ({@code "\t\t%3d %s"}); -i id and -n file show one file;
 * -m modname shows one module ({@code "Id  Refs Name"} and {@code "%3d %4d %s"}); -q only sets the exit status.
 * -d and -h (module data, humanized sizes) are accepted but print as without them.
 */
public final class Kldstat {

    static final int PTR_WIDTH = 4 * 2 + 2;

    private Kldstat() {
    }

    public static int main(int argc, long argv, long envp) {
        return Libc.start(argc, argv, envp, Kldstat::run);
    }

    static int run(Libc c) {
        Getopt g = new Getopt(c, "dhi:m:n:qv");
        boolean verbose = false;
        boolean quiet = false;
        int fileid = 0;
        String modname = null;
        String filename = null;
        for (int ch; (ch = g.next()) != -1; ) {
            switch (ch) {
                case 'd', 'h' -> { }
                case 'i' -> {
                    String a = g.optarg();
                    if (!Numbers.isDecimal(a)) {
                        return usage(c);
                    }
                    fileid = (int) Long.parseLong(a.length() > 10 ? a.substring(a.length() - 10) : a);
                }
                case 'm' -> modname = g.optarg();
                case 'n' -> filename = g.optarg();
                case 'q' -> quiet = true;
                case 'v' -> verbose = true;
                default -> {
                    return usage(c);
                }
            }
        }
        if (g.rest().length != 0) {
            return usage(c);
        }
        if (modname != null) {
            int modid = c.modfind(modname);
            if (modid < 0) {
                if (!quiet) {
                    c.warn("can't find module " + modname, modid);
                }
                return 1;
            }
            if (quiet) {
                return 0;
            }
            int[] err = {0};
            ModStat st = c.modstat(modid, err);
            if (st == null) {
                c.warn("can't stat module id " + modid, err[0]);
            } else {
                c.printf("Id  Refs Name\n");
                c.printf("%3d %4d %s\n", st.id(), st.refs(), st.name());
            }
            return 0;
        }
        if (filename != null) {
            fileid = c.kldfind(filename);
            if (fileid < 0) {
                if (!quiet) {
                    c.warn("can't find file " + filename, fileid);
                }
                return 1;
            }
            if (quiet) {
                return 0;
            }
        }
        c.printf("Id Refs Address%*c %8s Name\n", PTR_WIDTH - 7, ' ', "Size");
        if (fileid != 0) {
            return printFile(c, fileid, verbose);
        }
        for (int id = c.kldnext(0); id > 0; id = c.kldnext(id)) {
            int r = printFile(c, id, verbose);
            if (r != 0) {
                return r;
            }
        }
        return 0;
    }

    private static int printFile(Libc c, int fileid, boolean verbose) {
        int[] err = {0};
        KldFileStat st = c.kldstat(fileid, err);
        if (st == null) {
            c.stdout().flush();
            c.err(1, "can't stat file id " + fileid, err[0]);
            return 1;
        }
        c.printf("%2d %4d %*p %8zx %s", st.id(), st.refs(), PTR_WIDTH, st.address(), st.size(), st.name());
        if (!verbose) {
            c.printf("\n");
            return 0;
        }
        c.printf(" (%s)\n", st.pathname());
        c.printf("\tContains modules:\n");
        c.printf("\t\t Id Name\n");
        for (int modid = c.kldfirstmod(fileid); modid > 0; modid = c.modfnext(modid)) {
            ModStat m = c.modstat(modid, err);
            if (m == null) {
                c.stdout().flush();
                c.warn("can't stat module id " + modid, err[0]);
                continue;
            }
            c.printf("\t\t%3d %s\n", m.id(), m.name());
        }
        return 0;
    }

    private static int usage(Libc c) {
        c.stderr().puts("usage: kldstat [-dhqv] [-i id] [-n filename]\n       kldstat [-dq] [-m modname]\n");
        return 1;
    }
}
