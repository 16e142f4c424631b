package org.kld86.kpi;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.kld86.emulator.Machine;
import org.kld86.emulator.MachineConfig;
import org.kld86.kernel.Kernel;
import org.kld86.kernel.KernelOptions;

class IoTest {

    private final Machine machine = new Machine(MachineConfig.defaults());
    private final Kernel kernel = Kernel.boot(machine, KernelOptions.defaults());

    @AfterEach
    void tearDown() {
        kernel.shutdown();
    }

    @Test
    void theEduDevicesRegistersThroughIoremap() {
        long bar = machine.eduDevices().get(0).barWindow(0).base();
        long regs = Io.ioremap_nocache(bar, 4096);
        assertEquals(0x010000ED, Io.readl(regs), "edu's identification register");
        // edu answers only 32- and 64-bit accesses, as QEMU's does: narrower reads float high, writes are dropped.
        assertEquals(0xFF, Io.readb(regs));
        assertEquals(0xFFFF, Io.readw(regs));
        Io.writel(0x12345678, regs + 4); // the liveness register answers with the complement
        assertEquals(~0x12345678, Io.readl(regs + 4));
        Io.writew(0x1111, regs + 4);
        Io.writeb(0x22, regs + 4);
        assertEquals(~0x12345678, Io.readl(regs + 4));
        Io.iounmap(regs);
        long again = Io.ioremap(bar, 8);
        assertEquals(0x010000ED, Io.readl(again));
        Io.iounmap(again);
    }
}
