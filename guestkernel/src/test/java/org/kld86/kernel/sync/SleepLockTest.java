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
import org.kld86.kernel.proc.KThread;

class SleepLockTest {

    private final Machine machine = new Machine(MachineConfig.builder().clearDevices().build());
    private final Kernel kernel = Kernel.boot(machine, KernelOptions.defaults());
    private final SleepLock lock = new SleepLock();
    private final List<String> log = new ArrayList<>();

    @AfterEach
    void tearDown() {
        kernel.shutdown();
    }

    @Test
    void releaseHandsTheLockToTheLongestWaiterBeforeItRuns() {
        KThread me = kernel.scheduler().current();
        assertTrue(lock.tryAcquire(me));
        KThread w = kernel.scheduler().spawn("w", () -> {
            lock.acquire(kernel.synch(), "test", "*lock", false);
            log.add("w has it");
        }, null);
        kernel.scheduler().yield();
        assertTrue(lock.hasWaiters());
        assertEquals("*lock", w.wmesg());
        lock.release(kernel.synch());
        assertSame(w, lock.owner(), "owned before it even ran");
        assertFalse(lock.tryAcquire(me));
        kernel.scheduler().yield();
        assertEquals(List.of("w has it"), log);
    }
}
