package org.kld86.kernel.tty;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.kld86.emulator.Machine;
import org.kld86.emulator.MachineConfig;
import org.kld86.kernel.Kernel;
import org.kld86.kernel.KernelOptions;

class Ns8250Test {

    private final Machine machine = new Machine(MachineConfig.defaults());
    private final Kernel kernel = Kernel.boot(machine, KernelOptions.defaults());

    @AfterEach
    void tearDown() {
        kernel.shutdown();
    }

    @Test
    void theConsoleRunsAt115200EightNOne() {
        // 10 bits (start, 8 data, stop) at 115200 baud on a 1 GHz clock, rounded up.
        assertEquals((10L * 1_000_000_000L + 115_199) / 115_200, machine.console().characterCycles());
        assertEquals(0x03, machine.cpu().in8(0x3FB), "LCR 8N1, DLAB clear");
        assertEquals(0x0B, machine.cpu().in8(0x3FC), "MCR DTR, RTS, OUT2");
        assertEquals(0x01, machine.cpu().in8(0x3F9), "IER: receive data available");
    }

    @Test
    void anInterruptWithNothingPendingIsNotOurs() {
        Ns8250 uart = new Ns8250(machine.cpu(), 0x3F8);
        assertFalse(uart.interrupt(c -> fail("no data")));
    }
}
