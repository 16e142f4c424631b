package org.kld86.userland.sh;

/**
 * A syntax error, worded as FreeBSD's sh words it after "Syntax error: " ({@code "|" unexpected},
 * {@code Unterminated quoted string}). {@link #incomplete()} says the text ended in the middle of a command
 * (an open quote, a trailing '|' or '&&', an if without its fi), so an interactive shell can read another line
 * instead of failing.
 */
public final class SyntaxError extends RuntimeException {

    private final boolean incomplete;
    private final int line;

    public SyntaxError(String message, boolean incomplete, int line) {
        super(message, null, false, false);
        this.incomplete = incomplete;
        this.line = line;
    }

    public boolean incomplete() {
        return incomplete;
    }

    /** The line (from 1) of the error: of the offending token, or where the command started for a bad word. */
    public int line() {
        return line;
    }
}
