package org.kld86.kpi;

import static org.junit.jupiter.api.Assertions.*;
import static org.kld86.kpi.Interrupt.*;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.kld86.emulator.Machine;
import org.kld86.emulator.MachineConfig;
import org.kld86.kernel.Kernel;
import org.kld86.kernel.KernelOptions;

/** The Linux interrupt KPI with the edu device, as an LDD3-style driver would use it. */
class InterruptTest {

    private final Machine machine = new Machine(MachineConfig.defaults());
    private final Kernel kernel = Kernel.boot(machine, KernelOptions.defaults());
    private final List<String> log = new ArrayList<>();

    @AfterEach
    void tearDown() {
        kernel.shutdown();
    }

    @Test
    void aHandlerAcknowledgesTheDeviceAndWakesAWaiter() {
        PciDev edu = Pci.pci_get_device(0x1234, 0x11E8, null);
        long regs = Pci.pci_iomap(edu, 0, 0);
        WaitQueueHead wq = new WaitQueueHead();
        int[] status = {0};
        assertEquals(0, request_irq(edu.irq, (irq, dev) -> {
            int s = Mem.read32(regs + 0x24);
            if (s == 0) {
                return IRQ_NONE;
            }
            Mem.write32(regs + 0x64, s);
            status[0] = s;
            log.add("irq " + irq + " in_irq " + in_irq() + " dev " + (dev == edu));
            Wait.wake_up_interruptible(wq);
            return IRQ_HANDLED;
        }, IRQF_SHARED, "edu", edu));
        Mem.write32(regs + 0x60, 0x42);
        assertEquals(0, Wait.wait_event_interruptible(wq, () -> status[0] != 0));
        assertEquals(List.of("irq 11 in_irq true dev true"), log);
        assertEquals(0x42, status[0]);
        free_irq(edu.irq, edu);
        assertTrue(kernel.interrupts().masked(11));
    }

    @Test
    void localIrqSaveAndRestore() {
        long flags = local_irq_save();
        assertTrue(irqs_disabled());
        assertEquals(Spinlock.X86_EFLAGS_IF, flags);
        long inner = local_irq_save();
        assertEquals(0, inner);
        local_irq_restore(inner);
        assertTrue(irqs_disabled());
        local_irq_restore(flags);
        assertFalse(irqs_disabled());
        assertFalse(in_interrupt());
    }
}
