package org.kld86.userland;

import org.kld86.userland.libc.Libc;

/**
 * kill(1): sends a signal to processes, as FreeBSD's bin/kill/kill.c (kill(1) manual page).
 *
 * <pre>
 * usage: kill [-s signal_name] pid ...
 *        kill -l [exit_status]
 *        kill -signal_name pid ...
 *        kill -signal_number pid ...
 * </pre>
 * The signal is SIGTERM unless named (case-insensitively, with or without "SIG", as in sys_signame) or numbered;
 * "-s 0" and "-0" only check that the process exists. -l lists the names, sixteen to a line; -l with a number
 * (an exit status above 128 counts as 128 + the signal) prints that signal's name. A pid that fails is
 * {@code kill: PID: No such process} (or Operation not permitted) and the status becomes 1; usage errors, an
 * unknown signal ({@code kill: unknown signal X; valid signals:} and the list) and an illegal pid or signal
 * number end it with status 2.
 */
public final class Kill {

    /** sys_signame: the signal names without "SIG", by number (NSIG is 32). */
    static final String[] SIGNAME = {
        "Signal 0", "HUP", "INT", "QUIT", "ILL", "TRAP", "ABRT", "EMT", "FPE", "KILL", "BUS", "SEGV", "SYS", "PIPE",
        "ALRM", "TERM", "URG", "STOP", "TSTP", "CONT", "CHLD", "TTIN", "TTOU", "IO", "XCPU", "XFSZ", "VTALRM", "PROF",
        "WINCH", "INFO", "USR1", "USR2",
    };
    static final int SIGTERM = 15;

    private Kill() {
    }

    public static int main(int argc, long argv, long envp) {
        return Libc.start(argc, argv, envp, Kill::run);
    }

    static int run(Libc c) {
        String[] a = c.args();
        int i = 1;
        if (a.length < 2) {
            return usage(c);
        }
        int sig = SIGTERM;
        if (a[i].equals("-l")) {
            i++;
            if (a.length - i > 1) {
                return usage(c);
            }
            if (a.length - i == 1) {
                String n = a[i];
                if (n.isEmpty() || !Character.isDigit(n.charAt(0))) {
                    return usage(c);
                }
                Integer num = number(n);
                if (num == null) {
                    return fail(c, "illegal signal number: " + n);
                }
                int s = num >= 128 ? num - 128 : num;
                if (s <= 0 || s >= SIGNAME.length) {
                    return nosig(c, n);
                }
                c.stdout().puts(SIGNAME[s] + "\n");
                return 0;
            }
            c.stdout().puts(list());
            return 0;
        }
        if (a[i].equals("-s")) {
            i++;
            if (i >= a.length) {
                c.warnx("option requires an argument -- s");
                return usage(c);
            }
            if (a[i].equals("0")) {
                sig = 0;
            } else if ((sig = signum(a[i])) < 0) {
                return nosig(c, a[i]);
            }
            i++;
        } else if (a[i].startsWith("-") && !a[i].startsWith("--")) {
            String s = a[i].substring(1);
            if (!s.isEmpty() && Character.isLetter(s.charAt(0))) {
                if ((sig = signum(s)) < 0) {
                    return nosig(c, s);
                }
            } else if (!s.isEmpty() && Character.isDigit(s.charAt(0))) {
                Integer num = number(s);
                if (num == null) {
                    return fail(c, "illegal signal number: " + s);
                }
                sig = num;
            } else {
                return nosig(c, s);
            }
            i++;
        }
        if (i < a.length && a[i].startsWith("--")) {
            i++;
        }
        if (i >= a.length) {
            return usage(c);
        }
        int errors = 0;
        for (; i < a.length; i++) {
            Integer pid = number(a[i]);
            if (pid == null) {
                return fail(c, "illegal process id: " + a[i]);
            }
            int r = c.kill(pid, sig);
            if (r < 0) {
                c.warn(a[i], r);
                errors = 1;
            }
        }
        return errors;
    }

    /** printsignals: the names, a space between, a newline after the sixteenth and the last. */
    static String list() {
        StringBuilder sb = new StringBuilder();
        int nsig = SIGNAME.length;
        for (int n = 1; n < nsig; n++) {
            sb.append(SIGNAME[n]).append(n == nsig / 2 || n == nsig - 1 ? "\n" : " ");
        }
        return sb.toString();
    }

    /** signame_to_signum: a name, with or without "SIG", any case; -1 if there is none. */
    static int signum(String name) {
        String n = name.regionMatches(true, 0, "SIG", 0, 3) ? name.substring(3) : name;
        for (int s = 1; s < SIGNAME.length; s++) {
            if (SIGNAME[s].equalsIgnoreCase(n)) {
                return s;
            }
        }
        return -1;
    }

    /** strtol(s, &ep, 10) that must use the whole word: the value, or null. */
    private static Integer number(String s) {
        try {
            return Integer.parseInt(s.startsWith("+") ? s.substring(1) : s);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static int nosig(Libc c, String name) {
        c.warnx("unknown signal " + name + "; valid signals:");
        c.stderr().puts(list());
        return 2;
    }

    private static int fail(Libc c, String message) {
        c.warnx(message);
        return 2;
    }

    private static int usage(Libc c) {
        c.stderr().puts("usage: kill [-s signal_name] pid ...\n       kill -l [exit_status]\n"
                + "       kill -signal_name pid ...\n       kill -signal_number pid ...\n");
        return 2;
    }
}
