package org.kld86.emulator.cpu;

import static org.junit.jupiter.api.Assertions.*;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.kld86.emulator.io.IoPortSpace;
import org.kld86.emulator.memory.PhysicalMemory;
import org.kld86.emulator.mmu.Mmu;
import org.kld86.emulator.mmu.PageFault;
import org.kld86.emulator.mmu.PagingBits;

class CpuTest {

    /** An interrupt controller holding a queue of vectors. */
    private static final class FakePic implements InterruptController {
        final Deque<Integer> pending = new ArrayDeque<>();

        @Override
        public boolean intr() {
            return !pending.isEmpty();
        }

        @Override
        public int acknowledge() {
            return pending.poll();
        }
    }

    private final VirtualClock clock = new VirtualClock(1_000_000_000L);
    private final IoPortSpace ports = new IoPortSpace();
    private final Mmu mmu = new Mmu(new PhysicalMemory(16L << 20));
    private final Cpu cpu = new Cpu(mmu, clock, ports);
    private final FakePic pic = new FakePic();
    private final List<String> log = new ArrayList<>();

    CpuTest() {
        cpu.setInterruptController(pic);
    }

    @Test
    void interruptsAreTakenOnlyAtSafepointsWithIfSet() {
        cpu.setGate(0x20, (v, e) -> log.add("irq " + v + " nesting " + cpu.interruptNesting() + " if " + cpu.interruptsEnabled()));
        pic.pending.add(0x20);
        cpu.safepoint(10);
        assertEquals(List.of(), log, "IF=0 after reset");
        cpu.setInterruptsEnabled(true);
        assertEquals(List.of(), log, "STI alone is not a safepoint");
        cpu.safepoint(10);
        assertEquals(List.of("irq 32 nesting 1 if false"), log);
        assertEquals(0, cpu.interruptNesting());
        assertTrue(cpu.interruptsEnabled(), "IRET restores IF");
        assertEquals(20, clock.now());
    }

    @Test
    void aUserModeInterruptRunsTheHandlerAtCplZeroAndReturnsToCplThree() {
        cpu.setInterruptsEnabled(true);
        cpu.setCpl(3);
        cpu.setGate(0x21, (v, e) -> log.add("cpl " + cpu.cpl() + " user " + mmu.userMode()));
        pic.pending.add(0x21);
        cpu.safepoint(1);
        assertEquals(List.of("cpl 0 user false"), log);
        assertEquals(3, cpu.cpl());
        assertTrue(mmu.userMode());
    }

    @Test
    void deviceEventsThatRaiseInterruptsAreDeliveredAtTheSafepointThatPassesThem() {
        cpu.setInterruptsEnabled(true);
        cpu.setGate(0x28, (v, e) -> log.add("irq at " + clock.now()));
        clock.schedule(500, () -> pic.pending.add(0x28));
        cpu.safepoint(400);
        assertEquals(List.of(), log);
        cpu.safepoint(400);
        assertEquals(List.of("irq at 800"), log);
    }

    @Test
    void idleJumpsTheClockToTheNextEventAndTakesItsInterrupt() {
        cpu.setInterruptsEnabled(true);
        cpu.setGate(0x30, (v, e) -> log.add("woke at " + clock.now()));
        clock.schedule(1_000_000, () -> pic.pending.add(0x30));
        assertTrue(cpu.idle());
        assertEquals(List.of("woke at 1000000"), log);
        assertFalse(cpu.idle(), "nothing left that could wake the CPU");
        cpu.setInterruptsEnabled(false);
        clock.schedule(5, () -> pic.pending.add(0x30));
        assertTrue(cpu.idle(), "the event still runs");
        assertEquals(List.of("woke at 1000000"), log, "but with IF=0 its interrupt is not taken");
        assertFalse(cpu.idle());
    }

    @Test
    void eachIdleStepCoversOneEventTime() {
        cpu.setInterruptsEnabled(true);
        clock.schedule(100, () -> log.add("a"));
        clock.schedule(100, () -> log.add("b"));
        clock.schedule(300, () -> log.add("c"));
        assertTrue(cpu.idle());
        assertEquals(List.of("a", "b"), log);
        assertEquals(100, clock.now());
        assertTrue(cpu.idle());
        assertEquals(300, clock.now());
    }

    @Test
    void interruptsWithNoGateAreCountedNotFatal() {
        cpu.setInterruptsEnabled(true);
        pic.pending.add(0x77);
        cpu.safepoint(1);
        assertEquals(1, cpu.unhandled(0x77));
        assertEquals(1, cpu.interruptsDelivered());
    }

    @Test
    void aPageFaultGoesToVector14WithCr2AndTheErrorCodeAndIsRetriedAfterTheHandlerReturns() {
        PhysicalMemory phys = mmu.physicalMemory();
        phys.write32(0x10000, 0x11000 | 7); // PDE 0 -> page table at 0x11000
        mmu.setCr3(0x10000);
        mmu.setCr0(mmu.cr0() | PagingBits.CR0_PG);
        cpu.setGate(14, (v, err) -> {
            log.add(String.format("pf %x err %x", mmu.cr2(), err));
            phys.write32(0x11000 + 4 * 5, 0x300000 | 7); // demand-map the page and retry
        });
        mmu.write32(0x5123, 99);
        assertEquals(List.of("pf 5123 err 2"), log);
        assertEquals(99, phys.read32(0x300123));
    }

    @Test
    void anInterruptGateClearsIfButTheHandlerSeesWhatTheInterruptedCodeHad() {
        cpu.setGate(14, (v, err) -> log.add("if " + cpu.interruptsEnabled() + " was " + cpu.interruptedIf()));
        cpu.setInterruptsEnabled(true);
        cpu.raise(14, 0);
        cpu.setInterruptsEnabled(false);
        cpu.raise(14, 0);
        assertEquals(List.of("if false was true", "if false was false"), log);
        assertFalse(cpu.interruptsEnabled(), "IRET restores the interrupted IF");
    }

    @Test
    void withNoGateAPageFaultReachesTheHostAsPageFault() {
        PhysicalMemory phys = mmu.physicalMemory();
        phys.write32(0x10000, 0);
        mmu.setCr3(0x10000);
        mmu.setCr0(mmu.cr0() | PagingBits.CR0_PG);
        PageFault f = assertThrows(PageFault.class, () -> mmu.read8(0x1234));
        assertEquals(0x1234, f.linearAddress());
        assertEquals(0, f.errorCode());
    }

    @Test
    void aHandlerThatNeverResolvesTheFaultIsOverruledInsteadOfHangingTheHost() {
        mmu.physicalMemory().write32(0x10000, 0);
        mmu.setCr3(0x10000);
        mmu.setCr0(mmu.cr0() | PagingBits.CR0_PG);
        cpu.setGate(14, (v, err) -> log.add("pf"));
        assertThrows(PageFault.class, () -> mmu.read32(0x4000));
        assertTrue(log.size() > 1 && log.size() < 100);
    }

    @Test
    void userModeMayNotDoPortIoOrChangeIf() {
        ports.claim("dev", 0x300, 1, new org.kld86.emulator.io.IoPortHandler() {
            @Override
            public int in(int port, int size) {
                return 0x42;
            }

            @Override
            public void out(int port, int size, int value) {
                log.add("out");
            }
        });
        assertEquals(0x42, cpu.in8(0x300));
        cpu.setGate(13, (v, err) -> log.add("gp " + err));
        cpu.setCpl(3);
        assertEquals(0xFF, cpu.in8(0x300));
        cpu.out8(0x300, 1);
        cpu.setInterruptsEnabled(true);
        assertEquals(List.of("gp 0", "gp 0", "gp 0"), log);
        assertFalse(cpu.interruptsEnabled());
    }

    @Test
    void intNReachesAUserGateFromCplThreeAndIsRefusedAtAKernelGate() {
        cpu.setGate(0x80, (v, e) -> log.add("syscall cpl " + cpu.cpl() + " if " + cpu.interruptsEnabled()), true, 3);
        cpu.setGate(0x81, (v, e) -> log.add("kernel only"));
        cpu.setGate(13, (v, err) -> log.add("gp " + err));
        cpu.setInterruptsEnabled(true);
        cpu.setCpl(3);
        cpu.softwareInterrupt(0x80);
        cpu.softwareInterrupt(0x81);
        assertEquals(List.of("syscall cpl 0 if true", "gp " + (0x81 * 8 + 2)), log);
        assertEquals(3, cpu.cpl(), "back in user mode");
    }

    @Test
    void cplIsZeroOrThree() {
        assertThrows(IllegalArgumentException.class, () -> cpu.setCpl(1));
    }
}
