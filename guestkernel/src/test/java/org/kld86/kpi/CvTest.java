package org.kld86.kpi;

import static org.junit.jupiter.api.Assertions.*;
import static org.kld86.kpi.Cv.*;
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
import org.kld86.kernel.proc.ProcTable;
import org.kld86.kernel.proc.Scheduler;

class CvTest {

    private final Machine machine = new Machine(MachineConfig.builder().clearDevices().build());
    private final Kernel kernel = Kernel.boot(machine, KernelOptions.defaults());
    private final Scheduler s = kernel.scheduler();
    private final List<String> log = new ArrayList<>();
    private final Mtx m = new Mtx();
    private final Cv cv = new Cv();
    private int items;

    CvTest() {
        mtx_init(m, "q", null, MTX_DEF);
        cv_init(cv, "qwait");
    }

    @AfterEach
    void tearDown() {
        kernel.shutdown();
    }

    private void consumer(String name) {
        s.spawn(name, () -> {
            mtx_lock(m);
            while (items == 0) {
                cv_wait(cv, m);
            }
            items--;
            log.add(name + " owned " + mtx_owned(m));
            mtx_unlock(m);
        }, null);
    }

    @Test
    void signalWakesOneWaiterWhichReturnsHoldingTheMutex() {
        consumer("c1");
        consumer("c2");
        s.yield();
        assertEquals("qwait", s.threads().get(1).wmesg(), "the wait message is the cv's description");
        mtx_lock(m);
        items = 1;
        cv_signal(cv);
        mtx_unlock(m);
        s.yield();
        assertEquals(List.of("c1 owned true"), log);
        mtx_lock(m);
        items = 1;
        cv_broadcast(cv);
        mtx_unlock(m);
        s.yield();
        assertEquals(List.of("c1 owned true", "c2 owned true"), log);
    }

    @Test
    void aTimedWaitRunsOutWithEwouldblockAndTheMutexHeld() {
        mtx_lock(m);
        long start = machine.clock().now();
        assertEquals(Errno.EWOULDBLOCK, cv_timedwait(cv, m, 5));
        assertEquals(start + 5_000_000, machine.clock().now());
        assertTrue(mtx_owned(m));
    }

    @Test
    void waitingWithoutTheMutexPanics() {
        assertEquals("mutex q not owned at cv_wait", assertThrows(KernelPanic.class, () -> cv_wait(cv, m)).getMessage());
    }

    @Test
    void anInterruptibleWaitIsEndedBySignalWithErestart() {
        BlockedReader r = new BlockedReader(kernel, () -> {
            mtx_lock(m);
            int e = cv_wait_sig(cv, m);
            mtx_unlock(m);
            return e;
        });
        assertEquals(ProcTable.SIGINT, r.kill(ProcTable.SIGINT));
        assertEquals(Errno.ERESTART, r.result);
    }
}
