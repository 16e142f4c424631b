package org.kld86.kpi;

import org.kld86.kernel.Kernel;

/**
 * linux/jiffies.h: {@code jiffies}, the tick count (HZ {@value #HZ}), and the macros that compare and convert it.
 *
 * <p>jiffies is an unsigned 32-bit count, as on i386, and it starts at INITIAL_JIFFIES, five minutes before it
 * wraps to 0, exactly as Linux starts it so that wrap bugs show up early: compare with
 * {@link #time_after}/{@link #time_before}, never with {@code <}. Values are held in a long, 0 to 0xFFFFFFFF.
 */
public final class Jiffies {

    private Jiffies() {
    }

    public static final int HZ = Kernel.HZ;
    /** INITIAL_JIFFIES: (unsigned long)(unsigned int)(-300 * HZ). */
    public static final long INITIAL_JIFFIES = (-300L * HZ) & 0xFFFFFFFFL;
    /** MAX_SCHEDULE_TIMEOUT: LONG_MAX of a 32-bit long; a wait with it has no timeout. */
    public static final long MAX_SCHEDULE_TIMEOUT = Integer.MAX_VALUE;

    /** jiffies: INITIAL_JIFFIES plus the ticks since boot, modulo 2^32. */
    public static long jiffies() {
        return (INITIAL_JIFFIES + ticksSinceBoot(Kernel.current())) & 0xFFFFFFFFL;
    }

    static long ticksSinceBoot(Kernel k) {
        return k.machine().clock().now() / k.ticksToCycles(1);
    }

    /** The virtual time (cycles) at which jiffies becomes {@code j}: the next such tick from now, at the earliest. */
    static long cyclesAtJiffy(Kernel k, long j) {
        long now = ticksSinceBoot(k);
        int delta = (int) ((j - jiffies()) & 0xFFFFFFFFL);
        long tick = delta <= 0 ? now + 1 : now + delta;
        return tick * k.ticksToCycles(1);
    }

    /** time_after(a, b): a is later than b, wrap-safe. */
    public static boolean time_after(long a, long b) {
        return (int) (b - a) < 0;
    }

    public static boolean time_before(long a, long b) {
        return time_after(b, a);
    }

    public static boolean time_after_eq(long a, long b) {
        return (int) (a - b) >= 0;
    }

    public static boolean time_before_eq(long a, long b) {
        return time_after_eq(b, a);
    }

    /** msecs_to_jiffies(m): at HZ 1000, m itself; negative values give the largest timeout. */
    public static long msecs_to_jiffies(long m) {
        return m < 0 ? MAX_SCHEDULE_TIMEOUT - 1 : (m * HZ + 999) / 1000;
    }

    public static long usecs_to_jiffies(long u) {
        return u < 0 ? MAX_SCHEDULE_TIMEOUT - 1 : (u * HZ + 999_999) / 1_000_000;
    }

    public static long jiffies_to_msecs(long j) {
        return (j & 0xFFFFFFFFL) * 1000 / HZ;
    }
}
