package org.kld86.kernel.sync;

import static org.kld86.kpi.Errno.ERESTART;
import static org.kld86.kpi.Errno.EWOULDBLOCK;

import java.util.HashMap;
import java.util.Map;
import org.kld86.kernel.Kernel;
import org.kld86.kernel.proc.KThread;
import org.kld86.kernel.proc.Scheduler;

/**
 * kern_synch.c: _sleep() and wakeup() as the KPI's sleep primitives use them, on top of the scheduler's sleep
 * queues: the interrupt-context checks with the rule named, the interlock dropped and retaken around the sleep,
 * ticks turned into virtual time, and the sleep queue's verdict turned into FreeBSD's return values.
 *
 * <p>Wait channels: a C driver sleeps on an address ({@code tsleep(&sc->sc_busy, ...)}), a Java driver on an
 * object or on a guest address held in a long. Objects are channels by identity; numbers by value, so that two
 * boxings of the same address are the same channel.
 *
 * <p>A timeout of {@code timo} ticks expires exactly {@code timo} / hz after the call: this kernel is tickless, so
 * there is no rounding to the next hardclock as FreeBSD's C_HARDCLOCK does.
 */
public final class Synch {

    /** An interlock dropped while sleeping and retaken after (msleep's mutex, cv_wait's mutex). */
    public interface Interlock {
        void release();

        void reacquire();
    }

    private final Kernel kernel;
    private final Scheduler scheduler;
    /** Channels given as numbers (guest addresses), by value. */
    private final Map<Long, Object> addressChannels = new HashMap<>();

    public Synch(Kernel kernel) {
        this.kernel = kernel;
        this.scheduler = kernel.scheduler();
    }

    /** The scheduler's channel for {@code chan}: itself, or for a number, one object per value. */
    public Object channel(Object chan) {
        if (chan instanceof Number n) {
            return addressChannels.computeIfAbsent(n.longValue(), k -> new Object());
        }
        return chan;
    }

    /**
     * Panics if the caller may not sleep here, naming the rule: in interrupt context a filter (or any interrupt
     * handler) must not sleep; a callout runs in softclock context and must not sleep either. Interrupt threads
     * and held spin locks are caught by the scheduler itself (their rules are on the thread).
     */
    public void checkMaySleep(String function, String wmesg) {
        if (kernel.callouts().inSoftclock()) {
            throw kernel.panic("%s: sleeping on \"%s\" in a callout: callouts run in softclock context and must not sleep",
                    function, wmesg);
        }
        if (kernel.machine().cpu().interruptNesting() > 0) {
            throw kernel.panic("%s: sleeping on \"%s\" in interrupt context: an interrupt filter must not sleep",
                    function, wmesg);
        }
    }

    /**
     * _sleep(): sleeps on {@code chan} with {@code interlock} (may be null) dropped, for at most {@code timoTicks}
     * ticks (0: forever); with {@code catchSignals} (PCATCH) a signal ends the sleep. Unless {@code dropInterlock}
     * (PDROP) the interlock is held again on return, whatever the outcome.
     *
     * @return 0 when woken, EWOULDBLOCK when the timeout expired, ERESTART when a signal arrived (the process's
     *         signals have no handlers, so none asked for EINTR with SA_RESTART cleared)
     */
    public int sleep(String function, Object chan, Interlock interlock, boolean catchSignals, boolean dropInterlock,
            String wmesg, long timoTicks) {
        checkMaySleep(function, wmesg);
        if (chan == null) {
            throw kernel.panic("%s: sleeping on a NULL wait channel (\"%s\")", function, wmesg);
        }
        if (timoTicks < 0) {
            throw kernel.panic("%s: negative timeout %d (\"%s\")", function, timoTicks, wmesg);
        }
        Object key = channel(chan);
        if (interlock != null) {
            interlock.release();
        }
        Scheduler.Wakeup w;
        try {
            w = scheduler.sleep(key, wmesg, kernel.ticksToCycles(timoTicks), catchSignals ? Scheduler.SLEEP_CATCH : 0);
        } finally {
            forget(chan, key);
        }
        if (interlock != null && !dropInterlock) {
            interlock.reacquire();
        }
        return switch (w) {
            case WOKEN -> 0;
            case TIMED_OUT -> EWOULDBLOCK;
            case INTERRUPTED -> ERESTART;
        };
    }

    /** Blocks on a lock's owner (a turnstile wait): allowed in an interrupt thread, not in interrupt context. */
    public Scheduler.Wakeup block(String function, Object lock, String wmesg, boolean catchSignals) {
        checkMaySleep(function, wmesg);
        int flags = Scheduler.SLEEP_LOCK | (catchSignals ? Scheduler.SLEEP_CATCH : 0);
        return scheduler.sleep(lock, wmesg, 0, flags);
    }

    /** wakeup(9): every thread sleeping on {@code chan}. Allowed anywhere, interrupt context included. */
    public void wakeup(Object chan) {
        Object key = channel(chan);
        scheduler.wakeup(key);
        forget(chan, key);
    }

    /** wakeup_one(9): the thread that has slept longest on {@code chan}. */
    public void wakeupOne(Object chan) {
        Object key = channel(chan);
        scheduler.wakeupOne(key);
        forget(chan, key);
    }

    private void forget(Object chan, Object key) {
        if (chan instanceof Number n && !scheduler.hasSleepers(key)) {
            addressChannels.remove(n.longValue());
        }
    }

    /** The thread that is running (for lock owners). */
    public KThread current() {
        return scheduler.current();
    }

    public Kernel kernel() {
        return kernel;
    }
}
