package org.kld86.kpi;

import org.kld86.kernel.Kernel;
import org.kld86.kernel.proc.KThread;
import org.kld86.kernel.proc.Proc;

/**
 * sleep(9): a thread waits on a channel until another wakes the channel ({@code tsleep}/{@code wakeup}). The
 * channel is any object both sides agree on, compared by identity, as C compares the address: usually the
 * softc, or the cdev.
 *
 * <pre>
 * while (sc.count == 0) {                                   // d_read
 *     int error = tsleep(sc, PRIBIO | PCATCH, "echord", 0);
 *     if (error != 0) return error;                         // EINTR: a signal came
 * }
 * ...
 * sc.count += n; wakeup(sc);                                // d_write
 * </pre>
 *
 * Trap: a wakeup with nobody asleep is lost, so test the condition in a loop around tsleep. Sleeping is
 * forbidden in an interrupt handler (the kernel panics).
 */
public final class Sleep {

    private Sleep() {
    }

    /** Priorities (sys/priority.h), kept for fidelity: there is one CPU and a FIFO run queue. */
    public static final int PSWP = 0;
    public static final int PVM = 4;
    public static final int PINOD = 8;
    public static final int PRIBIO = 16;
    public static final int PVFS = 20;
    public static final int PZERO = 22;
    public static final int PSOCK = 24;
    public static final int PWAIT = 32;
    public static final int PLOCK = 36;
    public static final int PPAUSE = 40;
    public static final int PUSER = 80;
    /** Or into the priority: a signal ends the sleep (EINTR). */
    public static final int PCATCH = 0x100;

    /**
     * tsleep(): sleeps on {@code chan} for at most {@code timo} ticks of {@link Kern#hz()} (0: no limit).
     *
     * @return 0 when woken, EWOULDBLOCK when the time ran out, EINTR when a signal ended a PCATCH sleep
     */
    public static int tsleep(Object chan, int priority, String wmesg, int timo) {
        Kernel k = Kernel.current();
        long cycles = timo <= 0 ? 0 : k.ticksToCycles(timo);
        KThread t = k.scheduler().current();
        Proc p = t == null ? null : t.proc();
        boolean woken;
        if ((priority & PCATCH) != 0) {
            if (p != null && p.pendingSignal() != 0) {
                return Errno.EINTR;
            }
            woken = k.scheduler().sleepInterruptible(chan, wmesg, cycles);
            if (p != null && p.pendingSignal() != 0) {
                return Errno.EINTR;
            }
        } else {
            woken = k.scheduler().sleep(chan, wmesg, cycles);
        }
        return woken ? 0 : Errno.EWOULDBLOCK;
    }

    /** pause(): sleeps {@code timo} ticks with nothing to wake it. */
    public static void pause(String wmesg, int timo) {
        tsleep(new Object(), PWAIT, wmesg, Math.max(1, timo));
    }

    /** wakeup(): every thread sleeping on {@code chan} becomes runnable. */
    public static void wakeup(Object chan) {
        Kernel.current().scheduler().wakeup(chan);
    }

    /** wakeup_one(): the thread that has slept longest on {@code chan}. */
    public static void wakeup_one(Object chan) {
        Kernel.current().scheduler().wakeupOne(chan);
    }
}
