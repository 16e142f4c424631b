package org.kld86.userland;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.kld86.userland.libc.Libc;
import org.kld86.userland.sh.Interpreter;
import org.kld86.userland.sh.Node;
import org.kld86.userland.sh.Parser;
import org.kld86.userland.sh.ShellExit;
import org.kld86.userland.sh.SyntaxError;

/**
 * sh(1): the command interpreter (the language and what runs where: {@link Parser}, {@link Interpreter}).
 *
 * <pre>
 * sh [-ex] -c string [name [arg ...]]     run string, $0 = name
 * sh [-ex] script [arg ...]               run the file script
 * sh [-ex]                                read commands from standard input
 * </pre>
 * Reading standard input, the shell is interactive when fds 0 and 1 are terminals: it prompts on stderr with
 * "# " for root and "$ " for others (PS1's defaults), "&gt; " for a command continued on the next line, and a
 * syntax error only loses the line. Otherwise (a script, -c, or input from a file or pipe) a syntax error ends
 * the shell with status 2, and a failing command ends it only under set -e. The exit status is the last
 * command's.
 */
public final class Sh {

    private Sh() {
    }

    public static int main(int argc, long argv, long envp) {
        return Libc.start(argc, argv, envp, Sh::run);
    }

    static int run(Libc c) {
        String[] a = c.args();
        String arg0 = a.length > 0 ? a[0] : "sh";
        boolean errexit = false;
        boolean xtrace = false;
        boolean dashC = false;
        int i = 1;
        for (; i < a.length; i++) {
            String w = a[i];
            if (w.equals("--") || w.equals("-")) {
                i++;
                break;
            }
            if (w.length() < 2 || (w.charAt(0) != '-' && w.charAt(0) != '+')) {
                break;
            }
            boolean on = w.charAt(0) == '-';
            for (int k = 1; k < w.length(); k++) {
                switch (w.charAt(k)) {
                    case 'c' -> dashC = on;
                    case 'e' -> errexit = on;
                    case 'x' -> xtrace = on;
                    case 'i', 's' -> { }
                    default -> {
                        c.stderr().puts(arg0 + ": Illegal option " + w.charAt(0) + w.charAt(k) + "\n");
                        return 2;
                    }
                }
            }
        }
        List<String> rest = new ArrayList<>(Arrays.asList(a).subList(Math.min(i, a.length), a.length));
        if (dashC) {
            if (rest.isEmpty()) {
                c.stderr().puts(arg0 + ": -c: option requires an argument\n");
                return 2;
            }
            String text = rest.remove(0);
            String name = rest.isEmpty() ? arg0 : rest.remove(0);
            Interpreter sh = new Interpreter(c, name, null, rest);
            sh.setErrexit(errexit);
            sh.setXtrace(xtrace);
            return runText(sh, text);
        }
        if (!rest.isEmpty()) {
            String script = rest.remove(0);
            String text = readFile(c, script);
            if (text == null) {
                return 127;
            }
            Interpreter sh = new Interpreter(c, script, script, rest);
            sh.setErrexit(errexit);
            sh.setXtrace(xtrace);
            return runText(sh, text);
        }
        Interpreter sh = new Interpreter(c, arg0, null, rest);
        sh.setErrexit(errexit);
        sh.setXtrace(xtrace);
        return readCommands(c, sh, c.isatty(0) && c.isatty(1));
    }

    private static int runText(Interpreter sh, String text) {
        try {
            sh.runText(text);
            return sh.status();
        } catch (ShellExit e) {
            return e.status();
        }
    }

    /** The whole of a script file, or null after sh's "cannot open" message. */
    private static String readFile(Libc c, String path) {
        int fd = c.open(path, Libc.O_RDONLY, 0);
        if (fd < 0) {
            c.stderr().puts(c.progname() + ": cannot open " + path + ": " + Libc.strerror(fd) + "\n");
            return null;
        }
        byte[] script = c.readAll(fd, new int[1]);
        c.close(fd);
        // a failed read (a directory) is the end of the script, as sh's preadfd() takes it
        return script == null ? "" : new String(script, StandardCharsets.ISO_8859_1);
    }

    /**
     * Reads commands a line at a time from standard input and runs each as soon as it is complete; a command
     * open at the end of a line (a quote, a trailing '|') takes the next line too.
     */
    private static int readCommands(Libc c, Interpreter sh, boolean interactive) {
        String ps1 = c.getuid() == 0 ? "# " : "$ ";
        StringBuilder pending = new StringBuilder();
        for (;;) {
            if (interactive) {
                c.stdout().flush();
                c.stderr().puts(pending.length() == 0 ? ps1 : "> ");
            }
            String line = c.stdin().readLine();
            if (line == null) {
                if (pending.length() > 0) {
                    try {
                        runAll(sh, Parser.parseAll(pending.toString()));
                    } catch (SyntaxError e) {
                        sh.syntaxError(e);
                        if (!interactive) {
                            return 2;
                        }
                    } catch (ShellExit e) {
                        return e.status();
                    }
                }
                return sh.status();
            }
            pending.append(line).append('\n');
            List<Node.Sequence> cmds;
            try {
                cmds = Parser.parseAll(pending.toString());
            } catch (SyntaxError e) {
                if (e.incomplete()) {
                    continue;
                }
                pending.setLength(0);
                sh.syntaxError(e);
                if (!interactive) {
                    return 2;
                }
                continue;
            }
            pending.setLength(0);
            try {
                runAll(sh, cmds);
            } catch (ShellExit e) {
                return e.status();
            }
        }
    }

    private static void runAll(Interpreter sh, List<Node.Sequence> cmds) {
        for (Node.Sequence s : cmds) {
            sh.run(s);
        }
    }
}
