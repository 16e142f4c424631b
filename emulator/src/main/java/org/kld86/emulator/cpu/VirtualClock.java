package org.kld86.emulator.cpu;

import java.util.PriorityQueue;

/**
 * The machine's only notion of time: a count of CPU cycles that advances when guest code reports its cost at
 * a safepoint, or jumps ahead when the CPU idles. Devices act through events scheduled at virtual times, never
 * on host threads or wall-clock time, so the same inputs always give the same run.
 *
 * <p>Events due at the same cycle run in the order they were scheduled. While an event runs, {@link #now()}
 * reads the event's own time, so a device that schedules a follow-up "10 µs later" gets it exactly 10 µs after
 * the first, however late the safepoint that noticed it came.
 */
public final class VirtualClock {

    /** A scheduled event; {@link #cancel()} keeps it from running. */
    public static final class Event implements Comparable<Event> {
        private final long atCycles;
        private final long seq;
        private final Runnable action;
        private final VirtualClock clock;
        private boolean cancelled;

        private Event(VirtualClock clock, long atCycles, long seq, Runnable action) {
            this.clock = clock;
            this.atCycles = atCycles;
            this.seq = seq;
            this.action = action;
        }

        public long atCycles() {
            return atCycles;
        }

        public void cancel() {
            if (!cancelled) {
                cancelled = true;
                clock.cancelled(this);
            }
        }

        public boolean cancelled() {
            return cancelled;
        }

        @Override
        public int compareTo(Event o) {
            int c = Long.compare(atCycles, o.atCycles);
            return c != 0 ? c : Long.compare(seq, o.seq);
        }
    }

    private static final long NANOS_PER_SECOND = 1_000_000_000L;
    /** The fastest clock we accept; it keeps the nanosecond arithmetic above free of overflow. */
    public static final long MAX_HZ = 4_000_000_000L;

    private final long hz;
    private final PriorityQueue<Event> events = new PriorityQueue<>();
    private long now;
    private long nextSeq;
    private boolean running;
    /** The earliest pending event's time (possibly of a cancelled event: early is safe, late is not). */
    private long nextDue = Long.MAX_VALUE;
    /** An alarm: a deadline that is not an event (it does not keep an idle CPU from finding nothing to do). */
    private long alarmAt = Long.MAX_VALUE;
    private Runnable alarm;
    /** Set when a safepoint must not take the fast path (an interrupt became deliverable). */
    private boolean poked;
    /** min(nextDue, alarmAt), or MIN_VALUE when poked: a safepoint whose new time stays below it has nothing to do. */
    private long limit = Long.MAX_VALUE;
    private Runnable safepointHook = () -> { };

    /** @param hz cycles per virtual second */
    public VirtualClock(long hz) {
        if (hz <= 0 || hz > MAX_HZ) {
            throw new IllegalArgumentException("clock rate must be 1 Hz to 4 GHz, not " + hz);
        }
        this.hz = hz;
    }

    /** Cycles per virtual second. */
    public long hz() {
        return hz;
    }

    /** The current virtual time in cycles. */
    public long now() {
        return now;
    }

    /** Virtual nanoseconds elapsed since reset. */
    public long nanos() {
        return (now / hz) * NANOS_PER_SECOND + (now % hz) * NANOS_PER_SECOND / hz;
    }

    /** Converts a duration in nanoseconds to cycles at this clock's rate, rounding up. */
    public long cyclesForNanos(long nanos) {
        return (nanos / NANOS_PER_SECOND) * hz + ((nanos % NANOS_PER_SECOND) * hz + NANOS_PER_SECOND - 1) / NANOS_PER_SECOND;
    }

    /** Schedules {@code action} to run {@code delayCycles} from now (at least 0). */
    public Event schedule(long delayCycles, Runnable action) {
        if (delayCycles < 0) {
            throw new IllegalArgumentException("negative delay " + delayCycles);
        }
        return scheduleAt(now + delayCycles, action);
    }

    /** Schedules {@code action} at the absolute time {@code atCycles} (not before now). */
    public Event scheduleAt(long atCycles, Runnable action) {
        Event e = new Event(this, Math.max(atCycles, now), nextSeq++, action);
        events.add(e);
        nextDue = Math.min(nextDue, e.atCycles);
        recomputeLimit();
        return e;
    }

    /** The time of the earliest pending event, or {@code Long.MAX_VALUE} if none. */
    public long nextEventCycles() {
        dropCancelled();
        Event e = events.peek();
        return e == null ? Long.MAX_VALUE : e.atCycles;
    }

    /** Whether any event is pending. */
    public boolean hasPendingEvents() {
        return nextEventCycles() != Long.MAX_VALUE;
    }

    /**
     * The safepoint's clock work: advances by {@code cycles}, and only if that reaches an event, the alarm or a poke
     * does it run them and the safepoint hook (the CPU's interrupt check). The fast path is one compare.
     */
    public void advanceAtSafepoint(long cycles) {
        long t = now + cycles;
        if (t < limit && cycles >= 0) {
            now = t;
            return;
        }
        slowSafepoint(cycles);
    }

    /** The rest of a safepoint, out of line so that the fast path stays small enough to inline everywhere. */
    private void slowSafepoint(long cycles) {
        advance(cycles);
        poked = false;
        Runnable a = alarm;
        if (a != null && now >= alarmAt) {
            alarm = null;
            alarmAt = Long.MAX_VALUE;
            a.run();
        }
        recomputeLimit();
        safepointHook.run();
    }

    /** Makes the next safepoint take the slow path (and run the hook), whatever the time. */
    public void poke() {
        poked = true;
        limit = Long.MIN_VALUE;
    }

    /** What a safepoint that leaves the fast path runs after any events (the CPU takes pending interrupts). */
    public void setSafepointHook(Runnable hook) {
        this.safepointHook = hook;
    }

    /**
     * Sets the alarm: {@code action} runs at the first safepoint at or after {@code atCycles}. Unlike an event it
     * is checked only at safepoints and does not count as pending work. One alarm at a time; null clears it.
     */
    public void setAlarm(long atCycles, Runnable action) {
        this.alarm = action;
        this.alarmAt = action == null ? Long.MAX_VALUE : atCycles;
        recomputeLimit();
    }

    private void recomputeLimit() {
        limit = poked ? Long.MIN_VALUE : Math.min(nextDue, alarmAt);
    }

    /** Advances time by {@code cycles}, running every event that falls due on the way, in order. */
    public void advance(long cycles) {
        long t = now + cycles;
        if (t < nextDue && cycles >= 0) {
            now = t; // the common case: nothing falls due
            return;
        }
        if (cycles < 0) {
            throw new IllegalArgumentException("time does not run backwards: " + cycles);
        }
        runUntil(t);
    }

    /**
     * Advances time to {@code atCycles} (if later than now), running the events due on the way. Called from
     * inside an event it does nothing: events do not make time pass, the CPU does.
     */
    public void runUntil(long atCycles) {
        if (running) {
            return;
        }
        long end = Math.max(atCycles, now);
        running = true;
        try {
            Event e;
            while ((e = events.peek()) != null && e.atCycles <= end) {
                events.poll();
                if (e.cancelled) {
                    continue;
                }
                now = e.atCycles;
                e.action.run();
            }
            now = end;
        } finally {
            running = false;
            Event next = events.peek();
            nextDue = next == null ? Long.MAX_VALUE : next.atCycles;
            recomputeLimit();
        }
    }

    /**
     * An event was cancelled: if it was the earliest, the safepoints' limit moves on to the next live one, so that
     * a timer armed and cancelled (a one-shot the kernel disarmed) costs no slow-path safepoint when its time comes.
     */
    private void cancelled(Event e) {
        if (!running && events.peek() == e) {
            dropCancelled();
            Event next = events.peek();
            nextDue = next == null ? Long.MAX_VALUE : next.atCycles;
            recomputeLimit();
        }
    }

    private void dropCancelled() {
        while (!events.isEmpty() && events.peek().cancelled) {
            events.poll();
        }
    }
}
