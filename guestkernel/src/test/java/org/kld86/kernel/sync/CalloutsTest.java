package org.kld86.kernel.sync;

import static org.junit.jupiter.api.Assertions.*;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.kld86.emulator.Machine;
import org.kld86.emulator.MachineConfig;
import org.kld86.kernel.Kernel;
import org.kld86.kernel.KernelOptions;

class CalloutsTest {

    private final Machine machine = new Machine(MachineConfig.builder().clearDevices().build());
    private final Kernel kernel = Kernel.boot(machine, KernelOptions.defaults());
    private final Callouts callouts = kernel.callouts();
    private final List<String> log = new ArrayList<>();

    @AfterEach
    void tearDown() {
        kernel.shutdown();
    }

    @Test
    void aCalloutRunsAtCplZeroEvenWhenItFallsDueInUserMode() {
        Callouts.Entry e = new Callouts.Entry();
        callouts.reset(e, machine.clock().now() + 1000, () -> log.add("cpl " + machine.cpu().cpl() + " softclock " + callouts.inSoftclock()),
                this, "test");
        machine.cpu().setCpl(3);
        machine.cpu().safepoint(2000);
        assertEquals(3, machine.cpu().cpl(), "back to the interrupted code's CPL");
        machine.cpu().setCpl(0);
        assertEquals(List.of("cpl 0 softclock true"), log);
        assertFalse(callouts.inSoftclock());
    }

    @Test
    void stoppingItsOwnCalloutFromInsideTheFunctionSaysItIsRunning() {
        Callouts.Entry e = new Callouts.Entry();
        int[] r = {99};
        callouts.reset(e, machine.clock().now() + 10, () -> r[0] = callouts.stop(e), this, "test");
        machine.cpu().safepoint(20);
        assertEquals(0, r[0], "callout(9): 0 when the callout could not be stopped because it is running");
        assertEquals(-1, callouts.stop(e));
    }

    @Test
    void aCalloutDueInAnInterruptHandlerRunsWhenTheHandlerReturns() {
        kernel.interrupts().setup(5, "t", a -> {
            machine.cpu().safepoint(100); // the handler runs past the callout's time
            log.add("handler");
            return org.kld86.kernel.intr.Interrupts.FILTER_HANDLED;
        }, null, null, org.kld86.kernel.intr.Interrupts.INTR_TYPE_MISC, null, null);
        Callouts.Entry e = new Callouts.Entry();
        callouts.reset(e, machine.clock().now() + 10, () -> log.add("callout at nesting " + machine.cpu().interruptNesting()),
                this, "test");
        machine.pic().irq(5).pulse();
        machine.cpu().safepoint(1);
        assertEquals(List.of("handler", "callout at nesting 1"), log, "run at the end of the interrupt, still in it");
    }
}
