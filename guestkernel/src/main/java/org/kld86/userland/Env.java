package org.kld86.userland;

import java.util.ArrayList;
import java.util.List;
import org.kld86.userland.libc.Getopt;
import org.kld86.userland.libc.Libc;

/**
 * env(1): prints the environment, or runs a utility in a changed one, as FreeBSD's usr.bin/env/env.c (env(1)
 * manual page).
 *
 * <pre>
 * usage: env [-0i] [-u name] [name=value ...] [utility [argument ...]]
 * </pre>
 * -i (or a lone "-") starts from an empty environment, -u removes a variable, each {@code name=value} sets one;
 * then the utility runs, found on the new environment's PATH (/usr/bin:/bin without one) as execvp(3) finds it. With no
 * utility every variable prints on a line of its own, or with -0 ended by a NUL (-0 with a utility is
 * {@code env: cannot specify command with -0}, status 1). A utility that cannot be found is
 * {@code env: NAME: No such file or directory} with status 127; one that cannot be run, 126; -u of a name with a
 * '=' is {@code env: unsetenv NAME: Invalid argument}, status 1.
 *
 * <p>This kernel has no execve(2) that replaces a running program, so env spawns the utility, waits, and ends as
 * the utility ended: with its exit status, or by sending itself the signal that killed it.
 */
public final class Env {

    private static final int EINVAL = 22;
    private static final int ENOENT = 2;

    private Env() {
    }

    public static int main(int argc, long argv, long envp) {
        return Libc.start(argc, argv, envp, Env::run);
    }

    static int run(Libc c) {
        Getopt g = new Getopt(c, "0iu:");
        List<String> env = new ArrayList<>(List.of(c.environ()));
        boolean nul = false;
        for (int ch; (ch = g.next()) != -1; ) {
            switch (ch) {
                case '0' -> nul = true;
                case 'i' -> env.clear();
                case 'u' -> {
                    String name = g.optarg();
                    if (name.isEmpty() || name.indexOf('=') >= 0) {
                        c.err(1, "unsetenv " + name, -EINVAL);
                        return 1;
                    }
                    env.removeIf(e -> e.startsWith(name + "="));
                }
                default -> {
                    c.stderr().puts("usage: env [-0i] [-u name] [name=value ...] [utility [argument ...]]\n");
                    return 1;
                }
            }
        }
        String[] rest = g.rest();
        int i = 0;
        if (rest.length > 0 && rest[0].equals("-")) {
            env.clear(); // the historical spelling of -i
            i++;
        }
        for (; i < rest.length && rest[i].indexOf('=') > 0; i++) {
            String name = rest[i].substring(0, rest[i].indexOf('=') + 1);
            int at = -1;
            for (int j = 0; j < env.size() && at < 0; j++) {
                at = env.get(j).startsWith(name) ? j : -1;
            }
            if (at >= 0) {
                env.set(at, rest[i]); // setenv(3) replaces a variable where it stands
            } else {
                env.add(rest[i]);
            }
        }
        if (i < rest.length) {
            if (nul) {
                c.errx(1, "cannot specify command with -0");
                return 1;
            }
            String[] av = java.util.Arrays.copyOfRange(rest, i, rest.length);
            return exec(c, av, env.toArray(new String[0]));
        }
        for (String e : env) {
            c.stdout().puts(e + (nul ? "\0" : "\n"));
        }
        return 0;
    }

    /** execvp(3) as spawn and wait: the utility's status becomes env's own. */
    private static int exec(Libc c, String[] av, String[] envp) {
        String name = av[0];
        int pid = -ENOENT;
        if (name.indexOf('/') >= 0) {
            pid = c.spawn(name, av, envp, List.of());
        } else {
            String path = null;
            for (String e : envp) {
                if (e.startsWith("PATH=")) {
                    path = e.substring(5);
                }
            }
            if (path == null) {
                path = "/usr/bin:/bin"; // _PATH_DEFPATH, execvp's path when the environment has none
            }
            for (String dir : path.split(":", -1)) {
                pid = c.spawn((dir.isEmpty() ? "." : dir) + "/" + name, av, envp, List.of());
                if (pid != -ENOENT) {
                    break;
                }
            }
        }
        if (pid < 0) {
            c.err(pid == -ENOENT ? 127 : 126, name, pid);
            return pid == -ENOENT ? 127 : 126;
        }
        int[] status = new int[1];
        c.wait4(pid, status, 0);
        if (Libc.exited(status[0])) {
            return Libc.exitStatus(status[0]);
        }
        c.flushAll();
        c.kill(c.getpid(), Libc.termSig(status[0]));
        return 128 + Libc.termSig(status[0]);
    }
}
