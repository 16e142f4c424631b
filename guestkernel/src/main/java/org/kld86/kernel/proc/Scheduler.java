package org.kld86.kernel.proc;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.kld86.emulator.cpu.Cpu;
import org.kld86.emulator.cpu.VirtualClock;

/**
 * The run queue and the sleep queues: sleep(9)/wakeup(9) over guest threads that run one at a time.
 *
 * <p>Each guest thread is a host thread that runs only while it holds its baton; a switch hands the baton to
 * the next runnable thread and waits to get it back. Switches happen only when a thread sleeps, yields or
 * exits, and the run queue is FIFO, so the same inputs always give the same interleaving, whatever the host's
 * own scheduler does. (Racy guest code may pass here that would fail on a real SMP kernel: this is a one-CPU
 * machine with its switch points written down here, the caveat Nachos states for its own simulation.)
 *
 * <p>When no thread can run, the CPU idles: the clock jumps to the next device event, whose interrupt may wake
 * a sleeper. When nothing is scheduled at all, no thread can ever wake again: that is a deadlock, and the
 * kernel panics naming every sleeping thread and what it waits for, instead of hanging the host. The one
 * exception is an {@link ExternalInput} (a person at the host's keyboard): while one is attached, an idle CPU with
 * nothing scheduled waits for it instead, and that wait is the only place where host time enters a run.
 */
public final class Scheduler {

    /** Thrown into a guest thread's host thread when the kernel shuts down under it; never caught by guest code. */
    public static final class Shutdown extends Error {
        Shutdown() {
            super("kernel shut down", null, false, false);
        }
    }

    /** What the scheduler needs from the kernel around it. */
    public interface Hooks {
        /** A thread must not sleep here (interrupt context): the kernel panics with {@code rule}. */
        void sleepForbidden(String rule);

        /** Called just before {@code to} gets the CPU from {@code from}: save and load the CPU context. */
        void switching(KThread from, KThread to);

        /** Nothing can ever run again: the kernel panics with {@code report}. */
        void deadlock(String report);

        /** Called on a new thread's host thread before its body runs (to bind per-thread context). */
        void threadStarted(KThread t);

        /**
         * What a thread stopped by {@link #shutdown()} throws when it wakes: the kernel's panic, so that the
         * thread the host is waiting on reports it, or null for a plain {@link Shutdown}.
         */
        RuntimeException shutdownCause();
    }

    /**
     * Input from outside the machine, such as the host's keyboard feeding the console UART. It is asked for input
     * only when no guest thread can run, and it delivers that input into the machine on the calling guest thread
     * (a device's host side, such as {@code Uart16550.receive}), so devices still act only on the clock.
     */
    public interface ExternalInput {
        /** Delivers input that has already arrived, without waiting; true if there was some. */
        boolean poll();

        /**
         * Waits for input and delivers it; false if none will ever come again (the host closed its end), after
         * which an idle machine with nothing scheduled is a deadlock again.
         */
        boolean await();
    }

    /** How a sleep ended (the sleep queue's verdict). */
    public enum Wakeup {
        /** wakeup(9) or wakeup_one(9) on the channel. */
        WOKEN,
        /** The timeout expired first. */
        TIMED_OUT,
        /** A signal arrived for the thread's process during an interruptible sleep (or was already pending). */
        INTERRUPTED
    }

    /** Sleep flag: a signal for the thread's process ends the sleep (PCATCH). */
    public static final int SLEEP_CATCH = 1;
    /**
     * Sleep flag: the thread blocks on a lock's owner (a turnstile) rather than sleeping on an event; interrupt
     * threads may block on a sleep mutex even though they may not sleep.
     */
    public static final int SLEEP_LOCK = 2;

    private static final int FIRST_TID = 100000;

    private final Cpu cpu;
    private final VirtualClock clock;
    private final Hooks hooks;
    private final ArrayDeque<KThread> runQueue = new ArrayDeque<>();
    private final Map<Object, ArrayDeque<KThread>> sleepQueues = new IdentityHashMap<>();
    private final List<KThread> threads = new ArrayList<>();
    private KThread current;
    private int nextTid = FIRST_TID;
    private volatile boolean shutdown;
    private long switches;
    private final List<Runnable> switchListeners = new ArrayList<>();
    private volatile ExternalInput externalInput;

    /** Adopts the calling host thread as the first guest thread, {@code name}. */
    public Scheduler(Cpu cpu, VirtualClock clock, Hooks hooks, String name) {
        this.cpu = cpu;
        this.clock = clock;
        this.hooks = hooks;
        KThread t = new KThread(nextTid++, name);
        t.host = Thread.currentThread();
        t.state = KThread.State.RUNNING;
        threads.add(t);
        current = t;
    }

    public KThread current() {
        return current;
    }

    /** Every thread that has not exited, in creation order. */
    public List<KThread> threads() {
        return threads.stream().filter(t -> t.state != KThread.State.DEAD).toList();
    }

    /** td_runtime: the cycles {@code t} has spent on the CPU, its current stretch included if it is running. */
    public long runtimeCycles(KThread t) {
        return t.runCycles + (t == current && t.state == KThread.State.RUNNING ? clock.now() - t.onCpuSince : 0);
    }

    public long contextSwitches() {
        return switches;
    }

    /**
     * Attaches (or with null detaches) the machine's external input: from now on an idle CPU with nothing
     * scheduled waits for it instead of declaring a deadlock.
     */
    public void setExternalInput(ExternalInput input) {
        this.externalInput = input;
    }

    public ExternalInput externalInput() {
        return externalInput;
    }

    /**
     * Runs {@code listener} at every context switch, whenever the running thread sleeps or idles, and again when the
     * CPU comes out of an idle stretch.
     */
    public void addSwitchListener(Runnable listener) {
        switchListeners.add(listener);
    }

    /**
     * kthread_add(9): creates a thread that will run {@code body} when its turn comes; it is queued behind every
     * thread already runnable. When {@code body} returns or throws, the thread exits; what it threw is kept in
     * {@link KThread#failure()} and the thread is passed to {@code onDeath} (may be null).
     */
    public KThread spawn(String name, Runnable body, Consumer<KThread> onDeath) {
        KThread t = new KThread(nextTid++, name);
        Thread host = new Thread(() -> runThread(t, body, onDeath), "guest-" + t.tid + "-" + name);
        host.setDaemon(true);
        t.host = host;
        threads.add(t);
        runQueue.add(t);
        host.start();
        return t;
    }

    private void runThread(KThread t, Runnable body, Consumer<KThread> onDeath) {
        t.baton.acquireUninterruptibly();
        if (shutdown) {
            return;
        }
        try {
            hooks.threadStarted(t);
            body.run();
        } catch (Shutdown s) {
            return;
        } catch (Throwable e) {
            t.failure = e;
        }
        if (shutdown) {
            return;
        }
        t.state = KThread.State.DEAD;
        if (onDeath != null) {
            onDeath.accept(t);
        }
        try {
            switchAway(t, false);
        } catch (Shutdown s) {
            // the kernel stopped while this thread was handing over
        }
    }

    /**
     * tsleep(9): the current thread sleeps on {@code chan} until a wakeup on it, or until {@code timeoutCycles}
     * of virtual time pass (0: no timeout).
     *
     * @return true if woken, false if the timeout expired
     */
    public boolean sleep(Object chan, String wmesg, long timeoutCycles) {
        return sleep(chan, wmesg, timeoutCycles, 0) == Wakeup.WOKEN;
    }

    /**
     * The sleep queue: the current thread sleeps on {@code chan} until a wakeup on it, until {@code timeoutCycles}
     * of virtual time pass (0: no timeout), or, with {@link #SLEEP_CATCH}, until a signal arrives for its process.
     * A signal already pending ends an interruptible sleep before it starts (sleepq_catch_signals). A wakeup that
     * comes first wins even if a signal is pending too, as on FreeBSD.
     *
     * <p>Sleeping is a kernel bug in interrupt context and wherever the thread has {@linkplain KThread#forbidSleep
     * forbidden} it (an interrupt thread, a callout, a spin lock held); a {@link #SLEEP_LOCK} wait for a sleep
     * mutex is allowed in an interrupt thread, as blocking on a turnstile is.
     */
    public Wakeup sleep(Object chan, String wmesg, long timeoutCycles, int flags) {
        if (cpu.interruptNesting() > 0) {
            hooks.sleepForbidden("sleeping in interrupt context (" + wmesg + ")");
        }
        KThread me = current;
        java.util.function.Function<String, String> rule = me.sleepRule((flags & SLEEP_LOCK) != 0);
        if (rule != null) {
            hooks.sleepForbidden(rule.apply(wmesg));
        }
        boolean catchSignals = (flags & SLEEP_CATCH) != 0;
        if (catchSignals && me.proc() != null && me.proc().pendingSignal() != 0) {
            return Wakeup.INTERRUPTED;
        }
        me.state = KThread.State.SLEEPING;
        me.sleptAt = clock.now();
        me.wchan = chan;
        me.wmesg = wmesg;
        me.timedOut = false;
        me.interrupted = false;
        me.interruptible = catchSignals;
        sleepQueues.computeIfAbsent(chan, k -> new ArrayDeque<>()).add(me);
        if (timeoutCycles > 0) {
            me.timeout = clock.schedule(timeoutCycles, () -> {
                if (me.state == KThread.State.SLEEPING && me.wchan == chan) {
                    me.timedOut = true;
                    unsleep(me);
                }
            });
        }
        try {
            switchAway(me, true);
        } finally {
            me.interruptible = false;
        }
        return me.interrupted ? Wakeup.INTERRUPTED : me.timedOut ? Wakeup.TIMED_OUT : Wakeup.WOKEN;
    }

    /**
     * tsleep(9) with PCATCH: like {@link #sleep}, but a signal sent to the sleeper's process
     * ({@link ProcTable#kill}) also ends the sleep, so that a process blocked on a pipe or a device can be killed.
     * The caller tells the cases apart by its process's pending signal.
     *
     * @return true if woken (by a wakeup or a signal), false if the timeout expired
     */
    public boolean sleepInterruptible(Object chan, String wmesg, long timeoutCycles) {
        return sleep(chan, wmesg, timeoutCycles, SLEEP_CATCH) != Wakeup.TIMED_OUT;
    }

    /** wakeup(9): makes every thread sleeping on {@code chan} runnable, in the order they went to sleep. */
    public void wakeup(Object chan) {
        ArrayDeque<KThread> q = sleepQueues.remove(chan);
        if (q == null) {
            return;
        }
        for (KThread t : q) {
            makeRunnable(t);
        }
    }

    /** wakeup_one(9): wakes the thread that has slept longest on {@code chan}. */
    public void wakeupOne(Object chan) {
        ArrayDeque<KThread> q = sleepQueues.get(chan);
        if (q == null) {
            return;
        }
        KThread t = q.poll();
        if (q.isEmpty()) {
            sleepQueues.remove(chan);
        }
        if (t != null) {
            makeRunnable(t);
        }
    }

    /** Wakes the thread of {@code p} if it sleeps interruptibly, so it sees a pending signal. */
    public void wakeupThreadOf(Proc p) {
        KThread t = p.thread;
        if (t != null && t.state == KThread.State.SLEEPING && t.interruptible) {
            t.interrupted = true;
            unsleep(t);
        }
    }

    /** Whether any thread sleeps on {@code chan}. */
    public boolean hasSleepers(Object chan) {
        return sleepQueues.containsKey(chan);
    }

    private void unsleep(KThread t) {
        ArrayDeque<KThread> q = sleepQueues.get(t.wchan);
        if (q != null) {
            q.remove(t);
            if (q.isEmpty()) {
                sleepQueues.remove(t.wchan);
            }
        }
        makeRunnable(t);
    }

    private void makeRunnable(KThread t) {
        if (t.timeout != null) {
            t.timeout.cancel();
            t.timeout = null;
        }
        t.wchan = null;
        t.state = KThread.State.RUNNABLE;
        runQueue.add(t);
    }

    /** Lets every runnable thread run before the caller continues (sched_yield). */
    public void yield() {
        if (runQueue.isEmpty()) {
            return;
        }
        KThread me = current;
        me.state = KThread.State.RUNNABLE;
        runQueue.add(me);
        switchAway(me, true);
    }

    /**
     * Hands the CPU from {@code me} to the next runnable thread, idling the CPU until one exists, and (if
     * {@code wait}) blocks until {@code me} is chosen again.
     */
    private void switchAway(KThread me, boolean wait) {
        for (Runnable l : switchListeners) {
            l.run();
        }
        me.runCycles += clock.now() - me.onCpuSince;
        KThread next;
        long idleFrom = clock.now();
        while ((next = runQueue.poll()) == null) {
            ExternalInput input = externalInput;
            if (input != null && input.poll()) {
                continue;
            }
            if (!cpu.idle()) {
                if (!wait) {
                    current = null; // the last thread is gone; nothing is left to run
                    return;
                }
                if (input != null && input.await()) {
                    continue;
                }
                hooks.deadlock(deadlockReport());
                throw new IllegalStateException("deadlock hook returned");
            }
        }
        if (clock.now() != idleFrom) {
            // The CPU idled: that time was nobody's running time (a long nanosleep is no soft lockup).
            for (Runnable l : switchListeners) {
                l.run();
            }
        }
        next.onCpuSince = clock.now();
        if (next == me) {
            me.state = KThread.State.RUNNING;
            return;
        }
        next.state = KThread.State.RUNNING;
        hooks.switching(me, next);
        current = next;
        switches++;
        next.baton.release();
        if (wait) {
            me.baton.acquireUninterruptibly();
            if (shutdown) {
                RuntimeException cause = hooks.shutdownCause();
                if (cause != null && me == threads.get(0)) {
                    throw cause;
                }
                throw new Shutdown();
            }
        }
    }

    private String deadlockReport() {
        StringBuilder sb = new StringBuilder("deadlock: every thread is asleep and no event is pending");
        for (KThread t : threads) {
            if (t.state == KThread.State.SLEEPING) {
                sb.append(String.format("%n  tid %d (%s) sleeping on \"%s\"", t.tid, t.name, t.wmesg));
            }
        }
        return sb.toString();
    }

    /**
     * Stops every other guest thread for good (machine halt or panic): each unwinds with {@link Shutdown} the
     * next time it would run. The caller keeps running on its host thread.
     */
    public void shutdown() {
        shutdown = true;
        for (KThread t : threads) {
            if (t.host != Thread.currentThread()) {
                t.baton.release();
            }
        }
    }

    public boolean isShutdown() {
        return shutdown;
    }
}
