package org.kld86.userland;

import org.kld86.userland.libc.Fts;
import org.kld86.userland.libc.Getopt;
import org.kld86.userland.libc.Libc;
import org.kld86.userland.libc.Setmode;

/**
 * chmod(1) (FreeBSD's bin/chmod/chmod.c, man page chmod.1): sets the mode of each file to an octal or symbolic
 * mode (setmode(3): {@code 644}, {@code go-w}, {@code u+x,g=u}, {@code +t}); -R goes down directory trees. A file
 * whose mode would not change is left alone. -v prints each file changed, -vv also its old and new mode as
 * {@code path: 0100644 [-rw-r--r-- ] -> 0100755 [-rwxr-xr-x ]}; -f keeps quiet about files it cannot change
 * (status stays 0; -v still lists them, as chmod.c's else branch does). As in chmod.c, {@code -r}, {@code -w} and
 * {@code -x} are modes, not options. Messages: {@code chmod: invalid file mode: m} (status 1),
 * {@code chmod: f: Operation not permitted} for a file the caller does not own, {@code chmod: f: No such file or
 * directory}. -h, -H, -L and -P are accepted (-h with -R is an error, as in chmod.c); there are no symbolic links.
 */
public final class Chmod {

    private Chmod() {
    }

    public static int main(int argc, long argv, long envp) {
        return Libc.start(argc, argv, envp, Chmod::run);
    }

    static int run(Libc c) {
        Getopt g = new Getopt(c, "HLPRXfghorstuvwx");
        boolean recurse = false;
        boolean noFollow = false;
        boolean quiet = false;
        int verbose = 0;
        int ch;
        while ((ch = g.next()) != -1) {
            if (ch == 'R') {
                recurse = true;
            } else if (ch == 'f') {
                quiet = true;
            } else if (ch == 'v') {
                verbose++;
            } else if ("rwxXstugo".indexOf(ch) >= 0) {
                // "-[rwx...]" is a mode: give the operand back, as chmod.c's --optind.
                g.unread();
                break;
            } else if (ch == 'h') {
                noFollow = true;
            } else if ("HLP".indexOf(ch) < 0) {
                return usage(c);
            }
        }
        String[] rest = g.rest();
        if (rest.length < 2) {
            return usage(c);
        }
        if (recurse && noFollow) {
            c.errx(1, "the -R and -h options may not be specified together.");
            return 1;
        }
        int umask = c.umask(0);
        c.umask(umask);
        Setmode set = Setmode.compile(rest[0], umask);
        if (set == null) {
            c.errx(1, "invalid file mode: " + rest[0]);
            return 1;
        }
        String[] files = java.util.Arrays.copyOfRange(rest, 1, rest.length);
        boolean silent = quiet;
        int level = verbose;
        int[] failed = {0};
        int status = Fts.walk(c, files, recurse, (path, st) -> {
            int newmode = set.apply(st.mode);
            if ((newmode & 07777) == (st.mode & 07777)) {
                return;
            }
            int r = c.chmod(path, newmode & 07777);
            if (r < 0 && !silent) {
                c.stdout().flush();
                c.warn(path, r);
                failed[0] = 1;
                return;
            }
            // chmod.c's else branch: under -f a change that failed is still listed by -v.
            if (level > 0) {
                c.puts(path);
                if (level > 1) {
                    int full = (st.mode & ~07777) | (newmode & 07777);
                    c.printf(": 0%o [%s] -> 0%o [%s]", st.mode, Ls.strmode(st.mode), full, Ls.strmode(full));
                }
                c.puts("\n");
            }
        });
        return status | failed[0];
    }

    private static int usage(Libc c) {
        c.stderr().puts("usage: chmod [-fhv] [-R [-H | -L | -P]] mode file ...\n");
        return 1;
    }
}
