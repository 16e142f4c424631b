package org.kld86.kpi;

import static org.junit.jupiter.api.Assertions.*;
import static org.kld86.kpi.Mtx.*;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.kld86.emulator.Machine;
import org.kld86.emulator.MachineConfig;
import org.kld86.kernel.Kernel;
import org.kld86.kernel.KernelOptions;
import org.kld86.kernel.KernelPanic;
import org.kld86.kernel.proc.Scheduler;

class MtxTest {

    private final Machine machine = new Machine(MachineConfig.builder().clearDevices().build());
    private final Kernel kernel = Kernel.boot(machine, KernelOptions.defaults());
    private final Scheduler s = kernel.scheduler();
    private final List<String> log = new ArrayList<>();
    private final Mtx m = new Mtx();

    MtxTest() {
        mtx_init(m, "sc_mtx", null, MTX_DEF);
    }

    @AfterEach
    void tearDown() {
        kernel.shutdown();
    }

    @Test
    void contendedThreadsBlockAndGetTheMutexInArrivalOrder() {
        mtx_lock(m);
        for (String name : List.of("a", "b")) {
            s.spawn(name, () -> {
                log.add(name + " wants");
                mtx_lock(m);
                log.add(name + " has");
                mtx_unlock(m);
            }, null);
        }
        s.yield();
        assertEquals(List.of("a wants", "b wants"), log, "both block on the held mutex");
        assertEquals("*sc_mtx", s.threads().get(1).wmesg(), "a lock wait shows the lock's name");
        mtx_unlock(m);
        assertEquals(0, mtx_trylock(m), "handed to a, which has not run yet");
        s.yield();
        assertEquals(List.of("a wants", "b wants", "a has"), log, "a's unlock handed it to b, queued behind us");
        s.yield();
        assertEquals(List.of("a wants", "b wants", "a has", "b has"), log);
        assertEquals(1, mtx_trylock(m));
        mtx_unlock(m);
    }

    @Test
    void recursionPanicsUnlessTheMutexAllowsIt() {
        mtx_lock(m);
        KernelPanic p = assertThrows(KernelPanic.class, () -> mtx_lock(m));
        assertEquals("_mtx_lock_sleep: recursed on non-recursive mutex sc_mtx", p.getMessage());
    }

    @Test
    void aRecursiveMutexCountsItsLevels() {
        Mtx r = new Mtx();
        mtx_init(r, "rec", null, MTX_DEF | MTX_RECURSE);
        mtx_lock(r);
        mtx_lock(r);
        mtx_assert(r, MA_OWNED | MA_RECURSED);
        mtx_unlock(r);
        mtx_assert(r, MA_OWNED | MA_NOTRECURSED);
        mtx_unlock(r);
        mtx_assert(r, MA_NOTOWNED);
    }

    @Test
    void onlyTheOwnerMayUnlock() {
        s.spawn("owner", () -> mtx_lock(m), null);
        s.yield();
        KernelPanic p = assertThrows(KernelPanic.class, () -> mtx_unlock(m));
        assertEquals("mutex sc_mtx not owned at mtx_unlock", p.getMessage());
    }

    @Test
    void theWrongKindOfLockCallPanics() {
        assertEquals("mtx_lock_spin() of sleep mutex sc_mtx",
                assertThrows(KernelPanic.class, () -> mtx_lock_spin(m)).getMessage());
    }

    @Test
    void aSpinMutexTurnsInterruptsOffAndMayNotBeHeldAcrossASleep() {
        Mtx spin = new Mtx();
        mtx_init(spin, "hw", null, MTX_SPIN);
        assertTrue(machine.cpu().interruptsEnabled());
        mtx_lock_spin(spin);
        assertFalse(machine.cpu().interruptsEnabled());
        mtx_unlock_spin(spin);
        assertTrue(machine.cpu().interruptsEnabled());
        mtx_lock_spin(spin);
        KernelPanic p = assertThrows(KernelPanic.class, () -> Sleep.pause("nap", 1));
        assertEquals("mi_switch: sleeping on \"nap\" with spin mutex hw held: a spin mutex must not be held across a sleep",
                p.getMessage());
    }

    @Test
    void aSleepLockCallOnASpinMutexPanics() {
        Mtx spin = new Mtx();
        mtx_init(spin, "hw", null, MTX_SPIN);
        assertEquals("mtx_lock() of spin mutex hw", assertThrows(KernelPanic.class, () -> mtx_lock(spin)).getMessage());
    }

    @Test
    void destroyingAMutexAnotherThreadHoldsPanicsAndADestroyedMutexCannotBeUsed() {
        s.spawn("owner", () -> mtx_lock(m), null);
        s.yield();
        assertTrue(assertThrows(KernelPanic.class, () -> mtx_destroy(m)).getMessage()
                .startsWith("Assertion mtx_unowned(m) failed at mtx_destroy"));
    }

    @Test
    void theOwnerMayDestroyItsMutexAndThenItIsGone() {
        mtx_lock(m);
        mtx_destroy(m);
        assertFalse(mtx_initialized(m));
        assertEquals("mtx_lock() of destroyed mutex sc_mtx", assertThrows(KernelPanic.class, () -> mtx_lock(m)).getMessage());
    }
}
