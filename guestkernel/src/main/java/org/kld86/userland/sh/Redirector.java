package org.kld86.userland.sh;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.kld86.userland.libc.Libc;

/**
 * A command's redirections, as sh sets them up: the shell opens each file itself (so it can say "cannot open
 * x: No such file or directory" and fail the command with status 2), then the changes become either spawn file
 * actions for a child (dup2 of the opened descriptor onto the target, then close it) or, for a builtin, changes
 * to the shell's own descriptors that are put back when the builtin returns.
 */
final class Redirector {

    static final int O_RDONLY = 0x0000;
    static final int O_WRONLY = 0x0001;
    static final int O_RDWR = 0x0002;
    static final int O_APPEND = 0x0008;
    static final int O_CREAT = 0x0200;
    static final int O_TRUNC = 0x0400;

    /** A descriptor change: DUP2 a onto b, or CLOSE a. */
    record FdOp(boolean close, int a, int b) {
    }

    /** What a command's redirections came to: the changes in order, and the descriptors the shell opened. */
    record Redirections(List<FdOp> ops, List<Integer> opened) {
    }

    private final Libc c;
    private final Consumer<String> error;

    /** @param error prints a shell error message ("sh: cannot open x: ...") */
    Redirector(Libc c, Consumer<String> error) {
        this.c = c;
        this.error = error;
    }

    /** Opens what the redirections name; null after a message if one cannot be opened. */
    Redirections open(List<Node.Redirect> redirects, Expander x) {
        List<FdOp> ops = new ArrayList<>();
        List<Integer> opened = new ArrayList<>();
        for (Node.Redirect rd : redirects) {
            String target = x.string(rd.target());
            if (rd.op().equals(">&") || rd.op().equals("<&")) {
                if (target.equals("-")) {
                    ops.add(new FdOp(true, rd.fd(), 0));
                } else if (!target.isEmpty() && isDigits(target)) {
                    ops.add(new FdOp(false, Integer.parseInt(target), rd.fd()));
                } else {
                    error.accept(target + ": Bad file descriptor");
                    closeAll(opened);
                    return null;
                }
                continue;
            }
            int flags = switch (rd.op()) {
                case "<" -> O_RDONLY;
                case ">>" -> O_WRONLY | O_CREAT | O_APPEND;
                case "<>" -> O_RDWR | O_CREAT;
                default -> O_WRONLY | O_CREAT | O_TRUNC;
            };
            int fd = c.open(target, flags, 0666);
            if (fd < 0) {
                error.accept((rd.op().equals("<") ? "cannot open " : "cannot create ") + target + ": "
                        + Libc.strerror(fd));
                closeAll(opened);
                return null;
            }
            opened.add(fd);
            if (fd != rd.fd()) {
                ops.add(new FdOp(false, fd, rd.fd()));
                ops.add(new FdOp(true, fd, 0));
            }
        }
        return new Redirections(ops, opened);
    }

    private static boolean isDigits(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (!Character.isDigit(s.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    void addActions(List<Libc.FileAction> actions, Redirections r) {
        for (FdOp op : r.ops()) {
            actions.add(op.close() ? Libc.FileAction.close(op.a()) : Libc.FileAction.dup2(op.a(), op.b()));
        }
    }

    /**
     * Applies redirections to the shell's own descriptors (for a builtin); returns what to put back: each changed
     * descriptor and its saved copy, or -1 if it was closed before.
     */
    Map<Integer, Integer> applyHere(Redirections r) {
        c.stdout().flush();
        Map<Integer, Integer> saved = new LinkedHashMap<>();
        for (FdOp op : r.ops()) {
            if (op.close() && r.opened().contains(op.a())) {
                c.close(op.a());
                continue;
            }
            int target = op.close() ? op.a() : op.b();
            if (!saved.containsKey(target)) {
                int copy = c.dup(target);
                saved.put(target, copy < 0 ? -1 : copy);
            }
            if (op.close()) {
                c.close(op.a());
            } else {
                c.dup2(op.a(), op.b());
            }
        }
        return saved;
    }

    void restore(Map<Integer, Integer> saved) {
        List<Map.Entry<Integer, Integer>> entries = new ArrayList<>(saved.entrySet());
        for (int i = entries.size() - 1; i >= 0; i--) {
            int fd = entries.get(i).getKey();
            int copy = entries.get(i).getValue();
            if (copy >= 0) {
                c.dup2(copy, fd);
                c.close(copy);
            } else {
                c.close(fd);
            }
        }
    }

    void closeAll(List<Integer> fds) {
        for (int fd : fds) {
            c.close(fd);
        }
    }

}
