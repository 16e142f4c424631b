package org.kld86.userland.sh;

/** Unwinds the interpreter when the shell must end: the exit builtin, or set -e after a failure. */
public final class ShellExit extends RuntimeException {

    private final int status;

    public ShellExit(int status) {
        super("exit " + status, null, false, false);
        this.status = status;
    }

    public int status() {
        return status;
    }
}
