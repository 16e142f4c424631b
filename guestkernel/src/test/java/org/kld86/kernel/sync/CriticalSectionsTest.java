package org.kld86.kernel.sync;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.kld86.emulator.Machine;
import org.kld86.emulator.MachineConfig;
import org.kld86.kernel.Kernel;
import org.kld86.kernel.KernelOptions;
import org.kld86.kernel.KernelPanic;

class CriticalSectionsTest {

    private final Machine machine = new Machine(MachineConfig.builder().clearDevices().build());
    private final Kernel kernel = Kernel.boot(machine, KernelOptions.defaults());
    private final CriticalSections cs = kernel.criticalSections();

    @AfterEach
    void tearDown() {
        kernel.shutdown();
    }

    @Test
    void onlyTheOutermostLevelRestoresInterrupts() {
        cs.enter(w -> "outer " + w);
        cs.enter(w -> "inner " + w);
        assertEquals(2, cs.depth());
        cs.exit();
        assertFalse(machine.cpu().interruptsEnabled());
        cs.exit();
        assertTrue(machine.cpu().interruptsEnabled());
        assertEquals(0, cs.depth());
    }

    @Test
    void theInnermostRuleNamesTheForbiddenSleep() {
        cs.enter(w -> "outer " + w);
        cs.enter(w -> "inner " + w);
        assertEquals("inner nap", assertThrows(KernelPanic.class,
                () -> kernel.scheduler().sleep(new Object(), "nap", 1)).getMessage());
    }

    @Test
    void preemptionOffForbidsSleepingButLeavesInterruptsOn() {
        cs.preemptDisable(w -> "atomic " + w);
        assertTrue(machine.cpu().interruptsEnabled());
        assertEquals(1, cs.depth());
        cs.preemptEnable();
        assertFalse(kernel.scheduler().sleep(new Object(), "nap", 1), "may sleep again (and times out)");
    }

    @Test
    void leavingASectionNeverEnteredPanics() {
        assertEquals("spinlock_exit: not in a critical section", assertThrows(KernelPanic.class, cs::exit).getMessage());
    }
}
