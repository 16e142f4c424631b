package org.kld86.kpi;

import static org.junit.jupiter.api.Assertions.*;
import static org.kld86.kpi.Sleep.*;

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

class SleepTest {

    private final Machine machine = new Machine(MachineConfig.builder().clearDevices().build());
    private final Kernel kernel = Kernel.boot(machine, KernelOptions.defaults());
    private final Scheduler s = kernel.scheduler();
    private final List<String> log = new ArrayList<>();

    @AfterEach
    void tearDown() {
        kernel.shutdown();
    }

    private long now() {
        return machine.clock().now();
    }

    @Test
    void aWakeupEndsTheSleepWithZero() {
        Object chan = new Object();
        s.spawn("sleeper", () -> log.add("tsleep " + tsleep(chan, PZERO, "test", 0)), null);
        s.yield();
        assertEquals(List.of(), log);
        wakeup(chan);
        s.yield();
        assertEquals(List.of("tsleep 0"), log);
    }

    @Test
    void aTimeoutExpiresExactlyTimoTicksLaterWithEwouldblock() {
        long start = now();
        assertEquals(Errno.EWOULDBLOCK, tsleep(new Object(), PZERO, "test", 10));
        assertEquals(start + 10 * 1_000_000L, now(), "10 ticks at hz 1000 on a 1 GHz clock");
        start = now();
        assertEquals(Errno.EWOULDBLOCK, pause("pause", 0), "pause sleeps at least one tick");
        assertEquals(start + 1_000_000L, now());
    }

    @Test
    void wakeupOneWakesTheLongestSleeperAndAddressesAreChannelsByValue() {
        long addr = 0xC0001000L;
        for (String name : List.of("first", "second")) {
            s.spawn(name, () -> {
                tsleep(addr, PZERO, "addr", 0);
                log.add(name);
            }, null);
        }
        s.yield();
        wakeup_one(Long.valueOf(0xC0001000L));
        s.yield();
        assertEquals(List.of("first"), log);
        wakeup(0xC0001000L);
        s.yield();
        assertEquals(List.of("first", "second"), log);
    }

    @Test
    void msleepDropsTheMutexWhileAsleepAndHoldsItAgainOnReturn() {
        Mtx m = new Mtx();
        Mtx.mtx_init(m, "test", null, Mtx.MTX_DEF);
        boolean[] ready = {false};
        s.spawn("waiter", () -> {
            Mtx.mtx_lock(m);
            while (!ready[0]) {
                log.add("msleep " + msleep(ready, m, PZERO, "ready", 0));
            }
            log.add("owned " + Mtx.mtx_owned(m));
            Mtx.mtx_unlock(m);
        }, null);
        s.yield();
        Mtx.mtx_lock(m); // free: the waiter dropped it
        ready[0] = true;
        wakeup(ready);
        Mtx.mtx_unlock(m);
        s.yield();
        assertEquals(List.of("msleep 0", "owned true"), log);
    }

    @Test
    void pdropReturnsWithoutTheMutex() {
        Mtx m = new Mtx();
        Mtx.mtx_init(m, "test", null, Mtx.MTX_DEF);
        Mtx.mtx_lock(m);
        assertEquals(Errno.EWOULDBLOCK, msleep(this, m, PZERO | PDROP, "drop", 1));
        assertFalse(Mtx.mtx_owned(m));
    }

    @Test
    void pcatchSleepIsEndedByASignalWithErestartAndTheProcessDies() {
        Object chan = new Object();
        BlockedReader r = new BlockedReader(kernel, () -> tsleep(chan, PZERO | PCATCH, "rdwait", 0));
        assertEquals("rdwait", kernel.procs().find(r.pid()).thread().wmesg());
        assertEquals(ProcTable.SIGINT, r.kill(ProcTable.SIGINT), "killed by SIGINT");
        assertEquals(Errno.ERESTART, r.result);
    }

    @Test
    void withoutPcatchASignalWaitsForTheWakeup() {
        Object chan = new Object();
        BlockedReader r = new BlockedReader(kernel, () -> tsleep(chan, PZERO, "nocatch", 0));
        kernel.procs().kill(r.pid(), ProcTable.SIGINT);
        s.yield();
        assertEquals(Integer.MIN_VALUE, r.result, "still asleep");
        wakeup(chan);
        assertEquals(ProcTable.SIGINT, r.waitExit(), "the signal is delivered when the system call returns");
        assertEquals(0, r.result);
    }

    @Test
    void delaySpinsInVirtualTime() {
        long start = now();
        DELAY(250);
        assertEquals(start + 250_000, now());
        assertEquals(HZ, hz());
        assertEquals((int) (now() / 1_000_000), ticks());
    }
}
