package org.kld86.kpi;

import org.kld86.kernel.Kernel;
import org.kld86.kernel.proc.Scheduler;

/**
 * linux/delay.h and the schedule_timeout family of linux/sched.h: sleeping for a while (msleep, ssleep,
 * msleep_interruptible, schedule_timeout_*) and busy-waiting (udelay, ndelay, mdelay).
 *
 * <p>Sleeps end at a tick: schedule_timeout(t) wakes when jiffies reaches the value it had plus t, so it lasts
 * less than t ticks when called between ticks; msleep(m) therefore sleeps msecs_to_jiffies(m) + 1 ticks, as
 * Linux does, to last at least m ms. Sleeping in interrupt context, with a spin lock held or with interrupts off
 * is the might_sleep splat and a panic. udelay and friends spin in virtual time and are allowed anywhere.
 */
public final class Delay {

    private Delay() {
    }

    /** msleep(msecs): sleeps at least {@code msecs} ms; signals do not end it. */
    public static void msleep(int msecs) {
        Kernel k = Kernel.current();
        LinuxChecks.mightSleep(k);
        long timeout = Jiffies.msecs_to_jiffies(msecs) + 1;
        while (timeout > 0) {
            timeout = scheduleTimeout(k, timeout, false)[0];
        }
    }

    /** msleep_interruptible(msecs): 0, or the ms that were left when a signal ended the sleep. */
    public static long msleep_interruptible(int msecs) {
        Kernel k = Kernel.current();
        LinuxChecks.mightSleep(k);
        long timeout = Jiffies.msecs_to_jiffies(msecs) + 1;
        while (timeout > 0) {
            long[] r = scheduleTimeout(k, timeout, true);
            timeout = r[0];
            if (r[1] != 0) {
                break;
            }
        }
        return Jiffies.jiffies_to_msecs(timeout);
    }

    public static void ssleep(int secs) {
        msleep(secs * 1000);
    }

    /** schedule_timeout_uninterruptible(timeout): sleeps {@code timeout} jiffies; returns the jiffies left (0). */
    public static long schedule_timeout_uninterruptible(long timeout) {
        Kernel k = Kernel.current();
        LinuxChecks.mightSleep(k);
        return scheduleTimeout(k, timeout, false)[0];
    }

    /** schedule_timeout_interruptible(timeout): the jiffies left, non-zero if a signal ended the sleep early. */
    public static long schedule_timeout_interruptible(long timeout) {
        Kernel k = Kernel.current();
        LinuxChecks.mightSleep(k);
        return scheduleTimeout(k, timeout, true)[0];
    }

    public static void udelay(long usecs) {
        spin(usecs * 1000);
    }

    public static void ndelay(long nsecs) {
        spin(nsecs);
    }

    public static void mdelay(long msecs) {
        spin(msecs * 1_000_000);
    }

    private static void spin(long nanos) {
        var m = Kernel.current().machine();
        m.cpu().safepoint(m.clock().cyclesForNanos(Math.max(0, nanos)));
    }

    /**
     * schedule_timeout on {@code chan} (a fresh channel if null): sleeps until jiffies reaches its value now plus
     * {@code timeout}, or a wakeup, or (if {@code interruptible}) a signal.
     *
     * @return {jiffies left, 1 if a signal ended it}
     */
    static long[] scheduleTimeout(Kernel k, long timeout, boolean interruptible) {
        return scheduleTimeout(k, null, "schedule_timeout", timeout, interruptible);
    }

    static long[] scheduleTimeout(Kernel k, Object chan, String wmesg, long timeout, boolean interruptible) {
        if (timeout <= 0) {
            return new long[] {0, 0};
        }
        Object c = chan == null ? new Object() : chan;
        int flags = interruptible ? Scheduler.SLEEP_CATCH : 0;
        if (timeout >= Jiffies.MAX_SCHEDULE_TIMEOUT) {
            Scheduler.Wakeup w = k.scheduler().sleep(c, wmesg, 0, flags);
            return new long[] {timeout, w == Scheduler.Wakeup.INTERRUPTED ? 1 : 0};
        }
        long tick = k.ticksToCycles(1);
        long expireTicks = Jiffies.ticksSinceBoot(k) + timeout;
        long sleepCycles = Math.max(1, expireTicks * tick - k.machine().clock().now());
        Scheduler.Wakeup w = k.scheduler().sleep(c, wmesg, sleepCycles, flags);
        long left = Math.max(0, expireTicks - Jiffies.ticksSinceBoot(k));
        return new long[] {left, w == Scheduler.Wakeup.INTERRUPTED ? 1 : 0};
    }
}
