package org.kld86.userland.sh;

import java.util.List;
import java.util.TreeSet;
import org.kld86.libkern.Errnos;
import org.kld86.userland.libc.Libc;

/**
 * The commands sh runs itself: {@code : true false echo cd pwd exit set export unset umask wait test [ break
 * continue} ({@link TestBuiltin} for test and [). A builtin's messages start with its own name, as FreeBSD's sh
 * prints them while the builtin runs ("cd: /x: No such file or directory", "exit: Illegal number: x"), and its
 * failures are status 2.
 */
final class Builtins {

    private final Libc c;
    private final Interpreter sh;

    Builtins(Libc c, Interpreter sh) {
        this.c = c;
        this.sh = sh;
    }

    /** Whether sh runs {@code name} itself. */
    public static boolean isBuiltin(String name) {
        return switch (name) {
            case ":", "true", "false", "echo", "cd", "pwd", "exit", "set", "export", "unset", "umask", "wait", "test",
                    "[", "break", "continue" -> true;
            default -> false;
        };
    }

    private void builtinError(String builtin, String message) {
        c.stdout().flush();
        c.stderr().puts(builtin + ": " + message + "\n");
    }

    /** Runs builtin {@code argv[0]}; its status. */
    int run(List<String> argv) {
        String name = argv.get(0);
        List<String> args = argv.subList(1, argv.size());
        switch (name) {
            case ":", "true" -> {
                return 0;
            }
            case "false" -> {
                return 1;
            }
            case "echo" -> {
                return echo(args);
            }
            case "cd" -> {
                return cd(args);
            }
            case "pwd" -> {
                String cwd = c.getcwd();
                if (cwd == null) {
                    cwd = sh.vars.get("PWD");
                }
                if (cwd == null) {
                    builtinError("pwd", "getcwd: " + Libc.strerror(Errnos.ENOSYS));
                    return 2;
                }
                c.puts(cwd + "\n");
                return 0;
            }
            case "exit" -> {
                int code = sh.status();
                if (!args.isEmpty()) {
                    String a = args.get(0);
                    if (a.isEmpty() || !Parser.isDigits(a) || a.length() > 9) {
                        builtinError("exit", "Illegal number: " + a);
                        return 2;
                    }
                    code = Integer.parseInt(a) & 0xFF;
                }
                throw new ShellExit(code);
            }
            case "set" -> {
                return set(args);
            }
            case "export" -> {
                for (String a : args) {
                    int eq = a.indexOf('=');
                    String n = eq < 0 ? a : a.substring(0, eq);
                    if (!Parser.isName(n)) {
                        builtinError("export", n + ": bad variable name");
                        return 2;
                    }
                    if (eq >= 0) {
                        sh.vars.put(n, a.substring(eq + 1));
                    }
                    sh.exported.add(n);
                }
                return 0;
            }
            case "unset" -> {
                for (String a : args) {
                    sh.vars.remove(a);
                    sh.exported.remove(a);
                }
                return 0;
            }
            case "umask" -> {
                return umask(args);
            }
            case "wait" -> {
                return sh.waitBuiltin(args);
            }
            case "test", "[" -> {
                return new TestBuiltin(c).run(argv);
            }
            case "break", "continue" -> {
                return sh.loopControl(name, args);
            }
            default -> {
                return 127;
            }
        }
    }

    /**
     * FreeBSD sh's umask [-S] [mask] (bin/sh/miscbltin.c): without a mask prints the current one, in four octal
     * digits or with -S symbolically; an octal mask sets it. umask(2) both reads and sets, so a read puts it back.
     */
    private int umask(List<String> args) {
        boolean symbolic = !args.isEmpty() && args.get(0).equals("-S");
        List<String> rest = symbolic ? args.subList(1, args.size()) : args;
        if (rest.isEmpty()) {
            int mask = c.umask(0);
            c.umask(mask);
            if (symbolic) {
                c.puts("u=" + perms(~mask >> 6) + ",g=" + perms(~mask >> 3) + ",o=" + perms(~mask) + "\n");
            } else {
                c.puts(Libc.format("%.4o\n", mask));
            }
            return 0;
        }
        String a = rest.get(0);
        int mask = 0;
        for (int i = 0; i < a.length(); i++) {
            char ch = a.charAt(i);
            if (ch < '0' || ch > '7') {
                builtinError("umask", (Character.isDigit(a.charAt(0)) ? "Illegal number: " : "Illegal mode: ") + a);
                return 2;
            }
            mask = (mask << 3) | (ch - '0');
            if (mask > 07777) {
                builtinError("umask", "Illegal number: " + a);
                return 2;
            }
        }
        c.umask(mask);
        return 0;
    }

    private static String perms(int bits) {
        return ((bits & 4) != 0 ? "r" : "") + ((bits & 2) != 0 ? "w" : "") + ((bits & 1) != 0 ? "x" : "");
    }

    /** FreeBSD sh's echo builtin: -n drops the newline, -e interprets backslash escapes; "\c" ends the output. */
    private int echo(List<String> args) {
        int i = 0;
        boolean newline = true;
        boolean escapes = false;
        if (i < args.size() && args.get(i).equals("-n")) {
            newline = false;
            i++;
        } else if (i < args.size() && args.get(i).equals("-e")) {
            escapes = true;
            i++;
        }
        StringBuilder sb = new StringBuilder();
        for (int k = i; k < args.size(); k++) {
            String a = args.get(k);
            if (escapes) {
                int cut = escape(a, sb);
                if (cut >= 0) {
                    c.puts(sb.toString());
                    return 0;
                }
            } else if (k == args.size() - 1 && a.endsWith("\\c")) {
                sb.append(a, 0, a.length() - 2);
                c.puts(sb.toString());
                return 0;
            } else {
                sb.append(a);
            }
            if (k < args.size() - 1) {
                sb.append(' ');
            }
        }
        if (newline) {
            sb.append('\n');
        }
        c.puts(sb.toString());
        return 0;
    }

    /** Appends {@code a} with its escapes done; returns 0 if a "\c" ended the output, -1 otherwise. */
    private static int escape(String a, StringBuilder sb) {
        for (int i = 0; i < a.length(); i++) {
            char ch = a.charAt(i);
            if (ch != '\\' || i + 1 >= a.length()) {
                sb.append(ch);
                continue;
            }
            char n = a.charAt(++i);
            switch (n) {
                case 'a' -> sb.append('\007');
                case 'b' -> sb.append('\b');
                case 'c' -> {
                    return 0;
                }
                case 'f' -> sb.append('\f');
                case 'n' -> sb.append('\n');
                case 'r' -> sb.append('\r');
                case 't' -> sb.append('\t');
                case 'v' -> sb.append('\013');
                case '\\' -> sb.append('\\');
                case '0' -> {
                    int v = 0;
                    int k = 0;
                    while (k < 3 && i + 1 < a.length() && a.charAt(i + 1) >= '0' && a.charAt(i + 1) <= '7') {
                        v = v * 8 + (a.charAt(++i) - '0');
                        k++;
                    }
                    sb.append((char) (v & 0xFF));
                }
                default -> sb.append('\\').append(n);
            }
        }
        return -1;
    }

    private int cd(List<String> args) {
        String dir;
        boolean print = false;
        if (args.isEmpty()) {
            dir = sh.vars.get("HOME");
            if (dir == null) {
                builtinError("cd", "HOME not set");
                return 2;
            }
        } else if (args.get(0).equals("-")) {
            dir = sh.vars.get("OLDPWD");
            if (dir == null) {
                builtinError("cd", "OLDPWD not set");
                return 2;
            }
            print = true;
        } else {
            dir = args.get(0);
        }
        int r = c.chdir(dir);
        if (r < 0) {
            builtinError("cd", dir + ": " + Libc.strerror(r));
            return 2;
        }
        String old = sh.vars.get("PWD");
        String cwd = c.getcwd();
        if (old != null) {
            sh.vars.put("OLDPWD", old);
        }
        sh.vars.put("PWD", cwd != null ? cwd : dir);
        if (print) {
            c.puts(sh.vars.get("PWD") + "\n");
        }
        return 0;
    }

    private int set(List<String> args) {
        if (args.isEmpty()) {
            for (String n : new TreeSet<>(sh.vars.keySet())) {
                c.puts(n + "=" + Interpreter.quote(sh.vars.get(n)) + "\n");
            }
            return 0;
        }
        int i = 0;
        for (; i < args.size(); i++) {
            String a = args.get(i);
            if (a.equals("--")) {
                i++;
                sh.setPositional(args.subList(i, args.size()));
                return 0;
            }
            if (a.length() < 2 || (a.charAt(0) != '-' && a.charAt(0) != '+')) {
                break;
            }
            boolean on = a.charAt(0) == '-';
            for (int k = 1; k < a.length(); k++) {
                switch (a.charAt(k)) {
                    case 'e' -> sh.setErrexit(on);
                    case 'x' -> sh.setXtrace(on);
                    default -> {
                        builtinError("set", "Illegal option " + a.charAt(0) + a.charAt(k));
                        return 2;
                    }
                }
            }
        }
        if (i < args.size()) {
            sh.setPositional(args.subList(i, args.size()));
        }
        return 0;
    }
}
