package org.kld86.userland;

import org.kld86.libkern.Errnos;
import org.kld86.userland.libc.Getopt;
import org.kld86.userland.libc.Libc;

/**
 * kldload(8): loads kernel modules, with FreeBSD 12-14's options and messages.
 *
 * <pre>
 * usage: kldload [-nqv] file ...
 * </pre>
 * -n: a file or module already loaded is not an error; -v: print "Loaded %s, id=%d" (or "%s is already loaded" with
 * -n); -q: quiet about where a file comes from. Errors: EEXIST "can't load X: module already loaded or in kernel",
 * ENOEXEC "an error occurred while loading module X. Please check dmesg(8) for more details.", anything else
 * warn(3)'s "can't load X: strerror". The exit status is 1 if any file failed.
 *
 * <p>This kernel's addition: words {@code name=value} after a file are Linux-style module parameters for it
 * (what insmod takes), passed in kldload(2)'s second argument: {@code kldload scullp scullp_order=1}. FreeBSD's
 * check that a bare "x.ko" is on the module path rather than in the current directory needs a file system and is
 * left out.
 */
public final class Kldload {

    private Kldload() {
    }

    public static int main(int argc, long argv, long envp) {
        return Libc.start(argc, argv, envp, Kldload::run);
    }

    static int run(Libc c) {
        Getopt g = new Getopt(c, "nqv");
        boolean checkLoaded = false;
        boolean verbose = false;
        for (int ch; (ch = g.next()) != -1; ) {
            switch (ch) {
                case 'n' -> checkLoaded = true;
                case 'q' -> { }
                case 'v' -> verbose = true;
                default -> {
                    return usage(c);
                }
            }
        }
        String[] files = g.rest();
        if (files.length == 0) {
            return usage(c);
        }
        int errors = 0;
        for (int i = 0; i < files.length; i++) {
            String file = files[i];
            StringBuilder params = new StringBuilder();
            while (i + 1 < files.length && files[i + 1].indexOf('=') > 0) {
                if (params.length() > 0) {
                    params.append(' ');
                }
                params.append(files[++i]);
            }
            int fileid = c.kldload(file, params.toString());
            if (fileid >= 0) {
                if (verbose) {
                    c.printf("Loaded %s, id=%d\n", file, fileid);
                }
                continue;
            }
            int errno = -fileid;
            if (checkLoaded && errno == Errnos.EEXIST) {
                if (verbose) {
                    c.printf("%s is already loaded\n", file);
                }
                continue;
            }
            c.stdout().flush();
            switch (errno) {
                case Errnos.EEXIST -> c.warnx("can't load " + file + ": module already loaded or in kernel");
                case Errnos.ENOEXEC -> c.warnx("an error occurred while loading module " + file
                        + ". Please check dmesg(8) for more details.");
                default -> c.warn("can't load " + file, errno);
            }
            errors++;
        }
        return errors > 0 ? 1 : 0;
    }

    private static int usage(Libc c) {
        c.stderr().puts("usage: kldload [-nqv] file ...\n");
        return 1;
    }
}
