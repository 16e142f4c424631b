package org.kld86.kernel.proc;

import java.util.concurrent.Semaphore;
import org.kld86.emulator.cpu.VirtualClock;

/**
 * A guest kernel thread (FreeBSD's struct thread). It runs on a host thread of its own, but only while it
 * holds the scheduler's baton, so exactly one guest thread runs at any time and switches happen only where the
 * scheduler decides: at sleep, yield and exit.
 */
public final class KThread {

    /** Scheduling states, as FreeBSD's TDS_*. */
    public enum State { RUNNABLE, RUNNING, SLEEPING, DEAD }

    final int tid;
    final String name;
    final Semaphore baton = new Semaphore(0);
    Thread host;
    State state = State.RUNNABLE;
    /** The wait channel while sleeping (td_wchan) and its message (td_wmesg). */
    Object wchan;
    String wmesg;
    VirtualClock.Event timeout;
    boolean timedOut;
    Throwable failure;

    KThread(int tid, String name) {
        this.tid = tid;
        this.name = name;
    }

    public int tid() {
        return tid;
    }

    public String name() {
        return name;
    }

    public State state() {
        return state;
    }

    /** What the thread sleeps on, as ps(1) shows it in the MWCHAN column; null when not sleeping. */
    public String wmesg() {
        return state == State.SLEEPING ? wmesg : null;
    }

    /** The exception that ended the thread's body, if one did. */
    public Throwable failure() {
        return failure;
    }

    @Override
    public String toString() {
        return tid + " (" + name + ") " + state + (state == State.SLEEPING ? " on \"" + wmesg + "\"" : "");
    }
}
