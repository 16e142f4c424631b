package org.kld86.kernel.intr;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.kld86.emulator.Machine;
import org.kld86.emulator.MachineConfig;
import org.kld86.kernel.Kernel;
import org.kld86.kernel.KernelOptions;

class AtpicTest {

    private final Machine machine = new Machine(MachineConfig.defaults());
    private final Kernel kernel = Kernel.boot(machine, KernelOptions.defaults());

    @AfterEach
    void tearDown() {
        kernel.shutdown();
    }

    @Test
    void itStartsFromWhatTheKernelAndFirmwareProgrammed() {
        Atpic a = new Atpic(machine.cpu());
        assertTrue(a.level(11), "the firmware set the edu's PCI line level-triggered in the ELCR");
        assertFalse(a.level(4), "ISA lines are edge-triggered");
        assertTrue(a.masked(11));
        assertFalse(a.masked(2), "the cascade stays open");
    }

    @Test
    void enableAndMaskWriteTheRightChipsImr() {
        Atpic a = new Atpic(machine.cpu());
        a.enable(11);
        assertEquals(0xFF & ~(1 << 3), machine.cpu().in8(0xA1), "IRQ 11 is the slave's input 3");
        a.enable(5);
        assertEquals(0xFB & ~(1 << 4) & ~(1 << 5), machine.cpu().in8(0x21), "IRQ 4 is the console's, already open");
        a.mask(11);
        assertEquals(0xFF, machine.cpu().in8(0xA1));
        a.disableAndEoi(5);
        assertFalse(a.masked(5), "an edge line is not masked for its thread");
        a.enable(11);
        a.disableAndEoi(11);
        assertTrue(a.masked(11), "a level line is");
    }
}
