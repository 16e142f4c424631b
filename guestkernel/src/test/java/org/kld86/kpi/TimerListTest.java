package org.kld86.kpi;

import static org.junit.jupiter.api.Assertions.*;
import static org.kld86.kpi.Jiffies.jiffies;
import static org.kld86.kpi.TimerList.*;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.kld86.emulator.Machine;
import org.kld86.emulator.MachineConfig;
import org.kld86.kernel.Kernel;
import org.kld86.kernel.KernelOptions;
import org.kld86.kernel.KernelPanic;

class TimerListTest {

    private final Machine machine = new Machine(MachineConfig.builder().clearDevices().build());
    private final Kernel kernel = Kernel.boot(machine, KernelOptions.defaults());
    private final List<String> log = new ArrayList<>();
    private final TimerList timer = new TimerList();

    @AfterEach
    void tearDown() {
        kernel.shutdown();
    }

    @Test
    void aTimerRunsWhenJiffiesReachesExpiresInSoftirqContext() {
        Sleep.DELAY(500); // half a tick in: the timer still fires on the tick boundary
        long j0 = jiffies();
        setup_timer(timer, data -> log.add(data + " at jiffies+" + (jiffies() - j0) + " ns "
                + machine.clock().now() + " in_interrupt " + Interrupt.in_interrupt()), 42);
        assertEquals(0, mod_timer(timer, j0 + 10));
        assertTrue(timer_pending(timer));
        Delay.msleep(20);
        assertEquals(List.of("42 at jiffies+10 ns 10000000 in_interrupt true"), log);
        assertFalse(timer_pending(timer));
    }

    @Test
    void modTimerSaysWhetherItWasPendingAndDelTimerCancels() {
        setup_timer(timer, d -> log.add("ran"), 0);
        assertEquals(0, mod_timer(timer, jiffies() + 5));
        assertEquals(1, mod_timer(timer, jiffies() + 6));
        assertEquals(1, del_timer(timer));
        assertEquals(0, del_timer(timer));
        Delay.msleep(10);
        assertEquals(List.of(), log);
    }

    @Test
    void anExpiryAlreadyPastRunsAtTheNextTick() {
        setup_timer(timer, d -> log.add("at " + machine.clock().now()), 0);
        Sleep.DELAY(1500);
        mod_timer(timer, jiffies() - 100);
        Delay.msleep(5);
        assertEquals(List.of("at 2000000"), log);
    }

    @Test
    void addTimerOnAPendingTimerIsABug() {
        setup_timer(timer, d -> { }, 0);
        timer.expires = jiffies() + 5;
        add_timer(timer);
        assertEquals("add_timer: timer is already pending", assertThrows(KernelPanic.class, () -> add_timer(timer)).getMessage());
    }
}
