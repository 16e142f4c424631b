package org.kld86.kernel.intr;

import java.util.function.Consumer;
import java.util.function.ToIntFunction;
import org.kld86.kernel.kld.LinkerFile;

/**
 * One driver's handler on an interrupt line (FreeBSD's struct intr_handler, Linux's struct irqaction): its name,
 * its filter and/or interrupt-thread handler with their argument (FreeBSD), or its irq_handler_t with its dev_id
 * (Linux). It is also the cookie a driver gets back to tear the handler down.
 *
 * <p>{@code owner} is the loaded module the handler's code belongs to (null for the kernel's own handlers): the
 * kernel calls into it through ModuleCalls and removes the handler if the module is unloaded with it in place.
 */
public final class IntrHandler {

    final String name;
    final ToIntFunction<Object> filter;
    final Consumer<Object> handler;
    final Object arg;
    final int flags;
    /** Linux: the irqaction; null for a FreeBSD handler. */
    final LinuxAction linux;
    final LinkerFile owner;
    IntrEvent event;
    /** Linux: IRQ_WAKE_THREAD without a thread function was reported once. */
    boolean warnedNoThread;

    /** A Linux irqaction: the handler, its request_irq flags and its dev_id. */
    record LinuxAction(LinuxHandler handler, long flags, Object devId) {
    }

    /** irq_handler_t: {@code irqreturn_t handler(int irq, void *dev_id)}. */
    @FunctionalInterface
    public interface LinuxHandler {
        int handle(int irq, Object devId);
    }

    IntrHandler(String name, ToIntFunction<Object> filter, Consumer<Object> handler, Object arg, int flags,
            LinuxAction linux, LinkerFile owner) {
        this.name = name;
        this.filter = filter;
        this.handler = handler;
        this.arg = arg;
        this.flags = flags;
        this.linux = linux;
        this.owner = owner;
    }

    public String name() {
        return name;
    }

    /** The IRQ line it is on, or -1 once torn down. */
    public int irq() {
        return event == null ? -1 : event.irq;
    }

    boolean exclusive() {
        if (linux != null) {
            return (linux.flags() & Interrupts.IRQF_SHARED) == 0;
        }
        return (flags & Interrupts.INTR_EXCL) != 0;
    }

    @Override
    public String toString() {
        return name;
    }
}
