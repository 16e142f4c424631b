package org.kld86.kernel.proc;

import static org.junit.jupiter.api.Assertions.*;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.kld86.emulator.Machine;
import org.kld86.emulator.MachineConfig;
import org.kld86.kernel.Kernel;
import org.kld86.kernel.KernelOptions;
import org.kld86.kernel.KernelPanic;

class SchedulerTest {

    private final Machine machine = new Machine(MachineConfig.builder().clearDevices().build());
    private final Kernel kernel = Kernel.boot(machine, KernelOptions.defaults());
    private final Scheduler s = kernel.scheduler();
    private final List<String> log = new ArrayList<>();

    @AfterEach
    void tearDown() {
        kernel.shutdown();
    }

    @Test
    void threadsRunOneAtATimeInFifoOrderAndSwitchOnlyWhenTheySleep() {
        Object chan = new Object();
        for (String name : List.of("a", "b", "c")) {
            s.spawn(name, () -> {
                log.add(name + " start");
                s.sleep(chan, "wait", 0);
                log.add(name + " woke");
            }, null);
        }
        log.add("main before yield");
        s.yield();
        log.add("main after yield");
        s.wakeup(chan);
        s.yield();
        assertEquals(List.of("main before yield", "a start", "b start", "c start", "main after yield",
                "a woke", "b woke", "c woke"), log);
        assertEquals(1, s.threads().size(), "the three threads exited");
    }

    @Test
    void wakeupOneWakesTheLongestSleeper() {
        Object chan = new Object();
        for (String name : List.of("first", "second")) {
            s.spawn(name, () -> {
                s.sleep(chan, "wait", 0);
                log.add(name);
            }, null);
        }
        s.yield();
        s.wakeupOne(chan);
        s.yield();
        assertEquals(List.of("first"), log);
        assertTrue(s.hasSleepers(chan));
        s.wakeupOne(chan);
        s.yield();
        assertEquals(List.of("first", "second"), log);
    }

    @Test
    void aTimedSleepEndsAtTheRightVirtualTime() {
        long start = machine.clock().now();
        boolean woken = s.sleep(new Object(), "pause", kernel.ticksToCycles(10));
        assertFalse(woken, "timed out");
        assertEquals(start + 10_000_000, machine.clock().now(), "10 ticks at hz=1000 is 10 ms");
    }

    @Test
    void whenEveryThreadSleepsAndNothingIsPendingTheKernelPanicsNamingThem() {
        s.spawn("reader", () -> s.sleep(new Object(), "ttyin", 0), null);
        KernelPanic p = assertThrows(KernelPanic.class, () -> s.sleep(new Object(), "biord", 0));
        assertTrue(p.getMessage().startsWith("deadlock: every thread is asleep and no event is pending"), p.getMessage());
        assertTrue(p.getMessage().contains("(reader) sleeping on \"ttyin\""), p.getMessage());
        assertTrue(p.getMessage().contains("(swapper) sleeping on \"biord\""), p.getMessage());
    }

    @Test
    void sleepingInInterruptContextPanicsWithTheRule() {
        machine.cpu().setGate(0x40, (v, e) -> s.sleep(new Object(), "bad", 0));
        // Deliver vector 0x40 as an interrupt through a one-shot controller.
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
        KernelPanic p = assertThrows(KernelPanic.class, () -> machine.cpu().safepoint(1));
        assertEquals("sleeping in interrupt context (bad)", p.getMessage());
    }

    @Test
    void aThreadThatThrowsExitsAndKeepsWhatItThrew() {
        KThread t = s.spawn("oops", () -> {
            throw new IllegalStateException("boom");
        }, th -> log.add("died " + th.name()));
        s.yield();
        assertEquals(KThread.State.DEAD, t.state());
        assertEquals("boom", t.failure().getMessage());
        assertEquals(List.of("died oops"), log);
    }

    @Test
    void theSameProgramTwiceGivesTheSameInterleavingAndClock() {
        assertEquals(program(), program());
    }

    private static List<String> program() {
        Machine m = new Machine(MachineConfig.builder().clearDevices().build());
        Kernel k = Kernel.boot(m, KernelOptions.defaults());
        Scheduler sch = k.scheduler();
        List<String> out = new ArrayList<>();
        try {
            for (int i = 0; i < 4; i++) {
                int n = i;
                sch.spawn("t" + i, () -> {
                    for (int j = 0; j < 3; j++) {
                        sch.sleep(new Object(), "tick", k.ticksToCycles(n + 1));
                        out.add("t" + n + "@" + m.clock().now());
                    }
                }, null);
            }
            while (sch.threads().size() > 1) {
                sch.sleep(new Object(), "join", k.ticksToCycles(1));
            }
            out.add("end@" + m.clock().now() + " switches " + sch.contextSwitches());
        } finally {
            k.shutdown();
        }
        return out;
    }

    @Test
    void aRuleOnTheThreadForbidsItsSleepsButMayAllowLockWaits() {
        KThread me = s.current();
        me.forbidSleep(w -> "no sleeping on " + w, true);
        assertEquals(Scheduler.Wakeup.TIMED_OUT, s.sleep(new Object(), "lock", 1, Scheduler.SLEEP_LOCK),
                "a lock wait is allowed");
        KernelPanic p = assertThrows(KernelPanic.class, () -> s.sleep(new Object(), "nap", 1));
        assertEquals("no sleeping on nap", p.getMessage());
    }

    @Test
    void allowSleepWithoutForbidSleepIsABug() {
        assertThrows(IllegalStateException.class, () -> s.current().allowSleep());
    }

    @Test
    void anInterruptibleSleepEndsWhenItsProcessIsSignalled() {
        kernel.procs().setExecutableReader(path -> "#!program org.kld86.userland.test.LineEcho\n"
                .getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
        Scheduler.Wakeup[] got = new Scheduler.Wakeup[2];
        org.kld86.kernel.fs.FileOps ops = new org.kld86.kernel.fs.FileOps() {
            @Override
            public int read(org.kld86.kernel.fs.File fp, org.kld86.kpi.Uio uio, int flags) {
                got[0] = s.sleep(new Object(), "catch", 0, Scheduler.SLEEP_CATCH);
                got[1] = s.sleep(new Object(), "pending", 0, Scheduler.SLEEP_CATCH);
                return 0;
            }

            @Override
            public int write(org.kld86.kernel.fs.File fp, org.kld86.kpi.Uio uio, int flags) {
                return 0;
            }
        };
        int pid = kernel.procs().spawn(null, "/bin/lineecho", List.of("lineecho", "1"), List.of(), fd -> {
            for (int i = 0; i < 3; i++) {
                fd.install(new org.kld86.kernel.fs.File(ops, null, 3, "/dev/x"));
            }
        }, Ucred.root(), null);
        s.yield();
        Proc p = kernel.procs().find(pid);
        assertEquals("catch", p.thread().wmesg());
        kernel.procs().kill(pid, ProcTable.SIGINT);
        assertEquals(ProcTable.SIGINT, kernel.procs().waitDetached(p));
        assertEquals(Scheduler.Wakeup.INTERRUPTED, got[0]);
        assertEquals(Scheduler.Wakeup.INTERRUPTED, got[1], "with the signal already pending it does not sleep at all");
    }

    @Test
    void anIdleMachineAsksTheExternalInputBeforeDeclaringADeadlock() {
        List<String> asked = new ArrayList<>();
        Object chan = new Object();
        s.setExternalInput(new Scheduler.ExternalInput() {
            @Override
            public boolean poll() {
                asked.add("poll");
                return false;
            }

            @Override
            public boolean await() {
                asked.add("await");
                if (asked.contains("woke")) {
                    return false;
                }
                asked.add("woke");
                machine.clock().schedule(5, () -> s.wakeup(chan)); // input arrives and wakes the sleeper
                return true;
            }
        });
        assertTrue(s.sleep(chan, "input", 0));
        assertEquals(List.of("poll", "await", "woke", "poll"), asked);
        KernelPanic p = assertThrows(KernelPanic.class, () -> s.sleep(new Object(), "forever", 0));
        assertTrue(p.getMessage().startsWith("deadlock"), "once the input says nothing more will come");
    }
}
