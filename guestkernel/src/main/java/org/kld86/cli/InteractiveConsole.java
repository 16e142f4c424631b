package org.kld86.cli;

import java.io.IOError;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.jline.reader.Completer;
import org.jline.reader.EndOfFileException;
import org.jline.reader.LineReader;
import org.jline.reader.LineReaderBuilder;
import org.jline.reader.UserInterruptException;
import org.jline.reader.impl.LineReaderImpl;
import org.jline.terminal.Terminal;

/**
 * The interactive console: a JLine line editor on the host terminal, with history and completion, feeding lines
 * into the console UART, and the guest's output shown around it.
 *
 * <p>The editor runs on a thread of its own and only ever queues what the person typed ({@link HostInput}); the
 * guest takes it when it is idle. Each accepted line is sent with a CR, as a terminal's Enter key sends it; ^C
 * and ^D at the editor are sent as the characters themselves, so the guest's line discipline turns them into
 * SIGINT and end of file. The guest's own echo is turned off, since the editor already shows what is typed.
 *
 * <p>The guest's output arrives a run at a time on the guest's thread. Complete lines are printed above the line
 * being edited; the incomplete last line (a prompt such as "# ") becomes the editor's prompt, so the cursor sits
 * after it as it would on a real terminal.
 */
final class InteractiveConsole implements ConsoleOutput.Screen, AutoCloseable {

    private final Terminal terminal;
    /** The implementation class: its setPrompt lets the guest's output change the prompt while reading. */
    private final LineReaderImpl reader;
    private final Object lock = new Object();
    private final StringBuilder partial = new StringBuilder();
    private volatile String prompt = "";
    private HostInput input;
    private Thread thread;

    InteractiveConsole(Terminal terminal, Completer completer, Path historyFile) {
        this.terminal = terminal;
        if (terminal.getWidth() <= 0) {
            // A terminal that cannot tell its size (a pipe, a dumb terminal) is taken to be a serial console's.
            terminal.setSize(new org.jline.terminal.Size(80, 24));
        }
        LineReaderBuilder b = LineReaderBuilder.builder().terminal(terminal).appName("kld86").completer(completer)
                .option(LineReader.Option.DISABLE_EVENT_EXPANSION, true);
        if (historyFile != null) {
            b.variable(LineReader.HISTORY_FILE, historyFile);
        }
        this.reader = (LineReaderImpl) b.build();
        // At the start of each readLine, under the editor's lock: the prompt is whatever the guest left unfinished.
        reader.getWidgets().put(LineReader.CALLBACK_INIT, () -> {
            reader.setPrompt(prompt);
            return true;
        });
    }

    /** Starts the editor's thread, which queues its lines on {@code input}. */
    void start(HostInput input) {
        this.input = input;
        thread = new Thread(this::editLoop, "kld86-line-editor");
        thread.setDaemon(true);
        thread.start();
    }

    private void editLoop() {
        for (;;) {
            try {
                String line = reader.readLine(prompt);
                consumePrompt();
                input.send((line + "\r").getBytes(StandardCharsets.ISO_8859_1));
            } catch (UserInterruptException e) {
                newLine();
                input.send(new byte[] {3});
            } catch (EndOfFileException e) {
                newLine();
                input.send(new byte[] {4});
                if (inputClosed()) {
                    input.end();
                    return;
                }
            } catch (IOError | RuntimeException e) {
                input.end();
                return;
            }
        }
    }

    /**
     * Whether the end of file was the terminal's input closing rather than ^D typed at an empty line: then every
     * further read would end the same way at once.
     */
    private boolean inputClosed() {
        try {
            return terminal.reader().peek(10) == org.jline.utils.NonBlockingReader.EOF;
        } catch (java.io.IOException | IOError e) {
            return true;
        }
    }

    /** The prompt was shown with the accepted line: it is part of the screen now. */
    private void consumePrompt() {
        synchronized (lock) {
            partial.setLength(0);
            prompt = "";
        }
    }

    private void newLine() {
        consumePrompt();
        terminal.writer().println();
        terminal.flush();
    }

    @Override
    public void text(String s) {
        List<String> lines = new ArrayList<>();
        String p;
        synchronized (lock) {
            partial.append(s);
            int nl;
            while ((nl = partial.indexOf("\n")) >= 0) {
                lines.add(partial.substring(0, nl));
                partial.delete(0, nl + 1);
            }
            p = partial.toString();
            prompt = p;
        }
        if (reader.isReading()) {
            try {
                reader.setPrompt(p);
                for (String l : lines) {
                    reader.printAbove(l);
                }
                if (lines.isEmpty()) {
                    reader.callWidget(LineReader.REDRAW_LINE);
                    reader.callWidget(LineReader.REDISPLAY);
                }
                return;
            } catch (IllegalStateException e) {
                // readLine ended meanwhile: print as if it were not running
            }
        }
        for (String l : lines) {
            terminal.writer().println(l);
        }
        terminal.flush();
    }

    @Override
    public void close() {
        try {
            terminal.close();
        } catch (java.io.IOException e) {
            // the terminal is gone either way
        }
        if (thread != null) {
            thread.interrupt();
        }
    }
}
