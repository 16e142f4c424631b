package org.kld86.kpi;

import static org.kld86.kpi.Errno.ERESTARTSYS;

import java.util.function.BooleanSupplier;
import org.kld86.kernel.Kernel;
import org.kld86.kernel.proc.Scheduler;

/**
 * linux/wait.h: wait_event and its variants, and wake_up (Linux 3.10 semantics).
 *
 * <p>{@code wait_event(wq, condition)} sleeps until the condition, a {@link BooleanSupplier} evaluated in the
 * waiting thread, is true; it is tested before each sleep and after each wakeup, so a wake_up that comes before
 * the wait is not lost as long as the condition it made true stays true. The interruptible forms return
 * {@code -ERESTARTSYS} when a signal arrives first (return it from your file operation); wake_up_interruptible
 * wakes only those waiters. Timeouts are in jiffies: wait_event_timeout returns 0 if the time ran out with the
 * condition false, otherwise the jiffies that were left (at least 1).
 *
 * <p>Trap: waiting in interrupt context, with a spin lock held or with interrupts off is a bug (might_sleep).
 */
public final class Wait {

    private Wait() {
    }

    /** init_waitqueue_head(q): a head made with {@code new} is ready; this is for symmetry with C. */
    public static void init_waitqueue_head(WaitQueueHead q) {
    }

    /** wait_event(q, condition): uninterruptible. */
    public static void wait_event(WaitQueueHead q, BooleanSupplier condition) {
        Kernel k = Kernel.current();
        LinuxChecks.mightSleep(k);
        while (!condition.getAsBoolean()) {
            sleep(k, q, false);
        }
    }

    /** wait_event_interruptible(q, condition): 0, or -ERESTARTSYS if a signal came first. */
    public static int wait_event_interruptible(WaitQueueHead q, BooleanSupplier condition) {
        Kernel k = Kernel.current();
        LinuxChecks.mightSleep(k);
        for (;;) {
            if (condition.getAsBoolean()) {
                return 0;
            }
            if (sleep(k, q, true) == Scheduler.Wakeup.INTERRUPTED && !condition.getAsBoolean()) {
                return -ERESTARTSYS;
            }
        }
    }

    /** wait_event_timeout(q, condition, timeout): 0 if it timed out with the condition false, else jiffies left. */
    public static long wait_event_timeout(WaitQueueHead q, BooleanSupplier condition, long timeout) {
        Kernel k = Kernel.current();
        LinuxChecks.mightSleep(k);
        long ret = timeout;
        if (!condition.getAsBoolean()) {
            for (;;) {
                if (condition.getAsBoolean()) {
                    break;
                }
                ret = timed(k, q, ret, false)[0];
                if (ret == 0) {
                    break;
                }
            }
            if (ret == 0 && condition.getAsBoolean()) {
                ret = 1;
            }
        }
        return ret;
    }

    /** wait_event_interruptible_timeout(q, condition, timeout): as wait_event_timeout, or -ERESTARTSYS. */
    public static long wait_event_interruptible_timeout(WaitQueueHead q, BooleanSupplier condition, long timeout) {
        Kernel k = Kernel.current();
        LinuxChecks.mightSleep(k);
        long ret = timeout;
        if (!condition.getAsBoolean()) {
            for (;;) {
                if (condition.getAsBoolean()) {
                    break;
                }
                long[] r = timed(k, q, ret, true);
                if (r[1] != 0 && !condition.getAsBoolean()) {
                    return -ERESTARTSYS;
                }
                ret = r[0];
                if (ret == 0) {
                    break;
                }
            }
            if (ret == 0 && condition.getAsBoolean()) {
                ret = 1;
            }
        }
        return ret;
    }

    /** wake_up(q): every waiter, interruptible or not. */
    public static void wake_up(WaitQueueHead q) {
        Kernel k = Kernel.current();
        k.scheduler().wakeup(q.uninterruptible);
        k.scheduler().wakeup(q.interruptible);
    }

    /** wake_up_all(q): the same here, since no waiter is exclusive. */
    public static void wake_up_all(WaitQueueHead q) {
        wake_up(q);
    }

    /** wake_up_interruptible(q): only waiters in the interruptible forms. */
    public static void wake_up_interruptible(WaitQueueHead q) {
        Kernel.current().scheduler().wakeup(q.interruptible);
    }

    public static void wake_up_interruptible_all(WaitQueueHead q) {
        wake_up_interruptible(q);
    }

    /** waitqueue_active(q): whether anyone waits. */
    public static boolean waitqueue_active(WaitQueueHead q) {
        return q.waiters > 0;
    }

    private static Scheduler.Wakeup sleep(Kernel k, WaitQueueHead q, boolean interruptible) {
        q.waiters++;
        try {
            return k.scheduler().sleep(interruptible ? q.interruptible : q.uninterruptible, "wait_event", 0,
                    interruptible ? Scheduler.SLEEP_CATCH : 0);
        } finally {
            q.waiters--;
        }
    }

    private static long[] timed(Kernel k, WaitQueueHead q, long timeout, boolean interruptible) {
        q.waiters++;
        try {
            return Delay.scheduleTimeout(k, interruptible ? q.interruptible : q.uninterruptible, "wait_event",
                    timeout, interruptible);
        } finally {
            q.waiters--;
        }
    }
}
