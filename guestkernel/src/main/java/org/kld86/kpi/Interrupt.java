package org.kld86.kpi;

import org.kld86.kernel.Kernel;
import org.kld86.kernel.intr.Interrupts;

/**
 * linux/interrupt.h and irqflags.h: request_irq, free_irq, the irqreturn_t values, in_interrupt, and
 * local_irq_save/restore.
 *
 * <p>{@code request_irq(irq, handler, flags, name, dev_id)} hangs {@code handler} on the line; it is called with
 * (irq, dev_id) in interrupt context for every interrupt on the line and returns {@link #IRQ_HANDLED} if its
 * device interrupted, {@link #IRQ_NONE} if not. A line is shared only if every request says
 * {@link #IRQF_SHARED}, and then dev_id (not null) tells the handlers apart: free_irq(irq, dev_id) removes that
 * one. A line whose handlers keep saying IRQ_NONE is switched off ("nobody cared").
 *
 * <p>Traps: the handler must acknowledge a level-triggered (PCI) device, or it is called again at once; it must
 * not sleep: GFP_ATOMIC only, no mutexes, no wait_event. Free the IRQ before the module goes.
 */
public final class Interrupt {

    private Interrupt() {
    }

    /** irq_handler_t: {@code irqreturn_t handler(int irq, void *dev_id)}. */
    @FunctionalInterface
    public interface IrqHandler {
        int handle(int irq, Object devId);
    }

    public static final int IRQ_NONE = Interrupts.IRQ_NONE;
    public static final int IRQ_HANDLED = Interrupts.IRQ_HANDLED;
    public static final int IRQ_WAKE_THREAD = Interrupts.IRQ_WAKE_THREAD;
    /** request_irq flags (3.10). The trigger flags are accepted; the firmware set each line's trigger. */
    public static final long IRQF_TRIGGER_RISING = 0x00000001;
    public static final long IRQF_TRIGGER_FALLING = 0x00000002;
    public static final long IRQF_TRIGGER_HIGH = 0x00000004;
    public static final long IRQF_TRIGGER_LOW = 0x00000008;
    public static final long IRQF_DISABLED = 0x00000020;
    public static final long IRQF_SHARED = Interrupts.IRQF_SHARED;

    /** request_irq(irq, handler, flags, name, dev_id): 0, -EINVAL, or -EBUSY if the line cannot be shared. */
    public static int request_irq(int irq, IrqHandler handler, long flags, String name, Object devId) {
        Kernel k = Kernel.current();
        LinuxChecks.mightSleep(k);
        return k.interrupts().requestIrq(irq, handler == null ? null : handler::handle, flags, name, devId, handler);
    }

    /** free_irq(irq, dev_id). */
    public static void free_irq(int irq, Object devId) {
        Kernel.current().interrupts().freeIrq(irq, devId);
    }

    /** in_interrupt(): in an interrupt handler or a timer (softirq). */
    public static boolean in_interrupt() {
        return Kernel.current().inInterrupt();
    }

    /** in_irq(): in a hardware interrupt handler. */
    public static boolean in_irq() {
        return Kernel.current().machine().cpu().interruptNesting() > 0;
    }

    /** irqs_disabled(). */
    public static boolean irqs_disabled() {
        return !Kernel.current().machine().cpu().interruptsEnabled();
    }

    /** local_irq_save(flags): interrupts off; returns the flags to restore. */
    public static long local_irq_save() {
        var cpu = Kernel.current().machine().cpu();
        long flags = cpu.interruptsEnabled() ? Spinlock.X86_EFLAGS_IF : 0;
        cpu.setInterruptsEnabled(false);
        return flags;
    }

    /** local_irq_restore(flags). */
    public static void local_irq_restore(long flags) {
        if ((flags & Spinlock.X86_EFLAGS_IF) != 0) {
            local_irq_enable();
        } else {
            Kernel.current().machine().cpu().setInterruptsEnabled(false);
        }
    }

    public static void local_irq_disable() {
        Kernel.current().machine().cpu().setInterruptsEnabled(false);
    }

    /** local_irq_enable(): also runs the timers that fell due while interrupts were off. */
    public static void local_irq_enable() {
        Kernel k = Kernel.current();
        k.machine().cpu().setInterruptsEnabled(true);
        if (k.machine().cpu().interruptNesting() == 0) {
            k.callouts().runDeferred();
        }
    }
}
