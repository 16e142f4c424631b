package org.kld86.kpi;

import org.kld86.kernel.Kernel;
import org.kld86.kernel.sync.Callouts;

/**
 * callout(9): struct callout and callout_init, callout_reset, callout_schedule, callout_stop, callout_drain,
 * callout_pending, callout_active, callout_deactivate (FreeBSD sys/kern/kern_timeout.c).
 *
 * <p>A callout runs a function once, {@code ticks} ticks after it was reset (hz is {@value Sleep#HZ}; a value
 * below 1 counts as 1), at exactly that virtual time: this kernel is tickless. Resetting a pending callout moves
 * it; stopping it cancels it.
 *
 * <p>Trap: the function runs in softclock context, like FreeBSD's C_DIRECT_EXEC callouts: it must not sleep, so
 * no sleep mutexes, no M_WAITOK, no msleep; spin mutexes and wakeup are fine. A callout left pending when its
 * module is unloaded is cancelled with a warning.
 *
 * <p>Return values: callout_reset and callout_schedule give 1 if the callout was pending before; callout_stop
 * and callout_drain give 1 if it was pending, 0 if its function is running, -1 if it was neither.
 */
public final class Callout {

    /** The function a callout runs: {@code void (*)(void *arg)}. */
    @FunctionalInterface
    public interface CalloutFunc {
        void call(Object arg);
    }

    private final Callouts.Entry entry = new Callouts.Entry();
    private boolean initialized;
    private CalloutFunc func;
    private Object arg;

    public Callout() {
    }

    /** callout_init(c, mpsafe): every callout here is MP-safe; the flag is accepted and ignored. */
    public static void callout_init(Callout c, int mpsafe) {
        Kernel k = Kernel.current();
        if (c.entry.pending()) {
            k.callouts().stop(c.entry);
        }
        c.initialized = true;
        c.func = null;
        c.arg = null;
    }

    /** callout_reset(c, ticks, func, arg): runs {@code func(arg)} in {@code ticks} ticks. */
    public static int callout_reset(Callout c, int ticks, CalloutFunc func, Object arg) {
        Kernel k = Kernel.current();
        if (!c.initialized) {
            throw k.panic("callout_reset: callout %s not initialized", func);
        }
        if (func == null) {
            throw k.panic("callout_reset: NULL function");
        }
        c.func = func;
        c.arg = arg;
        return schedule(k, c, ticks);
    }

    /** callout_schedule(c, ticks): again, with the function and argument of the last reset. */
    public static int callout_schedule(Callout c, int ticks) {
        Kernel k = Kernel.current();
        if (c.func == null) {
            throw k.panic("callout_schedule: callout was never reset");
        }
        return schedule(k, c, ticks);
    }

    private static int schedule(Kernel k, Callout c, int ticks) {
        long at = k.machine().clock().now() + k.ticksToCycles(Math.max(1, ticks));
        CalloutFunc f = c.func;
        Object a = c.arg;
        return k.callouts().reset(c.entry, at, () -> f.call(a), f, "a callout") ? 1 : 0;
    }

    /** callout_stop(c). */
    public static int callout_stop(Callout c) {
        return Kernel.current().callouts().stop(c.entry);
    }

    /**
     * callout_drain(c): callout_stop that also waits for a running function to finish. A callout function never
     * sleeps, so on this one-CPU machine it cannot be in the middle of running when another thread drains it.
     */
    public static int callout_drain(Callout c) {
        Kernel k = Kernel.current();
        k.synch().checkMaySleep("callout_drain", "codrain");
        return k.callouts().stop(c.entry);
    }

    /** callout_pending(c): scheduled and not yet started. */
    public static boolean callout_pending(Callout c) {
        return c.entry.pending();
    }

    /** callout_active(c): set by reset, cleared by stop, drain and callout_deactivate, not by running. */
    public static boolean callout_active(Callout c) {
        return c.entry.active();
    }

    /** callout_deactivate(c). */
    public static void callout_deactivate(Callout c) {
        c.entry.deactivate();
    }
}
