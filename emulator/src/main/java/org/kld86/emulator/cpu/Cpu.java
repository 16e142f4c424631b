package org.kld86.emulator.cpu;

import org.kld86.emulator.io.IoPortSpace;
import org.kld86.emulator.mmu.ExceptionSink;
import org.kld86.emulator.mmu.Mmu;
import org.kld86.emulator.mmu.PagingBits;

/**
 * The processor state that guest code running on the host can observe: CPL, EFLAGS.IF, the IDT, the
 * interrupt nesting level, the virtual clock, and port I/O. The instruction stream itself is JVM bytecode run
 * by the host; instrumented code reports its cost at {@linkplain #safepoint(long) safepoints}, which is where
 * time passes, device events fire and pending interrupts are taken.
 *
 * <p>Interrupts are taken only at safepoints and only with IF=1, like an x86 checking INTR at instruction
 * boundaries. Delivery goes through an interrupt gate: the handler runs at CPL 0 with IF=0 and the nesting
 * level raised, and both are restored when it returns. Exceptions (page faults, #GP) are delivered at once,
 * from inside the access that raised them, without raising the nesting level, since they are not interrupts.
 */
public final class Cpu implements ExceptionSink {

    public static final int VECTORS = 256;

    private final Mmu mmu;
    private final VirtualClock clock;
    private final IoPortSpace ports;
    private final TrapHandler[] idt = new TrapHandler[VECTORS];
    /** Per vector: a trap gate (IF kept) rather than an interrupt gate (IF cleared). */
    private final boolean[] trapGate = new boolean[VECTORS];
    /** Per vector: the gate's DPL, the highest CPL that may reach it with INT n (0 or 3). */
    private final int[] gateDpl = new int[VECTORS];
    private final long[] unhandled = new long[VECTORS];
    private InterruptController pic = InterruptController.NONE;
    /** INTR as last reported by a controller that reports changes; always true for one that must be polled. */
    private boolean intrMaybe;

    private int cpl;
    /** The CPL of the code the last exception interrupted (what the CS in its frame would say). */
    private int interruptedCpl;
    private boolean interruptedIf;
    private boolean interruptFlag;
    private int interruptNesting;
    private long interruptsDelivered;

    public Cpu(Mmu mmu, VirtualClock clock, IoPortSpace ports) {
        this.mmu = mmu;
        this.clock = clock;
        this.ports = ports;
        mmu.setExceptionSink(this);
        clock.setSafepointHook(this::pollInterrupts);
    }

    public Mmu mmu() {
        return mmu;
    }

    public VirtualClock clock() {
        return clock;
    }

    /** Connects the INTR pin. */
    public void setInterruptController(InterruptController controller) {
        this.pic = controller;
        this.intrMaybe = true;
        if (controller.watchIntr(this::intrChanged)) {
            intrMaybe = controller.intr();
        }
        clock.poke();
    }

    // ---------------------------------------------------------------------------------------------------------
    // Privilege and flags

    /** The current privilege level: 0 (kernel) or 3 (user). */
    public int cpl() {
        return cpl;
    }

    /** Changes CPL, as a far return or IRET to another ring would; the MMU checks accesses accordingly. */
    public void setCpl(int newCpl) {
        if (newCpl != 0 && newCpl != 3) {
            throw new IllegalArgumentException("CPL must be 0 or 3, not " + newCpl);
        }
        cpl = newCpl;
        mmu.setUserMode(newCpl == 3);
    }

    private void intrChanged(boolean high) {
        intrMaybe = high;
        if (high && interruptFlag) {
            clock.poke();
        }
    }

    /** The CPL of the code the exception being handled interrupted: 3 if it came from user mode. */
    public int interruptedCpl() {
        return interruptedCpl;
    }

    /**
     * EFLAGS.IF of the code the exception being handled interrupted (the saved EFLAGS on the handler's stack). An
     * interrupt gate clears IF on entry; a kernel's page fault handler sets it again from this once it has read
     * CR2, as FreeBSD's trap() and Linux's do_page_fault do, so a fault taken with interrupts on may sleep.
     */
    public boolean interruptedIf() {
        return interruptedIf;
    }

    /** EFLAGS.IF. */
    public boolean interruptsEnabled() {
        return interruptFlag;
    }

    /** STI / CLI. At CPL 3 (IOPL 0) both raise #GP(0) and change nothing. */
    public void setInterruptsEnabled(boolean enabled) {
        if (cpl == 3) {
            raise(PagingBits.VECTOR_GP, 0);
            return;
        }
        interruptFlag = enabled;
        if (enabled && intrMaybe) {
            clock.poke();
        }
    }

    /**
     * How many interrupt handlers are running, nested: above 0 the kernel is in interrupt context (FreeBSD's
     * td_intr_nesting_level, Linux's in_interrupt()).
     */
    public int interruptNesting() {
        return interruptNesting;
    }

    /** Total interrupts delivered since reset. */
    public long interruptsDelivered() {
        return interruptsDelivered;
    }

    /** Interrupts or exceptions that arrived at a vector with no gate installed. */
    public long unhandled(int vector) {
        return unhandled[vector];
    }

    // ---------------------------------------------------------------------------------------------------------
    // IDT

    /** LIDT, one gate at a time: installs (or with null removes) an interrupt gate with DPL 0 for {@code vector}. */
    public void setGate(int vector, TrapHandler handler) {
        setGate(vector, handler, false, 0);
    }

    /**
     * Installs a gate: a trap gate keeps IF as it was (system calls), an interrupt gate clears it; {@code dpl} 3
     * lets user code reach the gate with INT n, as the system call gate must be.
     */
    public void setGate(int vector, TrapHandler handler, boolean trap, int dpl) {
        if (dpl != 0 && dpl != 3) {
            throw new IllegalArgumentException("gate DPL must be 0 or 3, not " + dpl);
        }
        idt[vector] = handler;
        trapGate[vector] = trap;
        gateDpl[vector] = dpl;
    }

    /**
     * INT n: a software interrupt. From CPL 3 a gate with DPL 0 is refused with #GP(n*8+2), as the SDM says
     * (IDT error code with the IDT bit set); otherwise the gate runs like an exception, at CPL 0, then the CPU
     * returns to the caller's CPL.
     */
    public void softwareInterrupt(int vector) {
        if (cpl > gateDpl[vector] || idt[vector] == null) {
            raise(PagingBits.VECTOR_GP, vector * 8 + 2);
            return;
        }
        raise(vector, 0);
    }

    public TrapHandler gate(int vector) {
        return idt[vector];
    }

    /**
     * Raises exception {@code vector} now (the MMU raises #PF and #GP this way). With no gate installed the
     * exception is handed to the host as a {@link CpuException} (a {@link org.kld86.emulator.mmu.PageFault}
     * for vector 14), since the machine cannot continue the faulting access.
     */
    @Override
    public void raise(int vector, int errorCode) {
        TrapHandler h = idt[vector];
        if (h == null) {
            unhandled[vector]++;
            throw vector == PagingBits.VECTOR_PF
                    ? new org.kld86.emulator.mmu.PageFault(mmu.cr2(), errorCode, "no page fault handler")
                    : new CpuException(vector, errorCode,
                            "exception " + vector + " (error code " + errorCode + ") with no handler");
        }
        int savedCpl = cpl;
        boolean savedIf = interruptFlag;
        interruptedCpl = savedCpl;
        interruptedIf = savedIf;
        setCpl(0);
        if (!trapGate[vector]) {
            interruptFlag = false;
        }
        h.handle(vector, errorCode);
        interruptFlag = savedIf;
        setCpl(savedCpl);
    }

    // ---------------------------------------------------------------------------------------------------------
    // Time and interrupts

    /**
     * Where instrumented guest code reports that it ran for {@code cycles}: time advances, device events due by
     * then fire, and pending interrupts are taken if IF=1. Nothing but the clock is looked at unless an event is
     * due or the interrupt controller raised INTR since (it pokes the clock), so a safepoint with nothing to do is
     * one compare.
     */
    public void safepoint(long cycles) {
        clock.advanceAtSafepoint(cycles);
    }

    /** Takes every pending interrupt now (if IF=1), as at an instruction boundary. */
    public void pollInterrupts() {
        if (interruptFlag && intrMaybe && pic.intr()) {
            deliverInterrupts();
        }
    }

    /**
     * The idle step (HLT until something happens): if an interrupt is pending it is taken at once; otherwise the
     * clock jumps to the next scheduled event, which runs, and any interrupt it raised is taken. One step covers
     * one event time, so a kernel that keeps its own timeouts on the clock sees them expire between steps.
     *
     * @return false if nothing could ever happen: IF=0 with no event pending, or no interrupt pending and no
     *         event scheduled
     */
    public boolean idle() {
        if (interruptFlag && pic.intr()) {
            deliverInterrupts();
            return true;
        }
        long next = clock.nextEventCycles();
        if (next == Long.MAX_VALUE) {
            return false;
        }
        clock.runUntil(next);
        if (interruptFlag && pic.intr()) {
            deliverInterrupts();
        }
        return true;
    }

    private void deliverInterrupts() {
        while (interruptFlag && pic.intr()) {
            int vector = pic.acknowledge() & 0xFF;
            interruptsDelivered++;
            TrapHandler h = idt[vector];
            if (h == null) {
                unhandled[vector]++;
                continue;
            }
            int savedCpl = cpl;
            setCpl(0);
            interruptFlag = false;
            interruptNesting++;
            try {
                h.handle(vector, 0);
            } finally {
                interruptNesting--;
            }
            interruptFlag = true;
            setCpl(savedCpl);
        }
    }

    // ---------------------------------------------------------------------------------------------------------
    // Port I/O (IN/OUT are IOPL-sensitive: with IOPL 0, CPL 3 gets #GP(0))

    public int in8(int port) {
        return checkIopl() ? ports.in8(port) : 0xFF;
    }

    public int in16(int port) {
        return checkIopl() ? ports.in16(port) : 0xFFFF;
    }

    public int in32(int port) {
        return checkIopl() ? ports.in32(port) : -1;
    }

    public void out8(int port, int value) {
        if (checkIopl()) {
            ports.out8(port, value);
        }
    }

    public void out16(int port, int value) {
        if (checkIopl()) {
            ports.out16(port, value);
        }
    }

    public void out32(int port, int value) {
        if (checkIopl()) {
            ports.out32(port, value);
        }
    }

    private boolean checkIopl() {
        if (cpl == 3) {
            raise(PagingBits.VECTOR_GP, 0);
            return false;
        }
        return true;
    }
}
