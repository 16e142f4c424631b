package org.kld86.kernel.intr;

import java.util.ArrayList;
import java.util.List;

/**
 * One interrupt line and everything hung on it (FreeBSD's struct intr_event with its struct intsrc counters,
 * Linux's struct irq_desc): the handlers in the order they were added, the line's interrupt thread once a
 * handler needs one, and the counts vmstat -i and the spurious-interrupt detector read.
 *
 * <p>The handler list is replaced, never changed in place, so a dispatch that is walking it is not disturbed when
 * a handler removes itself or another one.
 */
final class IntrEvent {

    final int irq;
    /** ie_name: "irq11:". */
    final String name;
    private List<IntrHandler> handlers = List.of();
    Ithread ithread;
    /** intrcnt: interrupts taken on the line. */
    long count;
    /** is_straycount: interrupts with no handler. */
    long strays;
    /** ie_count: back-to-back runs of the interrupt thread, for storm detection. */
    int stormCount;
    long lastStormWarningCycles = Long.MIN_VALUE;

    // Linux note_interrupt() state (irq_desc).
    int linuxIrqCount;
    int linuxIrqsUnhandled;
    long linuxLastUnhandledJiffies;
    /** IRQS_SPURIOUS_DISABLED: "nobody cared" turned the line off. */
    boolean spuriousDisabled;

    IntrEvent(int irq) {
        this.irq = irq;
        this.name = "irq" + irq + ":";
    }

    List<IntrHandler> handlers() {
        return handlers;
    }

    void add(IntrHandler h) {
        List<IntrHandler> l = new ArrayList<>(handlers);
        l.add(h);
        handlers = List.copyOf(l);
        h.event = this;
    }

    boolean remove(IntrHandler h) {
        List<IntrHandler> l = new ArrayList<>(handlers);
        boolean removed = l.remove(h);
        handlers = List.copyOf(l);
        if (removed) {
            h.event = null;
        }
        return removed;
    }

    boolean hasLinuxHandlers() {
        for (IntrHandler h : handlers) {
            if (h.linux != null) {
                return true;
            }
        }
        return false;
    }

    /** ie_fullname, as intr_event_update builds it: the event name and every handler's name ("irq11: edu0"). */
    String fullname() {
        StringBuilder sb = new StringBuilder(name);
        for (IntrHandler h : handlers) {
            sb.append(' ').append(h.name);
        }
        return sb.toString();
    }
}
