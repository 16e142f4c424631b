package org.kld86.kpi;

import static org.junit.jupiter.api.Assertions.*;
import static org.kld86.kpi.Callout.*;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.kld86.emulator.Machine;
import org.kld86.emulator.MachineConfig;
import org.kld86.kernel.Kernel;
import org.kld86.kernel.KernelOptions;
import org.kld86.kernel.KernelPanic;
import org.kld86.kernel.kld.Linker;
import org.kld86.kernel.kld.MemoryModuleStore;
import org.kld86.kernel.kld.ModuleJars;

class CalloutTest {

    private final MemoryModuleStore store = new MemoryModuleStore();
    private final Machine machine = new Machine(MachineConfig.builder().clearDevices().build());
    private final Kernel kernel = Kernel.boot(machine, KernelOptions.defaults(), store);
    private final List<String> log = new ArrayList<>();
    private final Callout c = new Callout();

    CalloutTest() {
        callout_init(c, 1);
    }

    @AfterEach
    void tearDown() {
        kernel.shutdown();
    }

    private long now() {
        return machine.clock().now();
    }

    private void sleepTicks(int ticks) {
        Sleep.tsleep(new Object(), Sleep.PZERO, "test", ticks);
    }

    @Test
    void aCalloutRunsAtItsTickInSoftclockContext() {
        long start = now();
        assertEquals(0, callout_reset(c, 10, arg -> log.add(arg + " at " + (now() - start) + " in_interrupt "
                + kernel.inInterrupt()), "tick"));
        assertTrue(callout_pending(c));
        assertTrue(callout_active(c));
        sleepTicks(20);
        assertEquals(List.of("tick at 10000000 in_interrupt true"), log);
        assertFalse(callout_pending(c));
        assertTrue(callout_active(c), "running does not clear active");
        callout_deactivate(c);
        assertFalse(callout_active(c));
    }

    @Test
    void resetMovesAPendingCalloutAndStopCancelsIt() {
        long start = now();
        callout_reset(c, 10, arg -> log.add("first"), null);
        assertEquals(1, callout_reset(c, 3, arg -> log.add("at " + (now() - start)), null), "it was pending");
        sleepTicks(20);
        assertEquals(List.of("at 3000000"), log);
        assertEquals(-1, callout_stop(c), "neither pending nor running");
        callout_reset(c, 5, arg -> log.add("never"), null);
        assertEquals(1, callout_stop(c));
        assertFalse(callout_active(c));
        sleepTicks(10);
        assertEquals(List.of("at 3000000"), log);
    }

    @Test
    void nonPositiveTicksMeanOneTickAndScheduleReusesTheFunction() {
        long start = now();
        callout_reset(c, 0, arg -> log.add("" + (now() - start)), null);
        sleepTicks(2);
        callout_schedule(c, -5);
        sleepTicks(2);
        assertEquals(List.of("1000000", "3000000"), log);
    }

    @Test
    void aCalloutThatSleepsPanicsNamingTheRule() {
        callout_reset(c, 1, arg -> Sleep.pause("nap", 1), null);
        KernelPanic p = assertThrows(KernelPanic.class, () -> sleepTicks(5));
        assertEquals("pause: sleeping on \"nap\" in a callout: callouts run in softclock context and must not sleep",
                p.getMessage());
    }

    @Test
    void aSleepingAllocationInACalloutPanics() {
        callout_reset(c, 1, arg -> kernel.malloc().malloc(8, kernel.malloc().M_DEVBUF,
                org.kld86.kernel.malloc.MallocFlags.M_WAITOK), null);
        assertEquals("malloc(M_WAITOK) in interrupt context", assertThrows(KernelPanic.class, () -> sleepTicks(5)).getMessage());
    }

    @Test
    void aCalloutDueWhileASpinMutexIsHeldRunsWhenItIsReleased() {
        Mtx spin = new Mtx();
        Mtx.mtx_init(spin, "hw", null, Mtx.MTX_SPIN);
        long start = now();
        callout_reset(c, 1, arg -> log.add("ran at " + (now() - start)), null);
        Mtx.mtx_lock_spin(spin);
        Sleep.DELAY(2000);
        assertEquals(List.of(), log, "held off, as the timer interrupt would be");
        Mtx.mtx_unlock_spin(spin);
        assertEquals(List.of("ran at 2000000"), log);
    }

    @Test
    void aModulesPendingCalloutIsCancelledWhenItIsUnloaded() {
        store.put("/boot/modules/tmo.ko", ModuleJars.jar(Map.of("tmo.Tmo", """
                package tmo;
                import org.kld86.kpi.*;
                @DevModule(name = "tmo")
                public final class Tmo implements ModuleEventHandler {
                    static final Callout c = new Callout();
                    public int modevent(KldModule mod, int what, Object arg) {
                        if (what == Kld.MOD_LOAD) {
                            Callout.callout_init(c, 1);
                            Callout.callout_reset(c, 100, a -> Systm.printf("too late%n"), null);
                        }
                        return 0;
                    }
                }
                """)));
        Linker linker = kernel.linker();
        assertTrue(linker.kldload("tmo", List.of()).ok(), kernel.console().dmesg());
        int mark = kernel.console().dmesg().length();
        assertEquals(0, linker.kldunload(linker.findFile("tmo").id(), Linker.LINKER_UNLOAD_NORMAL));
        sleepTicks(200);
        assertEquals("Warning: tmo.ko unloaded with a callout still pending; cancelled.\n",
                kernel.console().dmesg().substring(mark));
        assertEquals(0, kernel.callouts().pendingCount());
    }
}
