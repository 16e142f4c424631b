package org.kld86.userland;

import org.kld86.userland.libc.Getopt;
import org.kld86.userland.libc.Libc;

/**
 * sysctl(8): reads and sets kernel variables, with FreeBSD's output.
 *
 * <pre>
 * usage: sysctl [-bdehiNnoqTtWx] [ -B &lt;bufsize&gt; ] [-f filename] name[=value] ...
 *        sysctl [-bdehNnoqTtWx] [ -B &lt;bufsize&gt; ] -a
 * </pre>
 * A leaf prints as {@code "name: value"} (-n: the value alone, -N: the name alone, -e: "name=value"); a name
 * that is an inner node lists the leaves under it, as -a lists them all. Setting prints
 * {@code "name: old -> new"}, for numbers and strings. Opaque nodes whose format sysctl does not know (the
 * statistics streams) print nothing, as FreeBSD's show_var skips them. Messages: "unknown oid 'x'" (-q silences it), "oid 'x' is read
 * only" or "oid 'x' is a read only tunable" (from the node's flags, before any set), "invalid integer 'v'", and warn(3)'s "name=value: strerror" for a refused set. The exit status is the
 * number of names that failed.
 *
 * <p>Options supported: -a -e -i -N -n -q; the others are accepted and change nothing.
 */
public final class Sysctl {

    private static final int KIND_NUMBER = Libc.CTLTYPE_NUMBER;
    private static final int KIND_STRING = Libc.CTLTYPE_STRING;

    /** One run's flags (C keeps them in globals; here they travel in an object). */
    private static final class Flags {
        boolean names;
        boolean noNames;
        boolean quiet;
        boolean ignoreUnknown;
        String sep = ": ";
    }

    private Sysctl() {
    }

    public static int main(int argc, long argv, long envp) {
        return Libc.start(argc, argv, envp, Sysctl::run);
    }

    static int run(Libc c) {
        Getopt g = new Getopt(c, "AabB:def:hiNnoqTtWxX");
        Flags f = new Flags();
        boolean all = false;
        for (int ch; (ch = g.next()) != -1; ) {
            switch (ch) {
                case 'a', 'A', 'X' -> all = true;
                case 'e' -> f.sep = "=";
                case 'i' -> f.ignoreUnknown = true;
                case 'N' -> f.names = true;
                case 'n' -> f.noNames = true;
                case 'q' -> f.quiet = true;
                case 'b', 'B', 'd', 'f', 'h', 'o', 'T', 't', 'W', 'x' -> { }
                default -> {
                    return usage(c);
                }
            }
        }
        String[] names = g.rest();
        if (f.names && f.noNames) {
            return usage(c);
        }
        if (all && names.length == 0) {
            listAll(c, f, "");
            return 0;
        }
        if (names.length == 0) {
            return usage(c);
        }
        int warnings = 0;
        for (String n : names) {
            warnings += parse(c, f, n);
        }
        return warnings;
    }

    private static int parse(Libc c, Flags f, String arg) {
        String name = arg;
        String value = null;
        int eq = arg.indexOf('=');
        if (eq >= 0) {
            name = arg.substring(0, eq).trim();
            value = arg.substring(eq + 1).trim();
            if (value.length() >= 2 && (value.charAt(0) == '"' || value.charAt(0) == '\'')
                    && value.charAt(value.length() - 1) == value.charAt(0)) {
                value = value.substring(1, value.length() - 1);
            }
        }
        int info = c.sysctlinfo(name, false, null);
        int kind = info < 0 ? info : info & Libc.CTLINFO_KIND;
        boolean inner = kind < 0 && hasChildren(c, name);
        if (kind < 0 && !inner) {
            if (f.ignoreUnknown) {
                return 0;
            }
            if (!f.quiet) {
                c.stdout().flush();
                c.warnx("unknown oid '" + name + "'");
            }
            return 1;
        }
        if (value == null) {
            if (inner) {
                listAll(c, f, name);
            } else if (show(c, f, name, kind)) {
                c.puts("\n");
            }
            return 0;
        }
        if (inner) {
            c.stdout().flush();
            c.warnx("oid '" + name + "' isn't a leaf node");
            return 1;
        }
        if ((info & Libc.CTLINFO_WR) == 0 || (kind != KIND_STRING && kind != KIND_NUMBER)) {
            c.stdout().flush();
            if ((info & Libc.CTLINFO_TUN) != 0) {
                c.warnx("oid '" + name + "' is a read only tunable");
                c.warnx("Tunable values are set in /boot/loader.conf");
            } else {
                c.warnx("oid '" + name + "' is read only");
            }
            return 1;
        }
        if (kind == KIND_STRING) {
            return setString(c, f, arg, name, value);
        }
        Long v = Numbers.strtoll(value);
        if (value.isEmpty()) {
            c.stdout().flush();
            c.warnx("empty numeric value");
            return 1;
        }
        if (v == null) {
            c.stdout().flush();
            c.warnx("invalid integer '" + value + "'");
            return 1;
        }
        int[] err = {0};
        Long old = c.sysctlLong(name, err);
        byte[] nb = new byte[8];
        for (int i = 0; i < 8; i++) {
            nb[i] = (byte) (v >>> (8 * i));
        }
        int r = c.sysctlSet(name, nb);
        printValue(c, f, name, old);
        if (r < 0) {
            c.puts("\n");
            c.stdout().flush();
            c.warn(arg, r);
            return 1;
        }
        c.puts(" -> ");
        Long now = c.sysctlLong(name, err);
        c.printf("%jd\n", now == null ? 0 : now);
        return 0;
    }

    /** A string set: "name: old -> new", as for a number. */
    private static int setString(Libc c, Flags f, String arg, String name, String value) {
        int[] err = {0};
        String old = c.sysctlString(name, err);
        int r = c.sysctlSet(name, value.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
        if (!f.names && !f.noNames) {
            c.puts(name + f.sep);
        }
        if (!f.names) {
            c.puts(old == null ? "" : old);
        } else {
            c.puts(name);
        }
        if (r < 0) {
            c.puts("\n");
            c.stdout().flush();
            c.warn(arg, r);
            return 1;
        }
        String now = c.sysctlString(name, err);
        c.puts(" -> " + (now == null ? "" : now) + "\n");
        return 0;
    }

    private static void printValue(Libc c, Flags f, String name, Long value) {
        if (f.names) {
            c.puts(name);
            return;
        }
        if (!f.noNames) {
            c.puts(name + f.sep);
        }
        c.printf("%jd", value == null ? 0 : value);
    }

    /** show_var: prints one leaf without its newline; false if it printed nothing (an opaque node). */
    private static boolean show(Libc c, Flags f, String name, int kind) {
        if (f.names) {
            if (kind == KIND_NUMBER || kind == KIND_STRING) {
                c.puts(name);
                return true;
            }
            return false;
        }
        int[] err = {0};
        if (kind == KIND_NUMBER) {
            Long v = c.sysctlLong(name, err);
            if (v == null) {
                return false;
            }
            printValue(c, f, name, v);
            return true;
        }
        if (kind == KIND_STRING) {
            String s = c.sysctlString(name, err);
            if (s == null) {
                return false;
            }
            if (!f.noNames) {
                c.puts(name + f.sep);
            }
            c.puts(s);
            return true;
        }
        return false;
    }

    /** Whether some node's name starts with {@code prefix + "."}. */
    private static boolean hasChildren(Libc c, String prefix) {
        String[] next = new String[1];
        return c.sysctlinfo(prefix, true, next) > 0 && next[0].startsWith(prefix + ".");
    }

    /** sysctl_all: every leaf under {@code prefix} ("" for all), in order. */
    private static void listAll(Libc c, Flags f, String prefix) {
        String[] next = new String[1];
        String at = prefix;
        for (;;) {
            int kind = c.sysctlinfo(at, true, next) & Libc.CTLINFO_KIND;
            if (kind <= 0) {
                return;
            }
            at = next[0];
            if (!prefix.isEmpty() && !at.startsWith(prefix + ".")) {
                return;
            }
            if (show(c, f, at, kind)) {
                c.puts("\n");
            }
        }
    }

    private static int usage(Libc c) {
        c.stderr().puts("usage: sysctl [-bdehiNnoqTtWx] [ -B <bufsize> ] [-f filename] name[=value] ...\n"
                + "       sysctl [-bdehNnoqTtWx] [ -B <bufsize> ] -a\n");
        return 1;
    }
}
