package org.kld86.kpi;

import static org.junit.jupiter.api.Assertions.*;
import static org.kld86.kpi.Semaphore.*;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.kld86.emulator.Machine;
import org.kld86.emulator.MachineConfig;
import org.kld86.kernel.Kernel;
import org.kld86.kernel.KernelOptions;
import org.kld86.kernel.proc.ProcTable;
import org.kld86.kernel.proc.Scheduler;

class SemaphoreTest {

    private final Machine machine = new Machine(MachineConfig.builder().clearDevices().build());
    private final Kernel kernel = Kernel.boot(machine, KernelOptions.defaults());
    private final Scheduler s = kernel.scheduler();
    private final List<String> log = new ArrayList<>();
    private final Semaphore sem = new Semaphore();

    @AfterEach
    void tearDown() {
        kernel.shutdown();
    }

    @Test
    void downTakesAUnitAndSleepsWhenNoneIsLeftAndUpHandsOneToTheLongestSleeper() {
        sema_init(sem, 1);
        assertEquals(0, down_trylock(sem), "0 means it took one");
        assertEquals(1, down_trylock(sem), "1 means it would have to sleep");
        for (String name : List.of("a", "b")) {
            s.spawn(name, () -> {
                down(sem);
                log.add(name);
            }, null);
        }
        s.yield();
        assertEquals(List.of(), log);
        up(sem);
        assertEquals(0, sema_count(sem), "the unit went straight to a");
        s.yield();
        assertEquals(List.of("a"), log);
        up(sem);
        up(sem);
        s.yield();
        assertEquals(List.of("a", "b"), log);
        assertEquals(1, sema_count(sem));
    }

    @Test
    void downInterruptibleReturnsEintrOnASignalAsLinuxDoes() {
        sema_init(sem, 0);
        BlockedReader r = new BlockedReader(kernel, () -> down_interruptible(sem));
        assertEquals(ProcTable.SIGINT, r.kill(ProcTable.SIGINT));
        assertEquals(-Errno.EINTR, r.result, "kernel/semaphore.c __down_common returns -EINTR");
        up(sem);
        assertEquals(1, sema_count(sem), "the interrupted sleeper left the queue");
    }
}
