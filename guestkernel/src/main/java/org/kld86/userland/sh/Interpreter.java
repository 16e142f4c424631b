package org.kld86.userland.sh;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.BooleanSupplier;
import org.kld86.libkern.Errnos;
import org.kld86.userland.libc.Dirent;
import org.kld86.userland.libc.Libc;
import org.kld86.userland.libc.Stat;

/**
 * The shell's evaluator: runs parsed commands in the shell's process. Builtins ({@link Builtins}: : true false
 * echo cd pwd exit set export unset) run in the shell itself, with their redirections ({@link Redirector}) applied
 * to its own descriptors and put back after; every other command is spawned from /bin (the directories of PATH), its redirections opened by the shell
 * and handed to the child as spawn file actions, as sh's child would set them up between fork and exec.
 *
 * <p>Statuses and messages follow FreeBSD's sh: an unknown command is "sh: foo: not found" with status 127, one
 * that cannot be executed status 126; a command killed by a signal prints sys_siglist's description on standard
 * output ("Segmentation fault", nothing for SIGINT and SIGPIPE) and gives 128 + the signal. Messages start with
 * the script's name when running a script and with argv[0] otherwise; a builtin's own messages start with its
 * name ("cd: /x: No such file or directory").
 *
 * <p>Compound commands run in the shell itself, their redirections applied to its descriptors for the while
 * (the copies it keeps of what they replace are closed in the children spawned meanwhile). An if with no branch
 * taken is 0, and so is a case with no pattern matching its word ({@link Glob#match}: the word is not split, and
 * its patterns are not expanded to pathnames); a loop's status is its last body's, 0 if the body never ran;
 * break and continue travel out to their loop as {@link LoopControl}; set -e does not act on the conditions of if,
 * while and until.
 *
 * <p>A builtin inside a pipeline of several commands runs in a child shell ({@code sh -c}), as sh runs every
 * member of a pipeline in a subshell; so does a compound command there, from its source text, given the shell's
 * variables, $0, positional parameters and options as an asynchronous and-or list's child is. An asynchronous
 * list ('&amp;') runs without being waited for, its standard input /dev/null as POSIX has it without job control;
 * a lone pipeline's commands are spawned directly (so {@code $!} is the last one's pid and kill $! reaches it), an
 * and-or list through a child sh given the shell's variables, parameters and options (its variables reach it
 * exported, the one difference). Finished ones are reaped before each command and by the wait builtin. There is no
 * job control.
 */
public final class Interpreter {

    private final Libc c;
    final Map<String, String> vars = new LinkedHashMap<>();
    final TreeSet<String> exported = new TreeSet<>();
    private List<String> positional;
    private final String arg0;
    private final String scriptName;
    private int status;
    private boolean errexit;
    private boolean xtrace;
    private final Redirector redirector;
    private final Builtins builtins;
    /**
     * The asynchronous lists' processes not yet waited for, each with its status once reaped (null while it
     * runs), as sh keeps a job's status for a later wait; and the last one started ($!, 0 for none).
     */
    private final Map<Integer, Integer> background = new LinkedHashMap<>();
    private int lastBackground;

    /** How many loops the command running is inside of, for break and continue. */
    private int loopDepth;
    /** How many if and loop conditions the command running is inside of: set -e does not act there. */
    private int tested;
    /**
     * The shell's copies of the descriptors a compound command's redirections replaced, to put back after it; its
     * children are spawned without them, as sh's saved descriptors are close-on-exec.
     */
    private final List<Integer> savedCopies = new ArrayList<>();

    /** The message of the last spawn that failed, for {@link #reportUnder}. */
    private String spawnError;

    /**
     * @param arg0 $0 and the prefix of messages ("sh")
     * @param scriptName the script being run (messages then start with it and syntax errors give a line), or null
     */
    public Interpreter(Libc c, String arg0, String scriptName, List<String> positional) {
        this.c = c;
        this.redirector = new Redirector(c, this::error);
        this.builtins = new Builtins(c, this);
        this.arg0 = arg0;
        this.scriptName = scriptName;
        this.positional = new ArrayList<>(positional);
        for (String e : c.environ()) {
            int eq = e.indexOf('=');
            if (eq > 0 && Parser.isName(e.substring(0, eq))) {
                vars.put(e.substring(0, eq), e.substring(eq + 1));
                exported.add(e.substring(0, eq));
            }
        }
        vars.putIfAbsent("PATH", "/bin");
        vars.putIfAbsent("IFS", " \t\n");
    }

    public int status() {
        return status;
    }

    public void setErrexit(boolean on) {
        errexit = on;
    }

    public void setXtrace(boolean on) {
        xtrace = on;
    }

    /** set -- args: new positional parameters. */
    void setPositional(List<String> args) {
        positional = new ArrayList<>(args);
    }

    /** The value of a shell variable or special parameter, or null if unset. */
    public String lookup(String name) {
        return switch (name) {
            case "?" -> Integer.toString(status);
            case "$" -> Integer.toString(c.getpid());
            case "0" -> arg0;
            case "!" -> lastBackground == 0 ? "" : Integer.toString(lastBackground);
            case "-" -> (errexit ? "e" : "") + (xtrace ? "x" : "");
            default -> vars.get(name);
        };
    }

    private Expander expander() {
        return new Expander(this::lookup, positional, this::readDir, path -> c.stat(path, new Stat()) == 0);
    }

    /** The names in directory {@code dir} ("" for the current one) for pathname expansion, null if unreadable. */
    private List<String> readDir(String dir) {
        int fd = c.open(dir.isEmpty() ? "." : dir, Libc.O_RDONLY | Libc.O_DIRECTORY, 0);
        if (fd < 0) {
            return null;
        }
        int[] err = {0};
        List<Dirent> ents = c.readdir(fd, err);
        c.close(fd);
        if (err[0] < 0) {
            return null;
        }
        List<String> names = new ArrayList<>();
        for (Dirent d : ents) {
            names.add(d.name());
        }
        return names;
    }

    // -------------------------------------------------------------------------------------------------------------
    // Running text

    /**
     * Runs every command of {@code text} in turn (sh -c, a script). A syntax error ends the run with status 2, as
     * it ends a non-interactive shell; the commands before it have run.
     *
     * @throws ShellExit when the text says exit, or set -e sees a failure
     */
    public void runText(String text) {
        Parser p = new Parser(text);
        for (;;) {
            Node.Sequence s;
            try {
                s = p.next();
            } catch (SyntaxError e) {
                syntaxError(e);
                throw new ShellExit(2);
            }
            if (s == null) {
                return;
            }
            run(s);
        }
    }

    /** Prints a syntax error as sh does: "sh: Syntax error: ..." ("script: 3: Syntax error: ..." in a script). */
    public void syntaxError(SyntaxError e) {
        c.stdout().flush();
        if (scriptName != null) {
            c.stderr().puts(scriptName + ": " + e.line() + ": Syntax error: " + e.getMessage() + "\n");
        } else {
            c.stderr().puts(arg0 + ": Syntax error: " + e.getMessage() + "\n");
        }
        status = 2;
    }

    /** Runs one complete command. */
    public void run(Node.Sequence s) {
        for (Node.AndOr a : s.items()) {
            andOr(a);
        }
    }

    private void andOr(Node.AndOr a) {
        reapBackground();
        if (a.background()) {
            status = startBackground(a);
            return;
        }
        int st = pipeline(a.pipelines().get(0));
        int last = 0;
        for (int i = 0; i < a.ops().size(); i++) {
            boolean and = a.ops().get(i).equals("&&");
            if ((and && st == 0) || (!and && st != 0)) {
                st = pipeline(a.pipelines().get(i + 1));
                last = i + 1;
            }
        }
        status = st;
        Node.Pipeline lastRun = a.pipelines().get(last);
        // a lone compound command's status is one of its own commands', which set -e has already seen
        boolean compound = lastRun.commands().size() == 1 && lastRun.commands().get(0) instanceof Node.Compound;
        if (errexit && tested == 0 && st != 0 && last == a.pipelines().size() - 1 && !lastRun.negated()
                && !compound) {
            throw new ShellExit(st);
        }
    }

    // -------------------------------------------------------------------------------------------------------------
    // Asynchronous lists

    /** Starts {@code a} without waiting: 0, or 2 if nothing could be started. */
    private int startBackground(Node.AndOr a) {
        Node.Pipeline only = a.ops().isEmpty() ? a.pipelines().get(0) : null;
        if (only != null && !only.negated()) {
            int[] pids = pipeProcesses(only.commands(), true);
            int last = pids[pids.length - 1];
            for (int pid : pids) {
                if (pid > 0) {
                    background.put(pid, null);
                }
            }
            if (last > 0) {
                lastBackground = last;
            }
            return 0;
        }
        // sh forks a subshell that has all of the shell's state; without fork the child sh is handed what the
        // list can see: every variable (in its environment), $0 and the positional parameters, -e and -x.
        List<Libc.FileAction> actions = new ArrayList<>();
        actions.add(Libc.FileAction.open(0, "/dev/null", Libc.O_RDONLY, 0));
        int pid = spawn(subshell(a.source()), new LinkedHashMap<>(vars), actions);
        if (pid < 0) {
            error(spawnError);
            return 2;
        }
        background.put(pid, null);
        lastBackground = pid;
        return 0;
    }

    /**
     * The argv of a child sh that runs {@code source} as a subshell would (spawned with every variable in its
     * environment): $0, the positional parameters, -e and -x are handed over.
     */
    private List<String> subshell(String source) {
        List<String> argv = new ArrayList<>(List.of("/bin/sh"));
        if (errexit || xtrace) {
            argv.add("-" + (errexit ? "e" : "") + (xtrace ? "x" : ""));
        }
        argv.addAll(List.of("-c", source, arg0));
        argv.addAll(positional);
        return argv;
    }

    /** Reaps the asynchronous lists that have finished, without waiting, keeping their statuses. */
    private void reapBackground() {
        int[] st = new int[1];
        while (background.containsValue(null)) {
            int r = c.wait4(-1, st, Libc.WNOHANG);
            if (r <= 0) {
                return;
            }
            background.replace(r, st[0]);
        }
    }

    /**
     * The wait builtin: with no pids waits for every asynchronous list and gives 0; otherwise for each pid in
     * turn, giving the last one's status (127 for a pid that is not a child). A signal ends the wait with 128 + its
     * number.
     */
    int waitBuiltin(List<String> pids) {
        int[] st = new int[1];
        if (pids.isEmpty()) {
            while (background.containsValue(null)) {
                int r = c.wait4(-1, st, 0);
                if (r == -Errnos.EINTR) {
                    return 128 + Signals.SIGINT;
                }
                if (r <= 0) {
                    break;
                }
                background.replace(r, st[0]);
            }
            background.clear();
            return 0;
        }
        int result = 0;
        for (String p : pids) {
            if (p.isEmpty() || !Parser.isDigits(p) || p.length() > 9) {
                error("wait: Illegal number: " + p);
                return 2;
            }
            int pid = Integer.parseInt(p);
            if (!background.containsKey(pid)) {
                result = 127;
                continue;
            }
            Integer done = background.get(pid);
            if (done == null) {
                int r = c.wait4(pid, st, 0);
                if (r == -Errnos.EINTR) {
                    return 128 + Signals.SIGINT;
                }
                done = r < 0 ? null : st[0];
            }
            background.remove(pid);
            result = done == null ? 127 : Libc.exited(done) ? Libc.exitStatus(done) : 128 + Libc.termSig(done);
        }
        return result;
    }

    private int pipeline(Node.Pipeline p) {
        int st;
        if (p.commands().size() > 1) {
            st = pipe(p.commands());
        } else if (p.commands().get(0) instanceof Node.Compound cmd) {
            st = compound(cmd);
        } else {
            st = simple((Node.Simple) p.commands().get(0));
        }
        status = p.negated() ? (st == 0 ? 1 : 0) : st;
        return status;
    }

    // -------------------------------------------------------------------------------------------------------------
    // Compound commands

    /** A compound command in the shell itself, its redirections applied to the shell's descriptors meanwhile. */
    private int compound(Node.Compound cmd) {
        Redirector.Redirections r = redirector.open(cmd.redirects(), expander());
        if (r == null) {
            return 2;
        }
        Map<Integer, Integer> saved = redirector.applyHere(r);
        List<Integer> copies = new ArrayList<>();
        for (int copy : saved.values()) {
            if (copy >= 0) {
                copies.add(copy);
            }
        }
        savedCopies.addAll(copies);
        try {
            Node body = cmd.body();
            if (body instanceof Node.If f) {
                return ifCommand(f);
            } else if (body instanceof Node.Loop l) {
                return whileLoop(l);
            } else if (body instanceof Node.For f) {
                return forLoop(f);
            } else if (body instanceof Node.Case k) {
                return caseCommand(k);
            }
            return list(((Node.Group) body).body());
        } finally {
            c.stdout().flush();
            savedCopies.removeAll(copies);
            redirector.restore(saved);
        }
    }

    /** Runs a list inside a compound command: the last command's status, 0 for an empty one. */
    private int list(Node.Sequence s) {
        if (s.items().isEmpty()) {
            status = 0;
        }
        run(s);
        return status;
    }

    /** An if's or a loop's condition, where set -e does not act. */
    private int condition(Node.Sequence s) {
        tested++;
        try {
            return list(s);
        } finally {
            tested--;
        }
    }

    /** The branch of the first condition that holds, or the else part; 0 if no branch is taken. */
    private int ifCommand(Node.If f) {
        for (int i = 0; i < f.conditions().size(); i++) {
            if (condition(f.conditions().get(i)) == 0) {
                return list(f.branches().get(i));
            }
        }
        return f.otherwise() != null ? list(f.otherwise()) : 0;
    }

    /** The list of the first item with a pattern that matches the word; 0 if none does. */
    private int caseCommand(Node.Case k) {
        Expander x = expander();
        String subject = x.string(k.word());
        for (Node.CaseItem item : k.items()) {
            for (Word p : item.patterns()) {
                if (Glob.match(x.pattern(p), subject)) {
                    return list(item.body());
                }
            }
        }
        status = 0;
        return 0;
    }

    private int whileLoop(Node.Loop l) {
        int[] st = {0};
        return loop(() -> {
            if ((condition(l.condition()) == 0) == l.until()) {
                return false;
            }
            st[0] = list(l.body());
            return true;
        }, st);
    }

    private int forLoop(Node.For f) {
        List<String> items = new ArrayList<>();
        if (f.words() == null) {
            items.addAll(positional);
        } else {
            Expander x = expander();
            for (Word w : f.words()) {
                items.addAll(x.fields(w));
            }
        }
        Iterator<String> it = items.iterator();
        int[] st = {0};
        return loop(() -> {
            if (!it.hasNext()) {
                return false;
            }
            vars.put(f.name(), it.next());
            st[0] = list(f.body());
            return true;
        }, st);
    }

    /**
     * Runs a loop's passes until one says to stop; a break or continue for this loop ends or resumes it, one for
     * an outer loop goes on out a level less. The status is the last body's ({@code st[0]}), 0 if none ran.
     */
    private int loop(BooleanSupplier pass, int[] st) {
        loopDepth++;
        try {
            for (;;) {
                try {
                    if (!pass.getAsBoolean()) {
                        break;
                    }
                } catch (LoopControl lc) {
                    if (lc.levels() > 1) {
                        throw new LoopControl(lc.isBreak(), lc.levels() - 1);
                    }
                    st[0] = 0; // the status of break or continue itself
                    if (lc.isBreak()) {
                        break;
                    }
                }
            }
        } finally {
            loopDepth--;
        }
        status = st[0];
        return st[0];
    }

    /**
     * The break and continue builtins: leave or resume the n-th enclosing loop (1 by default, at most the number
     * there are); outside a loop they do nothing, as in FreeBSD's sh.
     */
    int loopControl(String name, List<String> args) {
        int n = 1;
        if (!args.isEmpty()) {
            String a = args.get(0);
            if (!Parser.isDigits(a)) {
                c.stdout().flush();
                c.stderr().puts(name + ": Illegal number: " + a + "\n");
                return 2;
            }
            n = a.length() > 9 ? Integer.MAX_VALUE : Integer.parseInt(a);
        }
        n = Math.min(n, loopDepth);
        if (n > 0) {
            throw new LoopControl(name.equals("break"), n);
        }
        return 0;
    }

    // -------------------------------------------------------------------------------------------------------------
    // Simple commands

    private int simple(Node.Simple cmd) {
        Expander x = expander();
        List<String> argv = new ArrayList<>();
        for (Word w : cmd.words()) {
            argv.addAll(x.fields(w));
        }
        Map<String, String> assigns = new LinkedHashMap<>();
        for (Node.Assignment a : cmd.assignments()) {
            assigns.put(a.name(), x.string(a.value()));
        }
        if (xtrace) {
            trace(assigns, argv);
        }
        Redirector.Redirections r = redirector.open(cmd.redirects(), x);
        if (r == null) {
            return 2;
        }
        if (argv.isEmpty()) {
            vars.putAll(assigns);
            redirector.closeAll(r.opened());
            return 0;
        }
        String name = argv.get(0);
        if (isBuiltin(name)) {
            Map<Integer, Integer> saved = redirector.applyHere(r);
            try {
                vars.putAll(assigns);
                return builtins.run(argv);
            } finally {
                c.stdout().flush();
                redirector.restore(saved);
            }
        }
        List<Libc.FileAction> actions = new ArrayList<>();
        redirector.addActions(actions, r);
        int pid = spawn(argv, assigns, actions);
        if (pid < 0) {
            reportUnder(r);
        }
        redirector.closeAll(r.opened());
        return pid < 0 ? -pid : waitFor(pid);
    }

    /**
     * Prints the message of a failed spawn where the command's stderr would have gone: sh says "not found" from
     * the child, after the redirections (so {@code nosuch 2>/dev/null} is silent).
     */
    private void reportUnder(Redirector.Redirections r) {
        Map<Integer, Integer> saved = redirector.applyHere(r);
        try {
            error(spawnError);
        } finally {
            redirector.restore(saved);
        }
    }

    private void trace(Map<String, String> assigns, List<String> argv) {
        StringBuilder sb = new StringBuilder("+");
        for (Map.Entry<String, String> e : assigns.entrySet()) {
            sb.append(' ').append(e.getKey()).append('=').append(quote(e.getValue()));
        }
        for (String a : argv) {
            sb.append(' ').append(quote(a));
        }
        c.stdout().flush();
        c.stderr().puts(sb.append('\n').toString());
    }

    /** A word as sh shows it back: as is if nothing in it is special, otherwise in single quotes. */
    public static String quote(String s) {
        if (s.isEmpty()) {
            return "''";
        }
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            if (!(Character.isLetterOrDigit(ch) || "_-./,:=+@%^".indexOf(ch) >= 0) || ch > 127) {
                return "'" + s.replace("'", "'\\''") + "'";
            }
        }
        return s;
    }

    // -------------------------------------------------------------------------------------------------------------
    // Processes

    /** The environment of a child: the exported variables, then the command's own assignments. */
    private String[] environment(Map<String, String> assigns) {
        Map<String, String> env = new LinkedHashMap<>();
        for (String n : exported) {
            String v = vars.get(n);
            if (v != null) {
                env.put(n, v);
            }
        }
        env.putAll(assigns);
        List<String> out = new ArrayList<>();
        for (Map.Entry<String, String> e : env.entrySet()) {
            out.add(e.getKey() + "=" + e.getValue());
        }
        return out.toArray(new String[0]);
    }

    /**
     * Spawns {@code argv} found on PATH (or at its path if it has a '/'): the pid, or the negated shell status
     * (127 not found, 126 not executable) with the message to print in {@link #spawnError}.
     */
    private int spawn(List<String> argv, Map<String, String> assigns, List<Libc.FileAction> actions) {
        c.stdout().flush();
        if (!savedCopies.isEmpty()) {
            List<Libc.FileAction> all = new ArrayList<>();
            for (int fd : savedCopies) {
                all.add(Libc.FileAction.close(fd));
            }
            all.addAll(actions);
            actions = all;
        }
        String name = argv.get(0);
        String[] av = argv.toArray(new String[0]);
        String[] env = environment(assigns);
        int r = -Errnos.ENOENT;
        if (name.indexOf('/') >= 0) {
            r = c.spawn(name, av, env, actions);
        } else {
            String path = assigns.containsKey("PATH") ? assigns.get("PATH") : vars.getOrDefault("PATH", "");
            for (String dir : path.split(":", -1)) {
                String d = dir.isEmpty() ? "." : dir;
                r = c.spawn(d + "/" + name, av, env, actions);
                if (r != -Errnos.ENOENT) {
                    break;
                }
            }
        }
        if (r >= 0) {
            return r;
        }
        if (r == -Errnos.ENOENT) {
            spawnError = name + ": not found";
            return -127;
        }
        spawnError = name + ": " + Libc.strerror(r);
        return -126;
    }

    /** Waits for {@code pid}; a death by signal is reported as sh reports it. */
    private int waitFor(int pid) {
        int[] st = new int[1];
        int r;
        do {
            r = c.wait4(pid, st, 0);
        } while (r == -Errnos.EINTR);
        if (r < 0) {
            return 127;
        }
        return statusOf(st[0]);
    }

    private int statusOf(int wstatus) {
        if (Libc.exited(wstatus)) {
            return Libc.exitStatus(wstatus);
        }
        int sig = Libc.termSig(wstatus);
        if (sig != Signals.SIGINT && sig != Signals.SIGPIPE) {
            c.stdout().puts(Signals.describe(sig) + "\n");
            c.stdout().flush();
        }
        return 128 + sig;
    }

    /** a | b | c: every command a child, joined by pipes; the status is the last one's. */
    private int pipe(List<Node.Command> cmds) {
        int[] pids = pipeProcesses(cmds, false);
        int st = 0;
        for (int i = 0; i < pids.length; i++) {
            st = pids[i] > 0 ? waitFor(pids[i]) : -pids[i];
        }
        return st;
    }

    /**
     * Starts every command of a pipeline as a child, joined by pipes (one command: no pipe). For an asynchronous
     * list the first one's standard input is /dev/null before its own redirections. Returns each one's pid, or
     * minus the status of one that could not start (0 for a command of assignments only).
     */
    private int[] pipeProcesses(List<Node.Command> cmds, boolean async) {
        int n = cmds.size();
        int[][] pipes = new int[n - 1][2];
        List<Integer> pipeFds = new ArrayList<>();
        for (int i = 0; i < n - 1; i++) {
            int r = c.pipe(pipes[i], 0);
            if (r < 0) {
                error("Pipe call failed: " + Libc.strerror(r));
                redirector.closeAll(pipeFds);
                int[] failed = new int[n];
                failed[n - 1] = -2;
                return failed;
            }
            pipeFds.add(pipes[i][0]);
            pipeFds.add(pipes[i][1]);
        }
        int[] pids = new int[n];
        int[] early = new int[n];
        for (int i = 0; i < n; i++) {
            List<Libc.FileAction> actions = new ArrayList<>();
            if (async && i == 0) {
                actions.add(Libc.FileAction.open(0, "/dev/null", Libc.O_RDONLY, 0));
            }
            if (i > 0) {
                actions.add(Libc.FileAction.dup2(pipes[i - 1][0], 0));
            }
            if (i < n - 1) {
                actions.add(Libc.FileAction.dup2(pipes[i][1], 1));
            }
            for (int fd : pipeFds) {
                actions.add(Libc.FileAction.close(fd));
            }
            if (cmds.get(i) instanceof Node.Compound compound) {
                // a child shell runs it, its redirections and all, as sh forks a subshell for each element
                int pid = spawn(subshell(compound.source()), new LinkedHashMap<>(vars), actions);
                if (pid < 0) {
                    error(spawnError);
                }
                pids[i] = pid < 0 ? -1 : pid;
                early[i] = pid < 0 ? -pid : 0;
                continue;
            }
            Node.Simple cmd = (Node.Simple) cmds.get(i);
            Expander x = expander();
            List<String> argv = new ArrayList<>();
            for (Word w : cmd.words()) {
                argv.addAll(x.fields(w));
            }
            Map<String, String> assigns = new LinkedHashMap<>();
            for (Node.Assignment a : cmd.assignments()) {
                assigns.put(a.name(), x.string(a.value()));
            }
            if (xtrace) {
                trace(assigns, argv);
            }
            Redirector.Redirections r = redirector.open(cmd.redirects(), x);
            if (r == null) {
                early[i] = 2;
                pids[i] = -1;
                continue;
            }
            redirector.addActions(actions, r);
            if (argv.isEmpty()) {
                redirector.closeAll(r.opened());
                early[i] = 0;
                pids[i] = -1;
                continue;
            }
            if (isBuiltin(argv.get(0))) {
                StringBuilder script = new StringBuilder();
                for (String a : argv) {
                    script.append(script.length() == 0 ? "" : " ").append(quote(a));
                }
                argv = List.of("sh", "-c", script.toString());
                argv = new ArrayList<>(argv);
                argv.set(0, "/bin/sh");
            }
            int pid = spawn(argv, assigns, actions);
            if (pid < 0) {
                reportUnder(r);
            }
            redirector.closeAll(r.opened());
            pids[i] = pid < 0 ? -1 : pid;
            early[i] = pid < 0 ? -pid : 0;
        }
        redirector.closeAll(pipeFds);
        for (int i = 0; i < n; i++) {
            if (pids[i] <= 0) {
                pids[i] = -early[i];
            }
        }
        return pids;
    }

    // -------------------------------------------------------------------------------------------------------------
    // -------------------------------------------------------------------------------------------------------------
    // Messages

    /** Whether sh runs {@code name} itself. */
    public static boolean isBuiltin(String name) {
        return Builtins.isBuiltin(name);
    }

    private void error(String message) {
        c.stdout().flush();
        c.stderr().puts((scriptName != null ? scriptName : arg0) + ": " + message + "\n");
    }
}
