package org.kld86.kpi;

import static org.junit.jupiter.api.Assertions.*;
import static org.kld86.kpi.Mutex.*;

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

class MutexTest {

    private final Machine machine = new Machine(MachineConfig.builder().clearDevices().build());
    private final Kernel kernel = Kernel.boot(machine, KernelOptions.defaults());
    private final Scheduler s = kernel.scheduler();
    private final List<String> log = new ArrayList<>();
    private final Mutex m = new Mutex();

    @AfterEach
    void tearDown() {
        kernel.shutdown();
    }

    @Test
    void waitersGetTheMutexFirstComeFirstServed() {
        mutex_init(m);
        mutex_lock(m);
        for (String name : List.of("a", "b")) {
            s.spawn(name, () -> {
                mutex_lock(m);
                log.add(name);
                Delay.msleep(1); // sleeping with a mutex held is fine
                mutex_unlock(m);
            }, null);
        }
        s.yield();
        assertTrue(mutex_is_locked(m));
        assertEquals(0, mutex_trylock(m));
        mutex_unlock(m);
        Delay.msleep(10);
        assertEquals(List.of("a", "b"), log);
        assertFalse(mutex_is_locked(m));
        assertEquals(1, mutex_trylock(m));
    }

    @Test
    void anInterruptibleLockGivesUpWithEintrOnASignal() {
        mutex_lock(m);
        BlockedReader r = new BlockedReader(kernel, () -> mutex_lock_interruptible(m));
        assertEquals(ProcTable.SIGINT, r.kill(ProcTable.SIGINT));
        assertEquals(-Errno.EINTR, r.result);
        mutex_unlock(m);
        assertFalse(mutex_is_locked(m), "the interrupted waiter was not handed the mutex");
    }

    @Test
    void lockingItTwiceWouldDeadlockAndUnlockingSomeoneElsesWarns() {
        mutex_lock(m);
        assertTrue(assertThrows(KernelPanic.class, () -> mutex_lock(m)).getMessage()
                .startsWith("possible recursive locking detected: swapper/100000"));
    }

    @Test
    void unlockingAMutexOneDoesNotHoldWarns() {
        s.spawn("holder", () -> mutex_lock(m), null);
        s.yield();
        int mark = kernel.console().dmesg().length();
        mutex_unlock(m);
        String out = kernel.console().dmesg().substring(mark);
        assertTrue(out.startsWith("------------[ cut here ]------------\nWARNING: at kpi/Mutex.java:"), out);
        assertTrue(out.contains(" mutex_unlock()\nDEBUG_LOCKS_WARN_ON(lock->owner != current)\n"), out);
    }
}
