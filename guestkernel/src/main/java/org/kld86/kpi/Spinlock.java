package org.kld86.kpi;

import org.kld86.kernel.Kernel;
import org.kld86.kernel.proc.KThread;

/**
 * spinlock_t and linux/spinlock.h: spin_lock_init, spin_lock/spin_unlock, spin_lock_irq/spin_unlock_irq,
 * spin_lock_irqsave/spin_unlock_irqrestore, spin_trylock, spin_is_locked (with CONFIG_DEBUG_SPINLOCK's checks).
 *
 * <p>While a spin lock is held the thread must not sleep ("scheduling while atomic"). spin_lock leaves
 * interrupts as they are, so a lock that an interrupt handler also takes must be taken with the _irq or
 * _irqsave forms outside the handler: otherwise the handler, interrupting the holder, spins on it forever,
 * which the debug check reports as "spinlock recursion".
 *
 * <p>C's spin_lock_irqsave is a macro that stores into its {@code flags} argument; here it returns the flags:
 * {@code long flags = spin_lock_irqsave(lock); ... spin_unlock_irqrestore(lock, flags);}.
 */
public final class Spinlock {

    /** X86_EFLAGS_IF: the interrupt flag bit in the saved flags. */
    public static final long X86_EFLAGS_IF = 0x200;

    private KThread owner;

    public Spinlock() {
    }

    /** spin_lock_init(lock): unlocked. */
    public static void spin_lock_init(Spinlock lock) {
        lock.owner = null;
    }

    /** spin_lock(lock): preemption off, interrupts unchanged. */
    public static void spin_lock(Spinlock lock) {
        Kernel k = Kernel.current();
        k.criticalSections().preemptDisable(wmesg -> atomicMessage(k));
        take(k, lock);
    }

    public static void spin_unlock(Spinlock lock) {
        Kernel k = Kernel.current();
        give(k, lock);
        k.criticalSections().preemptEnable();
    }

    /** spin_lock_bh(lock): bottom halves off, which on this kernel is spin_lock. */
    public static void spin_lock_bh(Spinlock lock) {
        spin_lock(lock);
    }

    public static void spin_unlock_bh(Spinlock lock) {
        spin_unlock(lock);
    }

    /** spin_lock_irq(lock): interrupts off, then the lock. */
    public static void spin_lock_irq(Spinlock lock) {
        Kernel k = Kernel.current();
        k.criticalSections().enter(wmesg -> atomicMessage(k));
        take(k, lock);
    }

    /** spin_unlock_irq(lock): the lock, then interrupts back as spin_lock_irq found them. */
    public static void spin_unlock_irq(Spinlock lock) {
        Kernel k = Kernel.current();
        give(k, lock);
        k.criticalSections().exit();
    }

    /** spin_lock_irqsave(lock): returns the flags to give spin_unlock_irqrestore. */
    public static long spin_lock_irqsave(Spinlock lock) {
        Kernel k = Kernel.current();
        long flags = k.machine().cpu().interruptsEnabled() ? X86_EFLAGS_IF : 0;
        k.criticalSections().enter(wmesg -> atomicMessage(k));
        take(k, lock);
        return flags;
    }

    /** spin_unlock_irqrestore(lock, flags). */
    public static void spin_unlock_irqrestore(Spinlock lock, long flags) {
        Kernel k = Kernel.current();
        give(k, lock);
        k.criticalSections().exit();
    }

    /** spin_trylock(lock): 1 if taken (preemption now off), 0 if held. */
    public static int spin_trylock(Spinlock lock) {
        if (lock.owner != null) {
            return 0;
        }
        spin_lock(lock);
        return 1;
    }

    public static boolean spin_is_locked(Spinlock lock) {
        return lock.owner != null;
    }

    private static void take(Kernel k, Spinlock lock) {
        KThread me = k.scheduler().current();
        if (lock.owner == me) {
            throw bug(k, "recursion");
        }
        if (lock.owner != null) {
            // One CPU: the holder cannot run until this thread stops spinning.
            throw bug(k, "lockup suspected");
        }
        lock.owner = me;
    }

    private static void give(Kernel k, Spinlock lock) {
        if (lock.owner == null) {
            throw bug(k, "already unlocked");
        }
        if (lock.owner != k.scheduler().current()) {
            throw bug(k, "wrong owner");
        }
        lock.owner = null;
    }

    /** spin_dump's first line, then the panic. */
    private static RuntimeException bug(Kernel k, String what) {
        KThread t = k.scheduler().current();
        String line = String.format("BUG: spinlock %s on CPU#0, %s/%d", what, t.name(), t.tid());
        k.console().printf("%s%n", line);
        return k.panic("%s", line);
    }

    /** __schedule_bug: the preempt count is the locks held plus schedule's own. */
    private static String atomicMessage(Kernel k) {
        KThread t = k.scheduler().current();
        return String.format("BUG: scheduling while atomic: %s/%d/0x%08x", t.name(), t.tid(),
                k.criticalSections().depth() + 1);
    }
}
