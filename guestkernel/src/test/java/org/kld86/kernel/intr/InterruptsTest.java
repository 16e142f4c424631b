package org.kld86.kernel.intr;

import static org.junit.jupiter.api.Assertions.*;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.kld86.emulator.Machine;
import org.kld86.emulator.MachineConfig;
import org.kld86.kernel.Kernel;
import org.kld86.kernel.KernelOptions;
import org.kld86.kernel.KernelPanic;
import org.kld86.kernel.kld.Linker;
import org.kld86.kernel.kld.MemoryModuleStore;
import org.kld86.kernel.kld.ModuleJars;
import org.kld86.kernel.proc.KThread;
import org.kld86.kpi.Bus;
import org.kld86.kpi.Pci;
import org.kld86.kpi.PciDev;
import org.kld86.kpi.Resource;
import org.kld86.kpi.Sleep;

/**
 * Interrupt delivery from real devices of the default machine: the edu device on PCI slot 3, whose INTA reaches
 * IRQ 11 (level-triggered), and the ISA stream device on IRQ 5 (edge). The edu raise register 0x60 ORs its value
 * into the interrupt status and holds INTx high until the status is written to 0x64 (EDU spec, MACHINE-SEMANTICS
 * §3.5).
 */
class InterruptsTest {

    static final int EDU_IRQ = 11;
    static final int RAISE = 0x60;
    static final int ACK = 0x64;
    static final int STATUS = 0x24;

    private final MemoryModuleStore store = new MemoryModuleStore();
    private final Machine machine = new Machine(MachineConfig.defaults());
    private final Kernel kernel = Kernel.boot(machine, KernelOptions.defaults(), store);
    private final Interrupts intr = kernel.interrupts();
    private final List<String> log = new ArrayList<>();
    private final Resource bar0;

    InterruptsTest() {
        PciDev edu = Pci.pci_find_device(0x1234, 0x11E8);
        assertEquals(EDU_IRQ, edu.irq);
        bar0 = Bus.bus_alloc_resource_any(edu, Bus.SYS_RES_MEMORY, Pci.PCIR_BAR(0), Bus.RF_ACTIVE);
    }

    @AfterEach
    void tearDown() {
        kernel.shutdown();
    }

    private void raise(int value) {
        Bus.bus_write_4(bar0, RAISE, value);
    }

    private void ack() {
        Bus.bus_write_4(bar0, ACK, Bus.bus_read_4(bar0, STATUS));
    }

    /** Runs one safepoint, where a pending interrupt is taken. */
    private void instruction() {
        machine.cpu().safepoint(1);
    }

    /** Reads both 8259 in-service registers: 0 when every interrupt was ended with an EOI. */
    private int inService() {
        var cpu = machine.cpu();
        cpu.out8(0x20, 0x0B);
        int master = cpu.in8(0x20);
        cpu.out8(0xA0, 0x0B);
        int slave = cpu.in8(0xA0);
        cpu.out8(0x20, 0x0A);
        cpu.out8(0xA0, 0x0A);
        return master | slave << 8;
    }

    private int setup(int irq, String name, java.util.function.ToIntFunction<Object> filter,
            java.util.function.Consumer<Object> handler) {
        return intr.setup(irq, name, filter, handler, null, Interrupts.INTR_TYPE_MISC, null, new IntrHandler[1]);
    }

    @Test
    void aFilterRunsInInterruptContextOnTheDevicesIrqAndTheLineIsEndedAtBothChips() {
        assertTrue(intr.masked(EDU_IRQ), "lines start masked");
        int[] nesting = {-1};
        assertEquals(0, setup(EDU_IRQ, "edu0", arg -> {
            nesting[0] = machine.cpu().interruptNesting();
            ack();
            return Interrupts.FILTER_HANDLED;
        }, null));
        assertFalse(intr.masked(EDU_IRQ), "the first handler unmasks the line");
        raise(1);
        instruction();
        assertEquals(1, nesting[0], "the filter ran in interrupt context");
        assertEquals(0, inService(), "IRQ 11 is in service on both chips until the slave and then the master get an EOI");
        assertEquals(0, Bus.bus_read_4(bar0, STATUS));
        raise(2);
        instruction();
        assertEquals(2, intr.sources().stream().filter(s -> s.irq() == EDU_IRQ).findFirst().orElseThrow().count(),
                "a second interrupt gets through, so the first was ended");
    }

    @Test
    void aLevelTriggeredLineInterruptsAgainUntilTheDeviceIsAcknowledged() {
        int[] calls = {0};
        setup(EDU_IRQ, "edu0", arg -> {
            if (++calls[0] == 3) {
                ack();
            }
            return Interrupts.FILTER_HANDLED;
        }, null);
        raise(1);
        instruction();
        assertEquals(3, calls[0], "INTx stays high after each EOI until 0x64 clears the status");
        assertEquals(0, inService());
    }

    @Test
    void everyHandlerOfASharedLineRunsForEveryInterrupt() {
        setup(EDU_IRQ, "edu0", arg -> {
            log.add("first");
            return Interrupts.FILTER_STRAY;
        }, null);
        setup(EDU_IRQ, "edu1", arg -> {
            log.add("second");
            ack();
            return Interrupts.FILTER_HANDLED;
        }, null);
        raise(1);
        instruction();
        assertEquals(List.of("first", "second"), log);
        assertEquals("irq11: edu0 edu1",
                intr.sources().stream().filter(s -> s.irq() == EDU_IRQ).findFirst().orElseThrow().name());
    }

    @Test
    void anExclusiveHandlerRefusesSharingAndNeedsAnInterruptType() {
        assertEquals(0, intr.setup(EDU_IRQ, "a", a -> Interrupts.FILTER_HANDLED, null, null,
                Interrupts.INTR_TYPE_MISC | Interrupts.INTR_EXCL, null, null));
        assertEquals(org.kld86.kpi.Errno.EINVAL, setup(EDU_IRQ, "b", a -> Interrupts.FILTER_HANDLED, null));
        assertEquals(org.kld86.kpi.Errno.EINVAL, setup(EDU_IRQ, "c", null, null), "neither filter nor handler");
        assertEquals(org.kld86.kpi.Errno.EINVAL, setup(2, "cascade", a -> Interrupts.FILTER_HANDLED, null));
        KernelPanic p = assertThrows(KernelPanic.class,
                () -> intr.setup(5, "d", a -> Interrupts.FILTER_HANDLED, null, null, Interrupts.INTR_MPSAFE, null, null));
        assertEquals("intr_priority: no interrupt type in flags", p.getMessage());
    }

    @Test
    void anInterruptThreadRunsTheHandlerWithTheLevelLineMaskedAndUnmasksIt() {
        IntrHandler[] cookie = new IntrHandler[1];
        String[] where = {null};
        boolean[] maskedInThread = {false};
        intr.setup(EDU_IRQ, "edu0", arg -> {
            log.add("filter");
            return Interrupts.FILTER_SCHEDULE_THREAD;
        }, arg -> {
            KThread t = kernel.scheduler().current();
            where[0] = t.name() + " nesting " + machine.cpu().interruptNesting();
            maskedInThread[0] = intr.masked(EDU_IRQ);
            log.add("thread " + arg);
            ack();
        }, "softc", Interrupts.INTR_TYPE_MISC | Interrupts.INTR_MPSAFE, null, cookie);
        assertEquals("irq11: edu0", intr.ithread(EDU_IRQ).name());
        raise(1);
        instruction();
        assertEquals(List.of("filter"), log, "the filter asked for the thread; the line is masked, so it runs once");
        assertTrue(intr.masked(EDU_IRQ));
        kernel.scheduler().yield();
        assertEquals(List.of("filter", "thread softc"), log);
        assertEquals("irq11: edu0 nesting 0", where[0], "the handler runs in the interrupt thread, not in interrupt context");
        assertTrue(maskedInThread[0]);
        assertFalse(intr.masked(EDU_IRQ), "unmasked after the thread's pass");
        assertEquals(Ithread.IWAIT, intr.ithread(EDU_IRQ).wmesg());
    }

    @Test
    void anInterruptThreadMayBlockOnASleepMutex() {
        org.kld86.kpi.Mtx m = new org.kld86.kpi.Mtx();
        org.kld86.kpi.Mtx.mtx_init(m, "softc", null, org.kld86.kpi.Mtx.MTX_DEF);
        intr.setup(EDU_IRQ, "edu0", null, arg -> {
            org.kld86.kpi.Mtx.mtx_lock(m);
            log.add("thread has the mutex");
            ack();
            org.kld86.kpi.Mtx.mtx_unlock(m);
        }, null, Interrupts.INTR_TYPE_MISC, null, null);
        org.kld86.kpi.Mtx.mtx_lock(m);
        raise(1);
        instruction();
        kernel.scheduler().yield();
        assertEquals(List.of(), log, "blocked on the mutex, which is not sleeping");
        assertEquals("*softc", intr.ithread(EDU_IRQ).wmesg());
        org.kld86.kpi.Mtx.mtx_unlock(m);
        kernel.scheduler().yield();
        assertEquals(List.of("thread has the mutex"), log);
    }

    @Test
    void aHandlerWithoutAFilterAlwaysRunsInTheThread() {
        intr.setup(EDU_IRQ, "edu0", null, arg -> {
            log.add("thread");
            ack();
        }, null, Interrupts.INTR_TYPE_MISC, null, null);
        raise(1);
        instruction();
        kernel.scheduler().yield();
        assertEquals(List.of("thread"), log);
    }

    @Test
    void sleepingInAFilterPanicsNamingTheRule() {
        setup(EDU_IRQ, "edu0", arg -> {
            Sleep.tsleep(this, 0, "edusl", 0);
            return Interrupts.FILTER_HANDLED;
        }, null);
        raise(1);
        KernelPanic p = assertThrows(KernelPanic.class, this::instruction);
        assertEquals("tsleep: sleeping on \"edusl\" in interrupt context: an interrupt filter must not sleep", p.getMessage());
    }

    @Test
    void sleepingInAnInterruptThreadPanicsNamingTheRule() {
        intr.setup(EDU_IRQ, "edu0", null, arg -> {
            ack();
            Sleep.pause("nap", 1);
        }, null, Interrupts.INTR_TYPE_MISC, null, null);
        raise(1);
        instruction();
        KernelPanic p = assertThrows(KernelPanic.class, () -> kernel.scheduler().sleep(new Object(), "main", 0));
        assertTrue(p.getMessage().matches("sleepq_add: thread \\d+ \\(irq11: edu0\\) to sleep on \"nap\" with sleeping "
                + "prohibited: an interrupt thread's handler may do anything except sleep"), p.getMessage());
    }

    @Test
    void aSleepingAllocationInAFilterPanics() {
        setup(EDU_IRQ, "edu0", arg -> {
            kernel.malloc().malloc(16, kernel.malloc().M_DEVBUF, org.kld86.kernel.malloc.MallocFlags.M_WAITOK);
            return Interrupts.FILTER_HANDLED;
        }, null);
        raise(1);
        KernelPanic p = assertThrows(KernelPanic.class, this::instruction);
        assertEquals("malloc(M_WAITOK) in interrupt context", p.getMessage());
    }

    @Test
    void teardownMasksTheLineAgainSoTheDeviceCanNoLongerInterrupt() {
        IntrHandler[] cookie = new IntrHandler[1];
        intr.setup(EDU_IRQ, "edu0", arg -> {
            log.add("filter");
            ack();
            return Interrupts.FILTER_HANDLED;
        }, null, null, Interrupts.INTR_TYPE_MISC, null, cookie);
        assertEquals(0, intr.teardown(cookie[0]));
        assertEquals(org.kld86.kpi.Errno.EINVAL, intr.teardown(cookie[0]), "twice");
        assertTrue(intr.masked(EDU_IRQ));
        raise(1);
        instruction();
        assertEquals(List.of(), log);
    }

    @Test
    void aSpuriousIrq15EndsOnlyTheMastersCascadeInput() {
        setup(EDU_IRQ, "edu0", arg -> {
            ack();
            return Interrupts.FILTER_HANDLED;
        }, null);
        raise(1); // the slave requests, and the master latches the edge on its input 2
        machine.cpu().out8(0xA1, 0xFF); // the request goes away before the CPU acknowledges it
        int vector = machine.pic().acknowledge();
        assertEquals(0x2F, vector, "the slave has nothing: its spurious IRQ 15");
        assertEquals(1 << 2, inService(), "the master put its cascade input in service");
        machine.cpu().gate(vector).handle(vector, 0);
        assertEquals(1, intr.spurious());
        assertEquals(0, inService(), "only the master was ended");
        assertEquals(0, intr.sources().stream().filter(s -> s.irq() == 15).count(), "not counted as an interrupt");
    }

    @Test
    void theIsaStreamDevicePulsesItsEdgeIrqWhenARunEnds() {
        int[] done = {0};
        setup(5, "strm0", arg -> {
            int status = machine.cpu().in8(0x301);
            machine.cpu().out8(0x301, status); // acknowledge DONE/ERROR/TC
            done[0] = status;
            return Interrupts.FILTER_HANDLED;
        }, null);
        machine.cpu().out8(0x304, 0); // LENGTH 0: the start is refused at once with ERROR and an IRQ
        machine.cpu().out8(0x302, 0x01);
        kernel.scheduler().sleep(new Object(), "wait", kernel.ticksToCycles(1));
        assertEquals(0x04, done[0] & 0x04, "ERROR was reported through IRQ 5");
        assertEquals(0, inService());
    }

    @Test
    void linuxRequestIrqSharesOnlyWithIrqfSharedAndSaysWhyNot() {
        Object devA = new Object();
        Object devB = new Object();
        assertEquals(0, intr.requestIrq(EDU_IRQ, (irq, dev) -> {
            log.add("a " + irq);
            return Interrupts.IRQ_NONE;
        }, Interrupts.IRQF_SHARED, "eduA", devA, this));
        assertEquals(-org.kld86.kpi.Errno.EINVAL, intr.requestIrq(EDU_IRQ, (i, d) -> 1, Interrupts.IRQF_SHARED, "x", null, this),
                "a shared request needs a dev_id");
        int mark = kernel.console().dmesg().length();
        assertEquals(-org.kld86.kpi.Errno.EBUSY, intr.requestIrq(EDU_IRQ, (i, d) -> 1, 0, "solo", devB, this));
        assertEquals("genirq: Flags mismatch irq 11. 00000000 (solo) vs. 00000080 (eduA)\n",
                kernel.console().dmesg().substring(mark));
        assertEquals(0, intr.requestIrq(EDU_IRQ, (irq, dev) -> {
            log.add("b " + (dev == devB));
            ack();
            return Interrupts.IRQ_HANDLED;
        }, Interrupts.IRQF_SHARED, "eduB", devB, this));
        raise(1);
        instruction();
        assertEquals(List.of("a 11", "b true"), log);
        intr.freeIrq(EDU_IRQ, devA);
        intr.freeIrq(EDU_IRQ, devB);
        assertTrue(intr.masked(EDU_IRQ));
        mark = kernel.console().dmesg().length();
        intr.freeIrq(EDU_IRQ, devB);
        assertTrue(kernel.console().dmesg().substring(mark).contains("Trying to free already-free IRQ 11\n"));
    }

    @Test
    void aLineWhoseHandlersNeverClaimItIsTurnedOffAsNobodyCared() {
        int[] calls = {0};
        intr.requestIrq(EDU_IRQ, (irq, dev) -> {
            calls[0]++;
            return Interrupts.IRQ_NONE; // never acknowledges: a stuck level line
        }, 0, "stuck", null, this);
        int mark = kernel.console().dmesg().length();
        raise(1);
        instruction();
        assertEquals(100_000, calls[0], "note_interrupt looks every 100,000 interrupts");
        String out = kernel.console().dmesg().substring(mark);
        assertTrue(out.startsWith("irq 11: nobody cared (try booting with the \"irqpoll\" option)\nhandlers:\n"), out);
        assertTrue(out.endsWith("] stuck\nDisabling IRQ #11\n"), out);
        assertTrue(intr.masked(EDU_IRQ));
    }

    @Test
    void aModuleHandlerThatThrowsIsAPanicNamingTheModuleAndUnloadRemovesHandlersLeftBehind() {
        store.put("/boot/modules/bad.ko", ModuleJars.jar(Map.of("bad.Bad", """
                package bad;
                import org.kld86.kpi.*;
                @DevModule(name = "bad")
                public final class Bad implements ModuleEventHandler {
                    static IntrCookie[] cookie = new IntrCookie[1];
                    public int modevent(KldModule mod, int what, Object arg) {
                        if (what == Kld.MOD_LOAD) {
                            Device d = Bus.device_create("bad");
                            Resource irq = Bus.bus_alloc_resource(d, Bus.SYS_RES_IRQ, 0, 5, 5, 1, Bus.RF_ACTIVE);
                            return Bus.bus_setup_intr(d, irq, Bus.INTR_TYPE_MISC, a -> {
                                throw new IllegalStateException("bad filter");
                            }, null, null, cookie);
                        }
                        return 0;
                    }
                }
                """)));
        Linker linker = kernel.linker();
        assertTrue(linker.kldload("bad", List.of()).ok(), kernel.console().dmesg());
        assertFalse(intr.masked(5));
        int mark = kernel.console().dmesg().length();
        assertEquals(0, linker.kldunload(linker.findFile("bad").id(), Linker.LINKER_UNLOAD_NORMAL));
        assertEquals("Warning: bad.ko unloaded with its interrupt handler \"bad0\" still on irq5; removed.\n",
                kernel.console().dmesg().substring(mark));
        assertTrue(intr.masked(5));

        assertTrue(linker.kldload("bad", List.of()).ok());
        machine.cpu().out8(0x304, 0);
        machine.cpu().out8(0x302, 0x01);
        KernelPanic p = assertThrows(KernelPanic.class,
                () -> kernel.scheduler().sleep(new Object(), "wait", kernel.ticksToCycles(1)));
        assertTrue(p.getMessage().startsWith("bad.ko: java.lang.IllegalStateException: bad filter at bad.Bad."), p.getMessage());
    }
}
