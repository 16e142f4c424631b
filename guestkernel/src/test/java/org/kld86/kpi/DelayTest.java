package org.kld86.kpi;

import static org.junit.jupiter.api.Assertions.*;
import static org.kld86.kpi.Delay.*;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.kld86.emulator.Machine;
import org.kld86.emulator.MachineConfig;
import org.kld86.kernel.Kernel;
import org.kld86.kernel.KernelOptions;
import org.kld86.kernel.proc.ProcTable;

class DelayTest {

    private final Machine machine = new Machine(MachineConfig.builder().clearDevices().build());
    private final Kernel kernel = Kernel.boot(machine, KernelOptions.defaults());
    /** Booting takes virtual time; each test starts on the tick boundary after it, and measures from there. */
    private final long base = alignToTick(machine, kernel);

    static long alignToTick(Machine machine, Kernel kernel) {
        long tick = kernel.ticksToCycles(1);
        long now = machine.clock().now();
        long base = (now + tick - 1) / tick * tick;
        machine.clock().advance(base - now);
        return base;
    }

    @AfterEach
    void tearDown() {
        kernel.shutdown();
    }

    private long now() {
        return machine.clock().now() - base;
    }

    @Test
    void msleepSleepsOneTickMoreThanAskedSoItLastsAtLeastThatLong() {
        Sleep.DELAY(300); // 0.3 ms into a tick
        msleep(2);
        assertEquals(3_000_000, now(), "to the third tick boundary: at least 2 ms");
    }

    @Test
    void scheduleTimeoutEndsAtATickBoundary() {
        Sleep.DELAY(500);
        assertEquals(0, schedule_timeout_uninterruptible(4));
        assertEquals(4_000_000, now());
    }

    @Test
    void aSignalEndsAnInterruptibleSleepEarlyWithTheTimeLeft() {
        long[] left = {-1};
        BlockedReader r = new BlockedReader(kernel, () -> {
            left[0] = msleep_interruptible(100);
            return 0;
        });
        Sleep.DELAY(10_000);
        assertEquals(ProcTable.SIGINT, r.kill(ProcTable.SIGINT));
        assertEquals(91, left[0], "101 ticks asked, 10 passed");
    }

    @Test
    void theBusyWaitsSpinInVirtualTime() {
        udelay(3);
        ndelay(500);
        mdelay(1);
        assertEquals(3_000 + 500 + 1_000_000, now());
    }
}
