package org.kld86.kpi;

import static org.junit.jupiter.api.Assertions.*;
import static org.kld86.kpi.Jiffies.*;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.kld86.emulator.Machine;
import org.kld86.emulator.MachineConfig;
import org.kld86.kernel.Kernel;
import org.kld86.kernel.KernelOptions;

class JiffiesTest {

    private final Machine machine = new Machine(MachineConfig.builder().clearDevices().build());
    private final Kernel kernel = Kernel.boot(machine, KernelOptions.defaults());

    @AfterEach
    void tearDown() {
        kernel.shutdown();
    }

    @Test
    void jiffiesStartFiveMinutesBeforeTheyWrap() {
        assertEquals(0xFFFB6C20L, INITIAL_JIFFIES, "(unsigned int)(-300 * HZ) with HZ 1000");
        assertEquals(INITIAL_JIFFIES, jiffies());
        machine.clock().advance(300L * 1_000_000_000L);
        assertEquals(0, jiffies(), "300 s after boot the 32-bit count wraps");
    }

    @Test
    void theComparisonMacrosSurviveTheWrap() {
        long before = 0xFFFFFFF0L;
        long after = 0x10L;
        assertTrue(time_after(after, before));
        assertTrue(time_before(before, after));
        assertTrue(time_after_eq(after, after));
        assertFalse(after > before == time_after(after, before), "a plain comparison gets it wrong");
    }

    @Test
    void conversionsAtHz1000() {
        assertEquals(250, msecs_to_jiffies(250));
        assertEquals(1, usecs_to_jiffies(1));
        assertEquals(1500, jiffies_to_msecs(1500));
    }
}
