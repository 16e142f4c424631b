package org.kld86.kernel.console;

import java.util.ArrayList;
import java.util.List;
import java.util.function.IntConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * The kernel console: where printf(9) and printk() go. Each line goes to the message buffer (dmesg), to the
 * console device (the UART, once its driver attaches), and to the kernel log through SLF4J with the virtual time
 * in the MDC, so a rerun's log is identical.
 */
public final class Console {

    private static final Logger LOG = LoggerFactory.getLogger("kernel");

    private final MessageBuffer msgbuf = new MessageBuffer(MessageBuffer.DEFAULT_SIZE);
    private final java.util.function.LongSupplier nanos;
    private final List<IntConsumer> devices = new ArrayList<>();
    private final StringBuilder line = new StringBuilder();

    /** @param nanos the virtual clock, for log records */
    public Console(java.util.function.LongSupplier nanos) {
        this.nanos = nanos;
    }

    /** Attaches a console device: every character printed goes to it. */
    public void attach(IntConsumer device) {
        devices.add(device);
    }

    public void detachAll() {
        devices.clear();
    }

    /** printf(9): formats with Java's {@link String#format} conversions ({@code %n} is a newline). */
    public void printf(String format, Object... args) {
        print(String.format(java.util.Locale.ROOT, format, args));
    }

    /** Puts text in the message buffer and the kernel log only, not on the console (a quiet printk level). */
    public void log(String text) {
        msgbuf.append(text);
        logLines(text);
    }

    /** Prints text as is. */
    public void print(String text) {
        msgbuf.append(text);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            for (IntConsumer d : devices) {
                d.accept(c);
            }
        }
        logLines(text);
    }


    private void logLines(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\n') {
                long t = nanos.getAsLong();
                MDC.put("vtime", String.format("%d.%06d", t / 1_000_000_000L, (t / 1000) % 1_000_000));
                LOG.info(line.toString());
                MDC.remove("vtime");
                line.setLength(0);
            } else {
                line.append(c);
            }
        }
    }

    public MessageBuffer messageBuffer() {
        return msgbuf;
    }

    /** The text dmesg shows. */
    public String dmesg() {
        return msgbuf.contents();
    }
}
