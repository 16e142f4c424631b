package org.kld86.kernel.sync;

import java.util.ArrayDeque;
import org.kld86.kernel.proc.KThread;
import org.kld86.kernel.proc.Scheduler;

/**
 * The blocking part of a sleep lock (FreeBSD's turnstile under an MTX_DEF mutex, Linux's mutex wait list): an
 * owner and the threads waiting for it, first come first served.
 *
 * <p>Release hands the lock straight to the longest waiter, which then owns it before it even runs, as Linux's
 * mutex handoff and semaphore up() do. FreeBSD wakes the waiters and lets them contend; on this one-CPU machine,
 * where a switch happens only when a thread sleeps, the handoff gives the same order without letting the
 * releasing thread take the lock back at once and starve the others.
 */
public final class SleepLock {

    /** One waiting thread; {@code granted} once the lock was handed to it. */
    private static final class Waiter {
        final KThread thread;
        boolean granted;

        Waiter(KThread thread) {
            this.thread = thread;
        }
    }

    private KThread owner;
    private final ArrayDeque<Waiter> waiters = new ArrayDeque<>();

    public KThread owner() {
        return owner;
    }

    public boolean hasWaiters() {
        return !waiters.isEmpty();
    }

    /** Takes the lock if nobody holds it. */
    public boolean tryAcquire(KThread me) {
        if (owner == null) {
            owner = me;
            return true;
        }
        return false;
    }

    /**
     * Takes the lock, blocking on its owner with {@code wmesg} while it is held. With {@code interruptible} a
     * signal for the thread's process gives up the wait.
     *
     * @return true once the lock is held, false if a signal ended the wait
     */
    public boolean acquire(Synch synch, String function, String wmesg, boolean interruptible) {
        KThread me = synch.current();
        if (tryAcquire(me)) {
            return true;
        }
        Waiter w = new Waiter(me);
        waiters.add(w);
        for (;;) {
            Scheduler.Wakeup r = synch.block(function, w, wmesg, interruptible);
            if (w.granted) {
                return true;
            }
            if (r == Scheduler.Wakeup.INTERRUPTED) {
                waiters.remove(w);
                return false;
            }
        }
    }

    /** Releases the lock to the longest waiter, or makes it free. */
    public void release(Synch synch) {
        Waiter next = waiters.poll();
        if (next == null) {
            owner = null;
            return;
        }
        owner = next.thread;
        next.granted = true;
        synch.kernel().scheduler().wakeup(next);
    }

    /** Forgets the owner without handing over (a lock destroyed by its owner). */
    public void clear() {
        owner = null;
    }
}
