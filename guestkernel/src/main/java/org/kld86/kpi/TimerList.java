package org.kld86.kpi;

import org.kld86.kernel.Kernel;
import org.kld86.kernel.sync.Callouts;

/**
 * struct timer_list and linux/timer.h (3.10): init_timer, setup_timer, add_timer, mod_timer, del_timer,
 * del_timer_sync, timer_pending.
 *
 * <p>A timer runs {@code function(data)} once, when jiffies reaches {@code expires} (an absolute jiffies value;
 * one already past runs at the next tick). It runs in softirq context: no sleeping, no GFP_KERNEL, no mutexes.
 * A timer left pending when its module is unloaded is cancelled with a warning.
 *
 * <p>Traps: add_timer on a pending timer is a BUG (use mod_timer); {@code expires} is in jiffies, so write
 * {@code jiffies() + HZ} for one second, never a count of milliseconds.
 */
public final class TimerList {

    /** The timer function: {@code void (*function)(unsigned long data)}. */
    @FunctionalInterface
    public interface TimerFunction {
        void call(long data);
    }

    public long expires;
    public TimerFunction function;
    public long data;
    private final Callouts.Entry entry = new Callouts.Entry();

    public TimerList() {
    }

    /** init_timer(timer). */
    public static void init_timer(TimerList timer) {
        if (timer.entry.pending()) {
            Kernel.current().callouts().stop(timer.entry);
        }
    }

    /** setup_timer(timer, function, data). */
    public static void setup_timer(TimerList timer, TimerFunction function, long data) {
        init_timer(timer);
        timer.function = function;
        timer.data = data;
    }

    /** add_timer(timer): starts a timer that is not pending, at {@code timer.expires}. */
    public static void add_timer(TimerList timer) {
        Kernel k = Kernel.current();
        if (timer.entry.pending()) {
            k.console().printf("------------[ cut here ]------------%n");
            k.console().printf("kernel BUG at kpi/TimerList.java add_timer()!%n");
            throw k.panic("add_timer: timer is already pending");
        }
        mod_timer(timer, timer.expires);
    }

    /** mod_timer(timer, expires): (re)starts the timer; 1 if it was pending, 0 if not. */
    public static int mod_timer(TimerList timer, long expires) {
        Kernel k = Kernel.current();
        if (timer.function == null) {
            throw k.panic("mod_timer: timer has no function");
        }
        timer.expires = expires & 0xFFFFFFFFL;
        TimerFunction f = timer.function;
        long d = timer.data;
        return k.callouts().reset(timer.entry, Jiffies.cyclesAtJiffy(k, timer.expires), () -> f.call(d), f, "a timer")
                ? 1 : 0;
    }

    /** del_timer(timer): 1 if it was pending, 0 if not. */
    public static int del_timer(TimerList timer) {
        return Kernel.current().callouts().stop(timer.entry) == 1 ? 1 : 0;
    }

    /** del_timer_sync(timer): del_timer that waits for a running function; on one CPU none can be mid-run. */
    public static int del_timer_sync(TimerList timer) {
        Kernel k = Kernel.current();
        if (k.inInterrupt()) {
            LinuxChecks.warn(k, "del_timer_sync: called in interrupt context");
        }
        return del_timer(timer);
    }

    /** timer_pending(timer). */
    public static boolean timer_pending(TimerList timer) {
        return timer.entry.pending();
    }
}
