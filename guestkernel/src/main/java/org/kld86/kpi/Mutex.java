package org.kld86.kpi;

import static org.kld86.kpi.Errno.EINTR;

import org.kld86.kernel.Kernel;
import org.kld86.kernel.proc.KThread;
import org.kld86.kernel.sync.SleepLock;

/**
 * struct mutex and linux/mutex.h: mutex_init, mutex_lock, mutex_lock_interruptible, mutex_trylock, mutex_unlock,
 * mutex_is_locked, mutex_destroy (with CONFIG_DEBUG_MUTEXES's checks).
 *
 * <p>A sleeping lock: a thread that finds it held sleeps until it is handed the lock, first come first served.
 * mutex_lock_interruptible returns -EINTR if a signal arrives first; a driver usually turns that into
 * {@code -ERESTARTSYS}. Only the holder may unlock it (a WARN otherwise); locking it twice in one thread would
 * deadlock and is a panic here.
 *
 * <p>Trap: it may sleep, so never in interrupt context, in a timer, or with a spin lock held (might_sleep).
 */
public final class Mutex {

    private final SleepLock lock = new SleepLock();

    public Mutex() {
    }

    /** mutex_init(lock): unlocked. */
    public static void mutex_init(Mutex m) {
        m.lock.clear();
    }

    public static void mutex_lock(Mutex m) {
        lock(m, false);
    }

    /** mutex_lock_interruptible(lock): 0, or -EINTR if a signal ended the wait. */
    public static int mutex_lock_interruptible(Mutex m) {
        return lock(m, true) ? 0 : -EINTR;
    }

    private static boolean lock(Mutex m, boolean interruptible) {
        Kernel k = Kernel.current();
        LinuxChecks.mightSleep(k);
        KThread me = k.scheduler().current();
        if (m.lock.owner() == me) {
            throw k.panic("possible recursive locking detected: %s/%d is trying to acquire a mutex it already holds",
                    me.name(), me.tid());
        }
        return m.lock.acquire(k.synch(), "mutex_lock", "mutex", interruptible);
    }

    /** mutex_trylock(lock): 1 if taken, 0 if held. */
    public static int mutex_trylock(Mutex m) {
        return m.lock.tryAcquire(Kernel.current().scheduler().current()) ? 1 : 0;
    }

    /** mutex_unlock(lock): the longest waiter gets it next. */
    public static void mutex_unlock(Mutex m) {
        Kernel k = Kernel.current();
        KThread me = k.scheduler().current();
        if (m.lock.owner() == null) {
            LinuxChecks.warn(k, "DEBUG_LOCKS_WARN_ON(!mutex_is_locked(lock))");
            return;
        }
        if (m.lock.owner() != me) {
            LinuxChecks.warn(k, "DEBUG_LOCKS_WARN_ON(lock->owner != current)");
        }
        m.lock.release(k.synch());
    }

    public static boolean mutex_is_locked(Mutex m) {
        return m.lock.owner() != null;
    }

    /** mutex_destroy(lock): it must not be locked (a WARN otherwise). */
    public static void mutex_destroy(Mutex m) {
        if (m.lock.owner() != null) {
            LinuxChecks.warn(Kernel.current(), "DEBUG_LOCKS_WARN_ON(mutex_is_locked(lock))");
        }
    }
}
