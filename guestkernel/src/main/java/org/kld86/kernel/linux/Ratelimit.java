package org.kld86.kernel.linux;

import java.util.function.LongSupplier;
import org.kld86.kernel.console.Console;

/**
 * A rate limit on a kernel message, as Linux's {@code struct ratelimit_state} and {@code ___ratelimit()}
 * ({@code lib/ratelimit.c}): at most {@code burst} messages per {@code interval}; when a new interval starts, the
 * number suppressed in the last one is reported as {@code "%s: %d callbacks suppressed"}.
 *
 * <p>Time is the machine's virtual clock, so which messages are suppressed is the same on every run. Linux
 * starts an interval at the first message after a reset; this one starts it at the message that ends the
 * previous interval, a difference no caller can see inside one interval.
 */
final class Ratelimit {

    /** DEFAULT_RATELIMIT_INTERVAL: 5 seconds. */
    static final long DEFAULT_INTERVAL_NANOS = 5_000_000_000L;
    /** DEFAULT_RATELIMIT_BURST. */
    static final int DEFAULT_BURST = 10;

    private final String function;
    private final long intervalNanos;
    private final int burst;
    private final LongSupplier nanos;
    private final Console console;
    private long begin = -1;
    private int printed;
    private int missed;

    Ratelimit(String function, long intervalNanos, int burst, LongSupplier nanos, Console console) {
        this.function = function;
        this.intervalNanos = intervalNanos;
        this.burst = burst;
        this.nanos = nanos;
        this.console = console;
    }

    /** __ratelimit(): whether the caller may print now. */
    boolean allow() {
        long now = nanos.getAsLong();
        if (begin < 0) {
            begin = now;
        }
        if (now > begin + intervalNanos) {
            if (missed > 0) {
                console.printf("%s: %d callbacks suppressed%n", function, missed);
            }
            begin = now;
            printed = 0;
            missed = 0;
        }
        if (burst > printed) {
            printed++;
            return true;
        }
        missed++;
        return false;
    }
}
