package org.kld86.cli;

import java.io.IOException;
import java.io.InputStream;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import org.kld86.emulator.dev.uart.Uart16550;
import org.kld86.kernel.proc.Scheduler;

/**
 * The host's side of the console's input: bytes sent down COM1 when the guest is idle and has nothing else to do,
 * which is the one place host time enters a run.
 *
 * <ul>
 *   <li>{@link #keyboard}: a person types; each line from the line editor, or ^C, or ^D, waits in a queue until
 *       the guest idles. The guest keeps running on virtual time in between. When the host terminal goes away,
 *       readers of the console get an end of file, as below.</li>
 *   <li>{@link #stream}: non-interactive runs (-c, a script). The host's standard input is read only if the guest
 *       ever waits for input with nothing else pending, and then read whole, so that the run is the same however
 *       the host delivers it; an end of file is sent as ^D (twice if the data did not end with a newline, since
 *       a canonical tty needs one ^D to end the line and one for the end of file). After that every reader of
 *       the console gets an end of file, as every reader of a pipe at its end does; an idle machine with no
 *       reader of the console is a deadlock again.</li>
 * </ul>
 */
final class HostInput implements Scheduler.ExternalInput {

    /** Marks the end: nothing more will ever come. */
    private static final byte[] END = new byte[0];

    private final Uart16550 uart;
    private final BlockingQueue<byte[]> queue = new LinkedBlockingQueue<>();
    private final InputStream stream;
    private final java.util.function.BooleanSupplier consoleReaderWaiting;
    private boolean streamRead;
    private boolean ended;
    /** Called before the guest waits (the output side shows a pending prompt). */
    private final Runnable beforeWait;

    private HostInput(Uart16550 uart, InputStream stream, java.util.function.BooleanSupplier consoleReaderWaiting,
            Runnable beforeWait) {
        this.uart = uart;
        this.stream = stream;
        this.consoleReaderWaiting = consoleReaderWaiting;
        this.beforeWait = beforeWait;
    }

    static HostInput keyboard(Uart16550 uart, java.util.function.BooleanSupplier consoleReaderWaiting,
            Runnable beforeWait) {
        return new HostInput(uart, null, consoleReaderWaiting, beforeWait);
    }

    static HostInput stream(Uart16550 uart, InputStream in, java.util.function.BooleanSupplier consoleReaderWaiting,
            Runnable beforeWait) {
        return new HostInput(uart, in, consoleReaderWaiting, beforeWait);
    }

    /** From the input thread: bytes to send when the guest next idles. */
    void send(byte[] bytes) {
        queue.add(bytes.clone());
    }

    /** From the input thread: nothing more will come. */
    void end() {
        queue.add(END);
    }

    @Override
    public boolean poll() {
        if (ended) {
            return false;
        }
        byte[] b = queue.poll();
        return b != null && deliver(b);
    }

    @Override
    public boolean await() {
        beforeWait.run();
        if (ended) {
            if (consoleReaderWaiting.getAsBoolean()) {
                uart.receive(new byte[] {4});
                return true;
            }
            return false;
        }
        if (stream != null && !streamRead) {
            streamRead = true;
            readStream();
        }
        try {
            return deliver(queue.take());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            ended = true;
            return false;
        }
    }

    private boolean deliver(byte[] b) {
        if (b == END) {
            ended = true;
            return false;
        }
        uart.receive(b);
        return true;
    }

    private void readStream() {
        byte[] data;
        try {
            data = stream.readAllBytes();
        } catch (IOException e) {
            data = new byte[0];
        }
        if (data.length > 0) {
            queue.add(data);
        }
        boolean lineEnded = data.length == 0 || data[data.length - 1] == '\n';
        queue.add(lineEnded ? new byte[] {4} : new byte[] {4, 4});
        queue.add(END);
    }
}
