package org.kld86.kpi;

import static org.junit.jupiter.api.Assertions.*;
import static org.kld86.kpi.Wait.*;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.kld86.emulator.Machine;
import org.kld86.emulator.MachineConfig;
import org.kld86.kernel.Kernel;
import org.kld86.kernel.KernelOptions;
import org.kld86.kernel.KernelPanic;
import org.kld86.kernel.proc.ProcTable;
import org.kld86.kernel.proc.Scheduler;

class WaitTest {

    private final Machine machine = new Machine(MachineConfig.builder().clearDevices().build());
    private final Kernel kernel = Kernel.boot(machine, KernelOptions.defaults());
    private final Scheduler s = kernel.scheduler();
    private final long base = DelayTest.alignToTick(machine, kernel);
    private final List<String> log = new ArrayList<>();
    private final WaitQueueHead wq = new WaitQueueHead();
    private boolean flag;

    @AfterEach
    void tearDown() {
        kernel.shutdown();
    }

    @Test
    void waitEventSleepsUntilTheConditionIsTrueAfterAWakeUp() {
        init_waitqueue_head(wq);
        s.spawn("waiter", () -> {
            wait_event(wq, () -> flag);
            log.add("woke");
        }, null);
        s.yield();
        assertTrue(waitqueue_active(wq));
        wake_up(wq);
        s.yield();
        assertEquals(List.of(), log, "the condition is still false: back to sleep");
        flag = true;
        wake_up(wq);
        s.yield();
        assertEquals(List.of("woke"), log);
        assertFalse(waitqueue_active(wq));
    }

    @Test
    void wakeUpInterruptibleLeavesUninterruptibleWaitersAsleep() {
        s.spawn("plain", () -> {
            wait_event(wq, () -> log.contains("go"));
            log.add("plain");
        }, null);
        s.spawn("intr", () -> log.add("intr " + wait_event_interruptible(wq, () -> log.contains("go"))), null);
        s.yield();
        log.add("go");
        wake_up_interruptible(wq);
        s.yield();
        assertEquals(List.of("go", "intr 0"), log, "the plain waiter's condition is true too, but it was not woken");
        wake_up(wq);
        s.yield();
        assertEquals(List.of("go", "intr 0", "plain"), log);
    }

    @Test
    void aSignalEndsAnInterruptibleWaitWithErestartsys() {
        BlockedReader r = new BlockedReader(kernel, () -> wait_event_interruptible(wq, () -> flag));
        assertEquals(ProcTable.SIGINT, r.kill(ProcTable.SIGINT));
        assertEquals(-Errno.ERESTARTSYS, r.result);
        assertEquals(512, Errno.ERESTARTSYS);
    }

    @Test
    void aTimedWaitReturnsZeroWhenTimeRunsOutAndTheJiffiesLeftWhenTheConditionCameTrue() {
        long start = machine.clock().now();
        assertEquals(0, wait_event_timeout(wq, () -> flag, 5));
        assertEquals(start + 5_000_000, machine.clock().now(), "from a tick boundary, exactly 5 ticks");
        assertEquals(7, wait_event_timeout(wq, () -> true, 7), "true at once: the whole timeout is left");
        s.spawn("setter", () -> {
            Delay.msleep(2);
            flag = true;
            wake_up(wq);
        }, null);
        assertEquals(7, wait_event_timeout(wq, () -> flag, 10), "woken 3 ticks in (msleep(2) sleeps 3 ticks)");
    }

    @Test
    void waitingInInterruptContextIsTheMightSleepSplat() {
        machine.cpu().setGate(0x40, (v, e) -> wait_event(wq, () -> flag));
        machine.cpu().setInterruptController(new org.kld86.emulator.cpu.InterruptController() {
            boolean pending = true;

            @Override
            public boolean intr() {
                return pending;
            }

            @Override
            public int acknowledge() {
                pending = false;
                return 0x40;
            }
        });
        int mark = kernel.console().dmesg().length();
        KernelPanic p = assertThrows(KernelPanic.class, () -> machine.cpu().safepoint(1));
        assertTrue(p.getMessage().matches("BUG: sleeping function called from invalid context at kpi/Wait.java:\\d+"),
                p.getMessage());
        assertTrue(kernel.console().dmesg().substring(mark).contains("in_atomic(): 1, irqs_disabled(): 1, pid: 100000, name: swapper\n"));
    }
}
