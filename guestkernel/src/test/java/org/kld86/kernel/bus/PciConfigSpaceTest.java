package org.kld86.kernel.bus;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.kld86.emulator.Machine;
import org.kld86.emulator.MachineConfig;
import org.kld86.kernel.Kernel;
import org.kld86.kernel.KernelOptions;

class PciConfigSpaceTest {

    private final Machine machine = new Machine(MachineConfig.defaults());
    private final Kernel kernel = Kernel.boot(machine, KernelOptions.defaults());
    private final PciConfigSpace cfg = kernel.buses().pci();

    @AfterEach
    void tearDown() {
        kernel.shutdown();
    }

    @Test
    void theHostBridgeIsInSlotZeroAndAnEmptySlotReadsAllOnes() {
        assertEquals(0x12378086, cfg.read(0, PciConfigSpace.PCIR_VENDOR, 4), "8086:1237, the i440FX");
        assertEquals(-1, cfg.read(20, PciConfigSpace.PCIR_VENDOR, 4));
        assertEquals(0xFFFF, cfg.read(20, PciConfigSpace.PCIR_DEVICE, 2));
        assertEquals(3, cfg.find(0x1234, 0x11E8, 0));
        assertEquals(-1, cfg.find(0x1234, 0x11E8, 4));
    }

    @Test
    void barsAreSizedByWritingAllOnesAndTheBaseIsRestored() {
        assertEquals(1L << 20, cfg.barSize(3, 0));
        assertEquals(0xFE000000L, cfg.barBase(3, 0));
        assertEquals(0, cfg.barSize(3, 1), "unimplemented");
        assertEquals(PciConfigSpace.PCIM_CMD_MEMEN, cfg.read(3, PciConfigSpace.PCIR_COMMAND, 2) & 3,
                "memory decode is back on after the probe");
    }

    @Test
    void aMisalignedOrOddWidthAccessIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> cfg.read(3, 0x02, 4));
        assertThrows(IllegalArgumentException.class, () -> cfg.read(3, 0x00, 3));
    }
}
