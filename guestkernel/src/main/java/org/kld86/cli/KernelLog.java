package org.kld86.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.FileAppender;
import java.nio.file.Path;
import org.slf4j.LoggerFactory;

/**
 * The kernel log as a file: the launcher points the kernel's logger ("kernel", every console line with its
 * virtual time) at a file of its own, configured here in code rather than by a logback.xml, so the log goes
 * where the command line says and nowhere else. Lines read {@code [seconds.micros] text}; with virtual time
 * only, a rerun writes the same file. Closing puts the logger back as it was.
 */
final class KernelLog implements AutoCloseable {

    static final String PATTERN = "[%X{vtime}] %msg%n";

    private final Logger logger;
    private final FileAppender<ILoggingEvent> appender;
    private final Level savedLevel;
    private final boolean savedAdditive;

    private KernelLog(Logger logger, FileAppender<ILoggingEvent> appender) {
        this.logger = logger;
        this.appender = appender;
        this.savedLevel = logger.getLevel();
        this.savedAdditive = logger.isAdditive();
        logger.setLevel(Level.INFO);
        logger.setAdditive(false);
        logger.addAppender(appender);
    }

    /** Starts writing the kernel log to {@code file} (created, or truncated). */
    static KernelLog toFile(Path file) {
        LoggerContext ctx = (LoggerContext) LoggerFactory.getILoggerFactory();
        PatternLayoutEncoder encoder = new PatternLayoutEncoder();
        encoder.setContext(ctx);
        encoder.setPattern(PATTERN);
        encoder.start();
        FileAppender<ILoggingEvent> appender = new FileAppender<>();
        appender.setName("kld86-kernel-log");
        appender.setContext(ctx);
        appender.setFile(file.toString());
        appender.setAppend(false);
        appender.setEncoder(encoder);
        appender.start();
        return new KernelLog(ctx.getLogger("kernel"), appender);
    }

    @Override
    public void close() {
        logger.detachAppender(appender);
        appender.stop();
        logger.setLevel(savedLevel);
        logger.setAdditive(savedAdditive);
    }
}
