package org.kld86.kpi;

import static org.kld86.kpi.Errno.EINTR;

import java.util.ArrayDeque;
import org.kld86.kernel.Kernel;
import org.kld86.kernel.proc.Scheduler;

/**
 * struct semaphore and linux/semaphore.h (kernel/semaphore.c): sema_init, down, down_interruptible,
 * down_trylock, up.
 *
 * <p>down takes one unit of the count, sleeping while it is 0; up gives one back, straight to the longest
 * sleeper if there is one. down_interruptible returns -EINTR when a signal arrives first (LDD3's drivers then
 * return -ERESTARTSYS themselves); down_trylock returns 0 on success and 1 when it would have to sleep, the
 * reverse of mutex_trylock.
 *
 * <p>Trap: down may sleep (might_sleep); up is fine anywhere, interrupt context included.
 */
public final class Semaphore {

    private static final class Waiter {
        boolean up;
    }

    private int count;
    private final ArrayDeque<Waiter> waiters = new ArrayDeque<>();

    public Semaphore() {
    }

    /** sema_init(sem, val). */
    public static void sema_init(Semaphore sem, int val) {
        sem.count = val;
        sem.waiters.clear();
    }

    public static void down(Semaphore sem) {
        down(sem, false);
    }

    /** down_interruptible(sem): 0, or -EINTR if a signal ended the wait. */
    public static int down_interruptible(Semaphore sem) {
        return down(sem, true) ? 0 : -EINTR;
    }

    /** down_trylock(sem): 0 if it took a unit, 1 if none was free. */
    public static int down_trylock(Semaphore sem) {
        if (sem.count > 0) {
            sem.count--;
            return 0;
        }
        return 1;
    }

    private static boolean down(Semaphore sem, boolean interruptible) {
        Kernel k = Kernel.current();
        LinuxChecks.mightSleep(k);
        if (sem.count > 0) {
            sem.count--;
            return true;
        }
        Waiter w = new Waiter();
        sem.waiters.add(w);
        for (;;) {
            Scheduler.Wakeup r = k.scheduler().sleep(w, "semaphore", 0, interruptible ? Scheduler.SLEEP_CATCH : 0);
            if (w.up) {
                return true;
            }
            if (r == Scheduler.Wakeup.INTERRUPTED) {
                sem.waiters.remove(w);
                return false;
            }
        }
    }

    /** up(sem). */
    public static void up(Semaphore sem) {
        Waiter w = sem.waiters.poll();
        if (w == null) {
            sem.count++;
            return;
        }
        w.up = true;
        Kernel.current().scheduler().wakeup(w);
    }

    /** The count, for tests and debugging (sem->count). */
    public static int sema_count(Semaphore sem) {
        return sem.count;
    }
}
