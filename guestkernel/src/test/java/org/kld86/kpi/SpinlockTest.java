package org.kld86.kpi;

import static org.junit.jupiter.api.Assertions.*;
import static org.kld86.kpi.Spinlock.*;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.kld86.emulator.Machine;
import org.kld86.emulator.MachineConfig;
import org.kld86.kernel.Kernel;
import org.kld86.kernel.KernelOptions;
import org.kld86.kernel.KernelPanic;

class SpinlockTest {

    private final Machine machine = new Machine(MachineConfig.builder().clearDevices().build());
    private final Kernel kernel = Kernel.boot(machine, KernelOptions.defaults());
    private final Spinlock lock = new Spinlock();

    @AfterEach
    void tearDown() {
        kernel.shutdown();
    }

    @Test
    void irqsaveTurnsInterruptsOffAndRestoreBringsThemBack() {
        spin_lock_init(lock);
        long flags = spin_lock_irqsave(lock);
        assertEquals(X86_EFLAGS_IF, flags);
        assertFalse(machine.cpu().interruptsEnabled());
        assertTrue(spin_is_locked(lock));
        spin_unlock_irqrestore(lock, flags);
        assertTrue(machine.cpu().interruptsEnabled());
        spin_lock(lock);
        assertTrue(machine.cpu().interruptsEnabled(), "plain spin_lock leaves interrupts alone");
        assertEquals(0, spin_trylock(lock));
        spin_unlock(lock);
        assertEquals(1, spin_trylock(lock));
        spin_unlock(lock);
    }

    @Test
    void sleepingWithASpinlockHeldIsSchedulingWhileAtomic() {
        spin_lock(lock);
        KernelPanic p = assertThrows(KernelPanic.class, () -> Sleep.pause("nap", 1));
        assertEquals("BUG: scheduling while atomic: swapper/100000/0x00000002", p.getMessage());
    }

    @Test
    void aMutexUnderASpinlockIsTheMightSleepSplat() {
        spin_lock_irq(lock);
        KernelPanic p = assertThrows(KernelPanic.class, () -> Mutex.mutex_lock(new Mutex()));
        assertTrue(p.getMessage().startsWith("BUG: sleeping function called from invalid context at kpi/Mutex.java:"));
    }

    @Test
    void takingItTwiceIsRecursionAndReleasingAFreeLockIsAlreadyUnlocked() {
        spin_lock(lock);
        assertEquals("BUG: spinlock recursion on CPU#0, swapper/100000",
                assertThrows(KernelPanic.class, () -> spin_lock(lock)).getMessage());
    }

    @Test
    void releasingAFreeLockIsABug() {
        assertEquals("BUG: spinlock already unlocked on CPU#0, swapper/100000",
                assertThrows(KernelPanic.class, () -> spin_unlock(lock)).getMessage());
    }
}
