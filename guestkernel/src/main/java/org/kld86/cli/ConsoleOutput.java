package org.kld86.cli;

import org.kld86.emulator.dev.uart.ConsoleSink;

/**
 * The host end of the console's wire: the bytes the guest sends on COM1, turned back into host text. The guest's
 * terminal sends CR NL for a newline, as real ttys do; a CR just before a NL is dropped here, so that the host
 * terminal, a pipe or a file gets plain lines. Any other CR passes. Text goes to a {@link Screen} a run at a time:
 * at every newline, and whenever the guest is about to wait for input ({@link #flush()}).
 */
final class ConsoleOutput implements ConsoleSink {

    /** Where the text goes: a stream, or the interactive console's line editor. */
    interface Screen {
        void text(String s);
    }

    private final Screen screen;
    private final StringBuilder pending = new StringBuilder();
    private boolean carriageReturn;

    ConsoleOutput(Screen screen) {
        this.screen = screen;
    }

    @Override
    public void write(int b) {
        if (carriageReturn) {
            carriageReturn = false;
            if (b != '\n') {
                pending.append('\r');
            }
        }
        if (b == '\r') {
            carriageReturn = true;
            return;
        }
        pending.append((char) (b & 0xFF));
        if (b == '\n') {
            flush();
        }
    }

    /** Hands over what has been collected (a partial line too, such as a prompt). */
    void flush() {
        if (pending.length() > 0) {
            screen.text(pending.toString());
            pending.setLength(0);
        }
    }
}
