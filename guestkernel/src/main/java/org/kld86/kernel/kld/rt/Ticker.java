package org.kld86.kernel.kld.rt;

import org.kld86.emulator.cpu.Cpu;
import org.kld86.emulator.cpu.VirtualClock;
import org.kld86.emulator.mmu.Mmu;

/**
 * Where instrumented module code reports its cost: the machine's safepoint (time passes, device events fire,
 * pending interrupts are taken) and the watchdog. One ticker serves every module of a kernel.
 *
 * <p>The watchdog is Linux's soft-lockup detector in spirit: a thread that runs module code for longer than the
 * limit without sleeping (the deadline is moved on at every context switch and sleep) is a driver that will
 * never give the CPU back, and the kernel panics naming the module, class and method instead of hanging.
 */
public final class Ticker {

    /** What the kernel does when the watchdog fires. */
    public interface Watchdog {
        void fire(long stuckCycles);
    }

    private final Cpu cpu;
    private final VirtualClock clock;
    private final Mmu mmu;
    private final Watchdog watchdog;
    private long limitCycles;
    private long deadline;

    public Ticker(Cpu cpu, Watchdog watchdog, long limitCycles) {
        this.cpu = cpu;
        this.clock = cpu.clock();
        this.mmu = cpu.mmu();
        this.watchdog = watchdog;
        this.limitCycles = limitCycles;
        rearm();
    }

    /**
     * The call every instrumented method entry and loop back-edge makes: the CPU's safepoint. The watchdog rides
     * on the clock's alarm, so a safepoint with nothing to do stays a single compare.
     */
    public void tick(int cycles) {
        cpu.safepoint(cycles);
    }

    /** The machine's clock, which the generated Safepoint class calls directly. */
    public VirtualClock clock() {
        return clock;
    }

    /** The machine's MMU, through which the generated Safepoint class makes a module's bound memory accesses. */
    public Mmu mmu() {
        return mmu;
    }

    /** Called whenever the running thread gives up the CPU (or a new one starts): the watchdog starts over. */
    public void rearm() {
        long start = clock.now();
        long d = start + limitCycles;
        deadline = d < 0 ? Long.MAX_VALUE : d;
        clock.setAlarm(deadline, () -> {
            long stuck = clock.now() - start;
            rearm();
            watchdog.fire(stuck);
        });
    }

    public long limitCycles() {
        return limitCycles;
    }

    public void setLimitCycles(long cycles) {
        this.limitCycles = cycles;
        rearm();
    }
}
