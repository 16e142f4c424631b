package org.kld86.kernel.sync;

import java.util.IdentityHashMap;
import java.util.Map;
import java.util.function.Function;
import org.kld86.emulator.cpu.Cpu;
import org.kld86.kernel.Kernel;
import org.kld86.kernel.proc.KThread;

/**
 * spinlock_enter()/spinlock_exit() (FreeBSD sys/i386/i386/machdep.c): the per-thread nesting count of spin locks
 * held, with interrupts disabled from the first one to the last. Spin mutexes (MTX_SPIN) and Linux's
 * spin_lock_irqsave build on this.
 *
 * <p>While the count is above zero the thread must not sleep: a sleep would switch away with interrupts off and
 * the lock held, and every other thread that wants the lock would spin forever. Each level pushes its own rule on
 * the thread ({@link KThread#forbidSleep}), so the panic names the innermost lock.
 *
 * <p>The count belongs to the thread that was running when the lock was taken: a filter that takes a spin lock
 * counts on the thread it interrupted, as td_md.md_spinlock_count does. Callouts that fell due while interrupts
 * were off run when the outermost level is left ({@link Callouts#runDeferred()}), as a held-off timer interrupt
 * would be taken at that moment.
 */
public final class CriticalSections {

    /** The saved interrupt flag and depth of one thread (md_saved_flags, md_spinlock_count, preempt_count). */
    private static final class Depth {
        int count;
        boolean savedInterrupts;
        int preempt;
    }

    private final Kernel kernel;
    private final Cpu cpu;
    private final Map<KThread, Depth> depths = new IdentityHashMap<>();

    public CriticalSections(Kernel kernel) {
        this.kernel = kernel;
        this.cpu = kernel.machine().cpu();
    }

    /**
     * spinlock_enter(): disables interrupts on the first level and forbids the thread to sleep until the matching
     * {@link #exit()}; {@code sleepRule} turns the wait message of a forbidden sleep into the panic message.
     */
    public void enter(Function<String, String> sleepRule) {
        KThread t = kernel.scheduler().current();
        Depth d = depths.computeIfAbsent(t, k -> new Depth());
        if (d.count++ == 0) {
            d.savedInterrupts = cpu.interruptsEnabled();
            cpu.setInterruptsEnabled(false);
        }
        if (t != null) {
            t.forbidSleep(sleepRule, false);
        }
    }

    /** spinlock_exit(): the last level restores the interrupt flag the first one saved. */
    public void exit() {
        KThread t = kernel.scheduler().current();
        Depth d = depths.get(t);
        if (d == null || d.count == 0) {
            throw kernel.panic("spinlock_exit: not in a critical section");
        }
        if (t != null) {
            t.allowSleep();
        }
        if (--d.count == 0) {
            if (d.preempt == 0) {
                depths.remove(t);
            }
            cpu.setInterruptsEnabled(d.savedInterrupts);
            if (d.savedInterrupts && cpu.interruptNesting() == 0) {
                kernel.callouts().runDeferred();
            }
        }
    }

    /**
     * preempt_disable() as a Linux spin_lock without _irq does it: the thread may not sleep, interrupts stay as
     * they are.
     */
    public void preemptDisable(Function<String, String> sleepRule) {
        KThread t = kernel.scheduler().current();
        depths.computeIfAbsent(t, k -> new Depth()).preempt++;
        if (t != null) {
            t.forbidSleep(sleepRule, false);
        }
    }

    /** preempt_enable(). */
    public void preemptEnable() {
        KThread t = kernel.scheduler().current();
        Depth d = depths.get(t);
        if (d == null || d.preempt == 0) {
            throw kernel.panic("preempt_enable: preemption is not disabled");
        }
        if (t != null) {
            t.allowSleep();
        }
        if (--d.preempt == 0 && d.count == 0) {
            depths.remove(t);
        }
    }

    /** How many spin locks and preempt-disabled sections the current thread is in (Linux's preempt count). */
    public int depth() {
        Depth d = depths.get(kernel.scheduler().current());
        return d == null ? 0 : d.count + d.preempt;
    }
}
