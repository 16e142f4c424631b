package org.kld86.kernel.proc;

import java.util.ArrayDeque;
import java.util.concurrent.Semaphore;
import java.util.function.Function;
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
    /** td_name: an interrupt thread is renamed when its event's handlers change ("irq11: edu0"). */
    String name;
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
    /** The current sleep was ended by a signal, not a wakeup or the timeout (TDF_SLEEPABORT). */
    boolean interrupted;
    /** td_runtime: cycles spent on the CPU before the current stretch, and when the current stretch began. */
    long runCycles;
    long onCpuSince;
    /** When the current sleep began (td_slptick), in cycles. */
    long sleptAt;
    /**
     * Why this thread may not sleep now, innermost last (THREAD_NO_SLEEPING in an interrupt thread or a callout,
     * a spin lock held).
     */
    private final ArrayDeque<NoSleep> noSleeping = new ArrayDeque<>();

    /**
     * One reason not to sleep: {@code message} maps the wait message of the offending sleep to the panic
     * message; {@code lockWaitsAllowed} says whether blocking on a sleep mutex is still fine (it is in an
     * interrupt thread, which may do anything but sleep; it is not with a spin lock held).
     */
    private record NoSleep(Function<String, String> message, boolean lockWaitsAllowed) {
    }
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

    /** Renames the thread (td_name), as ithread_update does when an interrupt event gains or loses a handler. */
    public void setName(String name) {
        this.name = name;
    }

    public State state() {
        return state;
    }

    /** Whether the current sleep may be ended by a signal (TDF_SINTR): ps shows S rather than D. */
    public boolean interruptible() {
        return state == State.SLEEPING && interruptible;
    }

    /** When the current sleep began, in cycles of the virtual clock. */
    public long sleptAt() {
        return sleptAt;
    }

    /** What the thread sleeps on, as ps(1) shows it in the MWCHAN column; null when not sleeping. */
    public String wmesg() {
        return state == State.SLEEPING ? wmesg : null;
    }

    /**
     * THREAD_NO_SLEEPING(): from now until the matching {@link #allowSleep()}, a sleep of this thread is a kernel
     * bug; {@code message} turns the wait message of that sleep into the panic message. With
     * {@code lockWaitsAllowed}, blocking on a sleep mutex's owner does not count as sleeping.
     */
    public void forbidSleep(Function<String, String> message, boolean lockWaitsAllowed) {
        noSleeping.addLast(new NoSleep(message, lockWaitsAllowed));
    }

    /** THREAD_SLEEPING_OK(): ends the innermost {@link #forbidSleep}. */
    public void allowSleep() {
        if (noSleeping.pollLast() == null) {
            throw new IllegalStateException("allowSleep without forbidSleep on thread " + this);
        }
    }

    /**
     * The innermost rule that forbids this thread the sleep it is about to take, or null if it may: any rule
     * forbids an ordinary sleep; a wait for a lock is forbidden only by rules that do not allow lock waits.
     */
    public Function<String, String> sleepRule(boolean lockWait) {
        var it = noSleeping.descendingIterator();
        while (it.hasNext()) {
            NoSleep n = it.next();
            if (!lockWait || !n.lockWaitsAllowed()) {
                return n.message();
            }
        }
        return null;
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
