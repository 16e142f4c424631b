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
    /** Whether a signal may end the current sleep (PCATCH). */
    boolean interruptible;
    Throwable failure;
    /** pcb_onfault: a fault on a user address in kernel mode unwinds to copyin/copyout instead of panicking. */
    private boolean onfault;
    /** The process this thread belongs to (null for a kernel thread). */
    private Proc proc;
    /** Saved CPU context while switched out: CR3 and CPL. */
    int savedCr3;
    int savedCpl;
    /** The user register state of a thread of a process (what the system call gate reads). */
    private final Trapframe frame = new Trapframe();

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

    public boolean onfault() {
        return onfault;
    }

    public void setOnfault(boolean on) {
        this.onfault = on;
    }

    public Proc proc() {
        return proc;
    }

    public void setProc(Proc p) {
        this.proc = p;
    }

    void saveContextInternal(int cr3, int cpl) {
        savedCr3 = cr3;
        savedCpl = cpl;
    }

    /** Saves the CPU context of a thread being switched out (the kernel's switch hook). */
    public void saveContext(int cr3, int cpl) {
        if (state != State.DEAD) {
            savedCr3 = cr3;
            savedCpl = cpl;
        }
    }

    public int savedCr3() {
        return savedCr3;
    }

    public int savedCpl() {
        return savedCpl;
    }

    public Trapframe frame() {
        return frame;
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
