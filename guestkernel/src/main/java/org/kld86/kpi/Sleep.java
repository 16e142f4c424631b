package org.kld86.kpi;

import org.kld86.kernel.Kernel;

/**
 * sleep(9): tsleep, msleep, pause, wakeup and wakeup_one (FreeBSD sys/kern/kern_synch.c), and DELAY.
 *
 * <p>A thread sleeps on a wait channel, any object or a guest address in a long, until another thread or an
 * interrupt handler calls {@link #wakeup} on the same channel, until {@code timo} ticks pass (0: no timeout;
 * hz is {@value #HZ}), or, with {@link #PCATCH} in the priority, until a signal arrives for its process. The
 * return value says which: 0, {@link Errno#EWOULDBLOCK}, or {@link Errno#ERESTART} for a signal (this kernel's
 * processes have no signal handlers, so no sleep is asked to return EINTR instead). The priority's low byte is
 * accepted and ignored: one thread runs at a time, first come first served.
 *
 * <p>Traps: sleeping is forbidden in an interrupt filter, in a callout and in an interrupt thread's handler, and
 * with a spin mutex held; each is a panic naming the rule. A wakeup is not remembered: a thread that goes to
 * sleep after the wakeup it waits for sleeps forever, so test the condition and sleep with msleep's mutex held.
 */
public final class Sleep {

    private Sleep() {
    }

    /** kern.hz: ticks per second. */
    public static final int HZ = Kernel.HZ;

    /** sys/priority.h (PRI_MIN_KERN 80). */
    public static final int PSWP = 80;
    public static final int PVM = 84;
    public static final int PINOD = 88;
    public static final int PRIBIO = 92;
    public static final int PVFS = 96;
    public static final int PZERO = 100;
    public static final int PSOCK = 104;
    public static final int PWAIT = 108;
    public static final int PLOCK = 112;
    public static final int PPAUSE = 116;
    public static final int PUSER = 120;
    /** sys/param.h: the priority bits, and the flags or'ed into a priority. */
    public static final int PRIMASK = 0x0ff;
    public static final int PCATCH = 0x100;
    public static final int PDROP = 0x200;

    /** The global {@code ticks}: ticks since boot. */
    public static int ticks() {
        Kernel k = Kernel.current();
        return (int) (k.machine().clock().now() / k.ticksToCycles(1));
    }

    /** hz, as a function for code that reads it like the variable. */
    public static int hz() {
        return HZ;
    }

    /** tsleep(chan, priority, wmesg, timo): msleep without a mutex. */
    public static int tsleep(Object chan, int priority, String wmesg, int timo) {
        return Kernel.current().synch().sleep("tsleep", chan, null, (priority & PCATCH) != 0, false, wmesg, timo);
    }

    /**
     * msleep(chan, mtx, priority, wmesg, timo): sleeps with {@code mtx} released, and holds it again on return
     * unless {@link #PDROP} is given. Test the condition with the mutex held and a wakeup cannot be missed.
     */
    public static int msleep(Object chan, Mtx mtx, int priority, String wmesg, int timo) {
        return Kernel.current().synch().sleep("msleep", chan, mtx == null ? null : mtx.interlock(),
                (priority & PCATCH) != 0, (priority & PDROP) != 0, wmesg, timo);
    }

    /** msleep_spin(chan, mtx, wmesg, timo): msleep with a spin mutex as the interlock. */
    public static int msleep_spin(Object chan, Mtx mtx, String wmesg, int timo) {
        return Kernel.current().synch().sleep("msleep_spin", chan, mtx.interlock(), false, false, wmesg, timo);
    }

    /**
     * pause(wmesg, timo): sleeps for {@code timo} ticks on a channel nobody wakes; a timo below 1 is taken as 1.
     * Returns EWOULDBLOCK, as the underlying timed sleep does.
     */
    public static int pause(String wmesg, int timo) {
        return Kernel.current().synch().sleep("pause", new Object(), null, false, false, wmesg, Math.max(1, timo));
    }

    /** wakeup(chan): every thread sleeping on {@code chan}. Allowed in interrupt context. */
    public static void wakeup(Object chan) {
        Kernel.current().synch().wakeup(chan);
    }

    /** wakeup_one(chan): the thread that has slept longest on {@code chan}. */
    public static void wakeup_one(Object chan) {
        Kernel.current().synch().wakeupOne(chan);
    }

    /**
     * DELAY(usec): spins for {@code usec} microseconds of virtual time. Time passes and devices act (interrupts are
     * taken if they are enabled); the thread does not give up the CPU. Allowed anywhere, and a bad idea for long.
     */
    public static void DELAY(int usec) {
        var m = Kernel.current().machine();
        m.cpu().safepoint(m.clock().cyclesForNanos(Math.max(0, usec) * 1000L));
    }
}
