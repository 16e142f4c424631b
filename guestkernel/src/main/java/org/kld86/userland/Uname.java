package org.kld86.userland;

import org.kld86.userland.libc.Getopt;
import org.kld86.userland.libc.Libc;

/**
 * uname(1): the system's name and version, as FreeBSD's usr.bin/uname/uname.c prints them (uname(1) manual page).
 *
 * <pre>
 * usage: uname [-aimnoprsv]
 * </pre>
 * Each flag picks one field, and the fields print in a fixed order whatever the order of the flags, separated by
 * single spaces: -s (or -o) kern.ostype, -n kern.hostname, -r kern.osrelease, -v kern.version with its newlines
 * and tabs turned into spaces (so its last newline leaves a space), -m hw.machine, -p hw.machine_arch, -i
 * kern.ident. -a is -mnrsv. No flag is -s. An environment variable {@code UNAME_x} stands in for field x, as
 * FreeBSD allows for build environments. An operand is a usage error (status 1); a sysctl that fails is
 * {@code uname: sysctl: ...} with status 1.
 */
public final class Uname {

    /** The fields in the order they print: flag letter, sysctl name. */
    private static final String[][] FIELDS = {
        {"s", "kern.ostype"}, {"n", "kern.hostname"}, {"r", "kern.osrelease"}, {"v", "kern.version"},
        {"m", "hw.machine"}, {"p", "hw.machine_arch"}, {"i", "kern.ident"},
    };

    private Uname() {
    }

    public static int main(int argc, long argv, long envp) {
        return Libc.start(argc, argv, envp, Uname::run);
    }

    static int run(Libc c) {
        Getopt g = new Getopt(c, "aimnoprsv");
        StringBuilder flags = new StringBuilder();
        for (int ch; (ch = g.next()) != -1; ) {
            switch (ch) {
                case 'a' -> flags.append("mnrsv");
                case 'o' -> flags.append('s');
                case 'i', 'm', 'n', 'p', 'r', 's', 'v' -> flags.append((char) ch);
                default -> {
                    return usage(c);
                }
            }
        }
        if (g.rest().length > 0) {
            return usage(c);
        }
        if (flags.length() == 0) {
            flags.append('s');
        }
        StringBuilder line = new StringBuilder();
        boolean space = false;
        for (String[] f : FIELDS) {
            if (flags.indexOf(f[0]) < 0) {
                continue;
            }
            String value = c.getenv("UNAME_" + f[0]);
            if (value == null) {
                int[] err = new int[1];
                value = c.sysctlString(f[1], err);
                if (value == null) {
                    c.stdout().flush();
                    c.err(1, "sysctl", err[0]);
                    return 1;
                }
                if (f[0].equals("v")) {
                    value = value.replace('\n', ' ').replace('\t', ' ');
                }
            }
            line.append(space ? " " : "").append(value);
            space = true;
        }
        c.stdout().puts(line + "\n");
        return 0;
    }

    private static int usage(Libc c) {
        c.stderr().puts("usage: uname [-aimnoprsv]\n");
        return 1;
    }
}
