package org.kld86.kernel.intr;

import org.kld86.kernel.Kernel;
import org.kld86.kernel.kld.ModuleCalls;
import org.kld86.kernel.proc.KThread;

/**
 * An interrupt thread (FreeBSD kern_intr.c ithread_loop): a kernel thread of one interrupt line, named after the
 * line and its handlers ("irq11: edu0"), that runs the handlers' thread routines whenever a filter asked for it.
 *
 * <p>The filter runs in interrupt context and schedules the thread ({@link #schedule()}, it_need); for a
 * level-triggered line the dispatcher masks the line first, since the device keeps requesting until the thread's
 * handler has quieted it, and the thread unmasks it after its pass (ie_post_ithread). Handlers run with sleeping
 * prohibited (THREAD_NO_SLEEPING): "whatever you want except sleep", as BUS_SETUP_INTR(9) puts it. They may take
 * sleep mutexes, since blocking on a lock is not sleeping.
 *
 * <p>Storm protection (hw.intr_storm_threshold, 1000): a thread that runs that many times back to back without
 * going idle prints a warning, at most once a second, and pauses a tick between passes.
 */
final class Ithread {

    /** The wait message of an idle interrupt thread (ps shows it in state IWAIT). */
    static final String IWAIT = "iwait";

    private final Kernel kernel;
    private final Interrupts interrupts;
    private final IntrEvent event;
    private KThread thread;
    /** it_need: a filter asked for a pass since the last one started. */
    private boolean need;

    Ithread(Kernel kernel, Interrupts interrupts, IntrEvent event) {
        this.kernel = kernel;
        this.interrupts = interrupts;
        this.event = event;
    }

    void start() {
        thread = kernel.scheduler().spawn(event.fullname(), this::loop, null);
    }

    KThread thread() {
        return thread;
    }

    /** intr_event_schedule_thread: asks for a pass and makes the thread runnable if it waits for interrupts. */
    void schedule() {
        need = true;
        kernel.scheduler().wakeup(this);
    }

    void rename() {
        if (thread != null) {
            thread.setName(event.fullname());
        }
    }

    private void loop() {
        for (;;) {
            while (need) {
                need = false;
                executeHandlers();
            }
            event.stormCount = 0;
            kernel.scheduler().sleep(this, IWAIT, 0);
        }
    }

    /** ithread_execute_handlers: every thread routine on the line, then storm control and the unmask. */
    private void executeHandlers() {
        KThread me = kernel.scheduler().current();
        me.forbidSleep(wmesg -> String.format("sleepq_add: thread %d (%s) to sleep on \"%s\" with sleeping prohibited: "
                + "an interrupt thread's handler may do anything except sleep", me.tid(), me.name(), wmesg), true);
        try {
            for (IntrHandler h : event.handlers()) {
                if (h.handler == null) {
                    continue;
                }
                if (h.owner != null) {
                    ModuleCalls.run(kernel, h.owner, () -> h.handler.accept(h.arg));
                } else {
                    h.handler.accept(h.arg);
                }
            }
        } finally {
            me.allowSleep();
        }
        int threshold = interrupts.stormThreshold();
        if (threshold != 0 && event.stormCount >= threshold) {
            long now = kernel.machine().clock().now();
            long second = kernel.machine().clock().hz();
            if (event.lastStormWarningCycles == Long.MIN_VALUE || now - event.lastStormWarningCycles >= second) {
                event.lastStormWarningCycles = now;
                kernel.console().printf("interrupt storm detected on \"%s\"; throttling interrupt source%n",
                        event.fullname());
            }
            kernel.scheduler().sleep(new Object(), "istorm", kernel.ticksToCycles(1));
        } else {
            event.stormCount++;
        }
        interrupts.postIthread(event);
    }
}
