package org.kld86.userland;

import java.util.List;
import org.kld86.userland.libc.Getopt;
import org.kld86.userland.libc.Libc;

/**
 * kenv(1): the kernel environment, as FreeBSD's bin/kenv.
 *
 * <pre>
 * usage: kenv [-hNq]
 *        kenv [-qv] variable[=value]
 *        kenv [-q] -u variable
 * </pre>
 * With no variable every one prints as {@code name="value"} (-N: names only, -h: only "hint." ones); a variable
 * prints its value (-v: {@code name="value"}); {@code name=value} sets it and prints {@code name="value"}; -u
 * unsets. Failures say "unable to get X", "unable to set X to V", "unable to unset X" (-q silences them) and,
 * as kenv returns the -1 of kenv(2), the exit status is 255.
 */
public final class Kenv {

    private Kenv() {
    }

    public static int main(int argc, long argv, long envp) {
        return Libc.start(argc, argv, envp, Kenv::run);
    }

    static int run(Libc c) {
        Getopt g = new Getopt(c, "hNquv");
        boolean hints = false;
        boolean namesOnly = false;
        boolean quiet = false;
        boolean unset = false;
        boolean verbose = false;
        for (int ch; (ch = g.next()) != -1; ) {
            switch (ch) {
                case 'h' -> hints = true;
                case 'N' -> namesOnly = true;
                case 'q' -> quiet = true;
                case 'u' -> unset = true;
                case 'v' -> verbose = true;
                default -> {
                    return usage(c);
                }
            }
        }
        String[] rest = g.rest();
        String env = null;
        String val = null;
        if (rest.length > 0) {
            env = rest[0];
            int eq = env.indexOf('=');
            if (eq >= 0) {
                val = env.substring(eq + 1);
                env = env.substring(0, eq);
            }
        }
        if ((hints || namesOnly) && env != null) {
            return usage(c);
        }
        if (rest.length > 1 || ((unset || verbose) && env == null)) {
            return usage(c);
        }
        if (env == null) {
            List<String> all = c.kenvDump();
            for (String e : all) {
                int eq = e.indexOf('=');
                if (eq < 0 || (hints && !e.startsWith("hint."))) {
                    continue;
                }
                if (namesOnly) {
                    c.printf("%s\n", e.substring(0, eq));
                } else {
                    c.printf("%s=\"%s\"\n", e.substring(0, eq), e.substring(eq + 1));
                }
            }
            return 0;
        }
        if (val == null) {
            if (unset) {
                if (c.kenvUnset(env) < 0) {
                    if (!quiet) {
                        c.warnx("unable to unset " + env);
                    }
                    return 255;
                }
                return 0;
            }
            String v = c.kenvGet(env);
            if (v == null) {
                if (!quiet) {
                    c.warnx("unable to get " + env);
                }
                return 255;
            }
            if (verbose) {
                c.printf("%s=\"%s\"\n", env, v);
            } else {
                c.printf("%s\n", v);
            }
            return 0;
        }
        if (c.kenvSet(env, val) < 0) {
            if (!quiet) {
                c.warnx("unable to set " + env + " to " + val);
            }
            return 255;
        }
        c.printf("%s=\"%s\"\n", env, val);
        return 0;
    }

    private static int usage(Libc c) {
        c.stderr().puts("usage: kenv [-hNq]\n       kenv [-qv] variable[=value]\n       kenv [-q] -u variable\n");
        return 1;
    }
}
