package org.kld86.kpi;

import static org.kld86.kpi.Errno.EWOULDBLOCK;

import org.kld86.kernel.Kernel;

/**
 * condvar(9): struct cv and cv_init, cv_wait, cv_wait_sig, cv_timedwait, cv_timedwait_sig, cv_signal,
 * cv_broadcast, cv_destroy (FreeBSD sys/kern/kern_condvar.c).
 *
 * <p>A thread waits on a condition variable with a mutex held; the wait releases the mutex, sleeps, and takes the
 * mutex back before returning, whatever woke it. cv_signal wakes the longest waiter, cv_broadcast all of them.
 * The sleep's wait message is the cv's description. Returns: 0 when signalled; EWOULDBLOCK when a timed wait
 * ran out; ERESTART when an interruptible (_sig) wait was ended by a signal.
 *
 * <p>Trap: a signal or broadcast with no waiter is lost; always wait in a loop that tests the condition under the
 * mutex. Waiting is sleeping, so the interrupt-context rules of sleep(9) apply.
 */
public final class Cv {

    private String description;
    private int waiters;
    private boolean initialized;

    public Cv() {
    }

    /** cv_init(cv, desc). */
    public static void cv_init(Cv cv, String desc) {
        cv.description = desc;
        cv.waiters = 0;
        cv.initialized = true;
    }

    /** cv_destroy(cv): no thread may still wait on it. */
    public static void cv_destroy(Cv cv) {
        Kernel k = Kernel.current();
        if (k.options().invariants() && cv.waiters != 0) {
            throw k.panic("cv_destroy: %s has %d waiters", cv.description, cv.waiters);
        }
        cv.initialized = false;
    }

    /** cv_wmesg(cv): the description. */
    public static String cv_wmesg(Cv cv) {
        return cv.description;
    }

    /** cv_wait(cv, mtx). */
    public static void cv_wait(Cv cv, Mtx mtx) {
        wait(cv, mtx, false, 0, "cv_wait");
    }

    /** cv_wait_sig(cv, mtx): 0, or ERESTART if a signal ended the wait. */
    public static int cv_wait_sig(Cv cv, Mtx mtx) {
        return wait(cv, mtx, true, 0, "cv_wait_sig");
    }

    /** cv_timedwait(cv, mtx, timo): 0, or EWOULDBLOCK after {@code timo} ticks. */
    public static int cv_timedwait(Cv cv, Mtx mtx, int timo) {
        return wait(cv, mtx, false, Math.max(1, timo), "cv_timedwait");
    }

    /** cv_timedwait_sig(cv, mtx, timo): 0, EWOULDBLOCK or ERESTART. */
    public static int cv_timedwait_sig(Cv cv, Mtx mtx, int timo) {
        return wait(cv, mtx, true, Math.max(1, timo), "cv_timedwait_sig");
    }

    /** cv_signal(cv): wakes the longest waiter. */
    public static void cv_signal(Cv cv) {
        if (cv.waiters > 0) {
            Kernel.current().synch().wakeupOne(cv);
        }
    }

    /** cv_broadcast(cv): wakes every waiter. */
    public static void cv_broadcast(Cv cv) {
        if (cv.waiters > 0) {
            Kernel.current().synch().wakeup(cv);
        }
    }

    private static int wait(Cv cv, Mtx mtx, boolean catchSignals, int timo, String function) {
        Kernel k = Kernel.current();
        if (!cv.initialized) {
            throw k.panic("%s: condition variable not initialized", function);
        }
        if (mtx == null || !Mtx.mtx_owned(mtx)) {
            throw k.panic("mutex %s not owned at %s", mtx == null ? "NULL" : Mtx.mtx_name(mtx), function);
        }
        cv.waiters++;
        try {
            int error = k.synch().sleep(function, cv, mtx.interlock(), catchSignals, false, cv.description, timo);
            return timo > 0 || error != EWOULDBLOCK ? error : 0;
        } finally {
            cv.waiters--;
        }
    }
}
