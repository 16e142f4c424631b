package org.kld86.userland;

import org.kld86.userland.libc.Libc;

/**
 * echo(1): writes its arguments separated by spaces and a newline. As FreeBSD's bin/echo, only a first argument
 * of exactly "-n" drops the newline, and so does a last argument ending in "\c" (the "\c" itself not printed);
 * every other argument, "-e" included, is printed as it is.
 */
public final class Echo {

    private Echo() {
    }

    public static int main(int argc, long argv, long envp) {
        Libc c = new Libc(argc, argv, envp);
        String[] a = c.args();
        c.puts(line(a));
        c.flushAll();
        return c.stdout().error() != 0 ? 1 : 0;
    }

    /** The text echo prints for {@code argv} (argv[0] is the program name). */
    static String line(String[] argv) {
        int i = 1;
        boolean newline = true;
        if (argv.length > 1 && argv[1].equals("-n")) {
            newline = false;
            i++;
        }
        StringBuilder sb = new StringBuilder();
        for (; i < argv.length; i++) {
            String w = argv[i];
            if (i == argv.length - 1 && w.endsWith("\\c")) {
                sb.append(w, 0, w.length() - 2);
                return sb.toString();
            }
            sb.append(w);
            if (i < argv.length - 1) {
                sb.append(' ');
            }
        }
        if (newline) {
            sb.append('\n');
        }
        return sb.toString();
    }
}
