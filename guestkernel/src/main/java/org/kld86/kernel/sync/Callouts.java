package org.kld86.kernel.sync;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.kld86.emulator.cpu.Cpu;
import org.kld86.emulator.cpu.VirtualClock;
import org.kld86.kernel.Kernel;
import org.kld86.kernel.kld.LinkerFile;
import org.kld86.kernel.kld.ModuleCalls;
import org.kld86.kernel.proc.KThread;

/**
 * The softclock (FreeBSD kern_timeout.c, Linux kernel/timer.c): functions that run at a virtual time, for
 * callout(9) and Linux's timer_list.
 *
 * <p>Each pending callout is one event on the virtual clock at its exact time. It runs in softclock context,
 * not in a thread of its own: at CPL 0, with the current thread forbidden to sleep (THREAD_NO_SLEEPING, as
 * softclock does around c_func) and {@link Kernel#inInterrupt()} true, so a sleeping allocation or a sleep in a
 * callout is the same panic as in an interrupt filter. That makes every callout behave like FreeBSD's
 * C_DIRECT_EXEC callouts and like Linux timers, which run in softirq context: spin locks only.
 *
 * <p>A callout that falls due while interrupts are off (a spin lock held) or while an interrupt handler runs
 * waits, as a held-off timer interrupt would, and runs when the last spin lock is released or the handler
 * returns ({@link #runDeferred()}). Otherwise a callout could run in the middle of the code it must exclude.
 *
 * <p>Callout functions are module code: they run through {@link ModuleCalls}, and a module's pending callouts
 * are cancelled, with a warning, when the module is unloaded, so no event can reach an unloaded module.
 */
public final class Callouts {

    /** The kernel half of one callout or timer_list: when it runs, what it runs, and its state flags. */
    public static final class Entry {
        private VirtualClock.Event event;
        private Runnable action;
        private LinkerFile owner;
        private String what;
        private long atCycles;
        private boolean pending;
        private boolean active;
        private boolean executing;

        /** callout_pending(): scheduled and not yet started. */
        public boolean pending() {
            return pending;
        }

        /** callout_active(): set by a reset, cleared by a stop or {@link #deactivate()}, kept after it runs. */
        public boolean active() {
            return active;
        }

        /** callout_deactivate(). */
        public void deactivate() {
            active = false;
        }

        /** Whether its function is running now. */
        public boolean executing() {
            return executing;
        }

        /** The virtual time (cycles) it is, or was last, scheduled for. */
        public long atCycles() {
            return atCycles;
        }
    }

    private final Kernel kernel;
    private final Cpu cpu;
    private final VirtualClock clock;
    private final Set<Entry> scheduled = new LinkedHashSet<>();
    private final ArrayDeque<Entry> deferred = new ArrayDeque<>();
    private int softclockDepth;

    public Callouts(Kernel kernel) {
        this.kernel = kernel;
        this.cpu = kernel.machine().cpu();
        this.clock = kernel.machine().clock();
    }

    /**
     * Schedules {@code e} to run {@code function} at virtual time {@code atCycles} (not before now), cancelling a
     * pending run first. {@code function}'s class says which module it belongs to; {@code what} names it in
     * messages.
     *
     * @return true if the callout was pending (callout_reset's 1)
     */
    public boolean reset(Entry e, long atCycles, Runnable function, Object owner, String what) {
        boolean wasPending = cancel(e);
        e.action = function;
        e.owner = kernel.linker() == null ? null : kernel.linker().fileOf(owner.getClass());
        e.what = what;
        e.atCycles = Math.max(atCycles, clock.now());
        e.pending = true;
        e.active = true;
        scheduled.add(e);
        e.event = clock.scheduleAt(e.atCycles, () -> due(e));
        return wasPending;
    }

    /**
     * callout_stop(): cancels a pending run and clears the active flag.
     *
     * @return 1 if it was pending, 0 if its function is running now, -1 if it was neither (callout(9))
     */
    public int stop(Entry e) {
        boolean wasPending = cancel(e);
        e.active = false;
        if (wasPending) {
            return 1;
        }
        return e.executing ? 0 : -1;
    }

    private boolean cancel(Entry e) {
        boolean wasPending = e.pending;
        if (e.event != null) {
            e.event.cancel();
            e.event = null;
        }
        deferred.remove(e);
        scheduled.remove(e);
        e.pending = false;
        return wasPending;
    }

    /** Whether a callout function is running now (softclock context). */
    public boolean inSoftclock() {
        return softclockDepth > 0;
    }

    private void due(Entry e) {
        e.event = null;
        if (cpu.interruptNesting() > 0 || !cpu.interruptsEnabled()) {
            deferred.add(e);
            return;
        }
        execute(e);
    }

    /** Runs the callouts that fell due while interrupts were off or a handler ran, oldest first. */
    public void runDeferred() {
        Entry e;
        while ((e = deferred.poll()) != null) {
            execute(e);
        }
    }

    private void execute(Entry e) {
        scheduled.remove(e);
        e.pending = false;
        e.executing = true;
        KThread t = kernel.scheduler().current();
        int savedCpl = cpu.cpl();
        cpu.setCpl(0);
        softclockDepth++;
        if (t != null) {
            t.forbidSleep(wmesg -> String.format(
                    "softclock: %s slept on \"%s\": callouts run in softclock context and must not sleep", e.what, wmesg),
                    false);
        }
        try {
            if (e.owner != null) {
                ModuleCalls.run(kernel, e.owner, e.action);
            } else {
                e.action.run();
            }
        } finally {
            if (t != null) {
                t.allowSleep();
            }
            softclockDepth--;
            cpu.setCpl(savedCpl);
            e.executing = false;
        }
    }

    /**
     * A module is being unloaded: its pending callouts would run code that is gone, so they are cancelled with a
     * warning naming them (a C kernel would take a fatal trap when they fired).
     */
    public void unloaded(LinkerFile f) {
        List<Entry> dead = new ArrayList<>();
        for (Entry e : scheduled) {
            if (e.owner == f) {
                dead.add(e);
            }
        }
        dead.addAll(deferred.stream().filter(e -> e.owner == f && !dead.contains(e)).toList());
        for (Entry e : dead) {
            kernel.console().printf("Warning: %s unloaded with %s still pending; cancelled.%n", f.filename(), e.what);
            cancel(e);
            e.active = false;
        }
    }

    /** How many callouts are pending. */
    public int pendingCount() {
        return scheduled.size();
    }
}
