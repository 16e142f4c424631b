package org.kld86.kernel.tty;

import static org.kld86.kernel.tty.Termios.*;

/**
 * The terminal line discipline (FreeBSD sys/kern/tty_ttydisc.c): what happens to a character between the wire
 * and a reader, and between a writer and the wire.
 *
 * <p>Input ({@link #rint}), in this order: CR to NL (ICRNL) or dropped (IGNCR); with ISIG, ^C and ^\ flush the
 * queue, echo as "^C", and signal the foreground process; in canonical mode (ICANON) erase (DEL or ^H) and kill
 * (^U) edit the line, ^W erases a word, ^D ends the line without a terminator (at the start of a line: end of
 * file), NL ends it with one; everything else is stored and echoed. Without ICANON every byte is readable at
 * once. A full queue refuses the byte and rings the bell (IMAXBEL).
 *
 * <p>Echo (ECHO) shows control characters as ^X (ECHOCTL), erases with backspace-space-backspace (ECHOE), and
 * erases the whole line for a kill (ECHOKE). VEOF is not echoed.
 *
 * <p>Output ({@link #output}): with OPOST and ONLCR a NL goes on the wire as CR NL, as on every real terminal;
 * the host side of the console turns CR NL back into its own line ends.
 */
final class LineDiscipline {

    /** What the discipline asks of the terminal around it. */
    interface Hooks {
        /** A character to the wire. */
        void transmit(int c);

        /** Readers may have something now. */
        void readable();

        /** ISIG: {@code signal} for the foreground process. */
        void signal(int signal);
    }

    static final int SIGINT = 2;
    static final int SIGQUIT = 3;
    static final int BEL = 0x07;

    private final Termios termios;
    private final TtyInput input;
    private final Hooks hooks;

    LineDiscipline(Termios termios, TtyInput input, Hooks hooks) {
        this.termios = termios;
        this.input = input;
        this.hooks = hooks;
    }

    /** ttydisc_rint: one character from the wire. */
    void rint(int c) {
        c &= 0xFF;
        if ((termios.cflag & CREAD) == 0) {
            return;
        }
        if (c == '\r') {
            if ((termios.iflag & IGNCR) != 0) {
                return;
            }
            if ((termios.iflag & ICRNL) != 0) {
                c = '\n';
            }
        } else if (c == '\n' && (termios.iflag & INLCR) != 0) {
            c = '\r';
        }
        if (termios.l(ISIG)) {
            int signal = termios.is(VINTR, c) ? SIGINT : termios.is(VQUIT, c) ? SIGQUIT : 0;
            if (signal != 0) {
                if (!termios.l(NOFLSH)) {
                    input.flush();
                }
                echo(c);
                hooks.signal(signal);
                return;
            }
        }
        if (!termios.l(ICANON)) {
            if (!input.put(c)) {
                bell();
                return;
            }
            echo(c);
            hooks.readable();
            return;
        }
        if (termios.is(VERASE, c) || termios.is(VERASE2, c)) {
            erase();
        } else if (termios.is(VKILL, c)) {
            kill(c);
        } else if (termios.l(IEXTEN) && termios.is(VWERASE, c)) {
            wordErase();
        } else if (termios.is(VEOF, c)) {
            input.endOfFile();
            hooks.readable();
        } else if (c == '\n' || termios.is(VEOL, c) || termios.is(VEOL2, c)) {
            if (!input.putEnd(c)) {
                bell();
                return;
            }
            if (termios.l(ECHO) || (c == '\n' && termios.l(ECHONL))) {
                echoChar(c);
            }
            hooks.readable();
        } else if (input.put(c)) {
            echo(c);
        } else {
            bell();
        }
    }

    private void erase() {
        int c = input.unput();
        if (c >= 0 && termios.l(ECHO)) {
            if (termios.l(ECHOE)) {
                for (int i = echoWidth(c); i > 0; i--) {
                    output('\b');
                    output(' ');
                    output('\b');
                }
            } else {
                echoChar(termios.cc[VERASE]);
            }
        }
    }

    private void kill(int killChar) {
        if (termios.l(ECHO) && termios.l(ECHOKE) && termios.l(ECHOE)) {
            while (input.editLength() > 0) {
                erase();
            }
            return;
        }
        while (input.unput() >= 0) {
            // drop the whole line
        }
        if (termios.l(ECHO)) {
            echo(killChar);
            if (termios.l(ECHOK)) {
                output('\n');
            }
        }
    }

    /** VWERASE: the blanks before the cursor, then the word before them. */
    private void wordErase() {
        while (input.editLength() > 0 && isBlank(input.editCharAt(input.editLength() - 1))) {
            erase();
        }
        while (input.editLength() > 0 && !isBlank(input.editCharAt(input.editLength() - 1))) {
            erase();
        }
    }

    private static boolean isBlank(int c) {
        return c == ' ' || c == '\t';
    }

    private void bell() {
        if ((termios.iflag & IMAXBEL) != 0 && termios.l(ECHO)) {
            output(BEL);
        }
    }

    /** ttydisc_echo: a character as the user should see it, if ECHO is on. */
    private void echo(int c) {
        if (termios.l(ECHO)) {
            echoChar(c);
        }
    }

    private void echoChar(int c) {
        if (termios.l(ECHOCTL) && isControl(c)) {
            output('^');
            output(c ^ 0x40);
        } else {
            output(c);
        }
    }

    private int echoWidth(int c) {
        return termios.l(ECHOCTL) && isControl(c) ? 2 : 1;
    }

    /** What ECHOCTL shows as ^X: control characters other than TAB and NL, and DEL. */
    private static boolean isControl(int c) {
        return (c < 0x20 && c != '\t' && c != '\n') || c == 0x7F;
    }

    /** ttydisc_write's output processing for one character. */
    void output(int c) {
        if ((termios.oflag & OPOST) != 0 && (termios.oflag & ONLCR) != 0 && c == '\n') {
            hooks.transmit('\r');
        }
        hooks.transmit(c);
    }

    /** Output processing for a run of characters. */
    void output(CharSequence s) {
        for (int i = 0; i < s.length(); i++) {
            output(s.charAt(i) & 0xFF);
        }
    }
}
