package org.kld86.kpi;

import static org.junit.jupiter.api.Assertions.*;
import static org.kld86.kpi.Pci.*;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.kld86.emulator.Machine;
import org.kld86.emulator.MachineConfig;
import org.kld86.kernel.Kernel;
import org.kld86.kernel.KernelOptions;

/** The PCI KPI against the default machine's edu device (1234:11e8 in slot 3, BAR0 1 MiB, INTA on IRQ 11). */
class PciTest {

    private final Machine machine = new Machine(MachineConfig.defaults());
    private final Kernel kernel = Kernel.boot(machine, KernelOptions.defaults());

    @AfterEach
    void tearDown() {
        kernel.shutdown();
    }

    @Test
    void theEduDeviceIsFoundWithItsIrqAndBar() {
        PciDev edu = pci_find_device(0x1234, 0x11E8);
        assertNotNull(edu);
        assertEquals(3, pci_get_slot(edu));
        assertEquals(0x1234, pci_get_vendor(edu));
        assertEquals(0x11E8, pci_get_device(edu));
        assertEquals(11, pci_get_irq(edu), "PIIX link (3 + 1 - 1) mod 4 = D, IRQ 11");
        assertEquals(0x10, pci_get_revid(edu));
        assertEquals(1L << 20, pci_resource_len(edu, 0));
        assertEquals(0xFE000000L, pci_resource_start(edu, 0), "the firmware placed the only BAR first in the window");
        assertEquals(0, pci_resource_len(edu, 1));
        assertSame(edu, pci_get_device(0x1234, 0x11E8, null), "the same device object every time");
        assertNull(pci_get_device(0x1234, 0x11E8, edu), "only one");
        assertNull(pci_find_device(0x8086, 0x1234));
    }

    @Test
    void bar0MapsAndTheIdentificationRegisterReads010000ed() {
        PciDev edu = pci_find_device(0x1234, 0x11E8);
        Resource bar = Bus.bus_alloc_resource_any(edu, Bus.SYS_RES_MEMORY, PCIR_BAR(0), Bus.RF_ACTIVE);
        assertEquals(0xFE000000L, Bus.rman_get_start(bar));
        assertEquals(1L << 20, Bus.rman_get_size(bar));
        assertNotEquals(0, Bus.rman_get_virtual(bar));
        assertEquals(0x010000ED, Bus.bus_read_4(bar, 0x00));
        Bus.bus_write_4(bar, 0x04, 0x12345678);
        assertEquals(~0x12345678, Bus.bus_read_4(bar, 0x04), "liveness reads back inverted");
        assertEquals(Pmap.vtophys(Bus.rman_get_virtual(bar)), 0xFE000000L, "vtophys of the mapping is the BAR");
        Bus.bus_release_resource(edu, Bus.SYS_RES_MEMORY, PCIR_BAR(0), bar);
        assertEquals(0, Bus.rman_get_virtual(bar));
    }

    @Test
    void linuxMapsTheBarWithPciIomap() {
        PciDev edu = pci_get_device(0x1234, 0x11E8, null);
        assertEquals(0, pci_enable_device(edu));
        long regs = pci_iomap(edu, 0, 0);
        assertEquals(0x010000ED, Mem.read32(regs));
        pci_iounmap(edu, regs);
        assertEquals(0, pci_iomap(edu, 2, 0), "no BAR 2");
    }

    @Test
    void configSpaceReadsAndWritesInEveryWidth() {
        PciDev edu = pci_find_device(0x1234, 0x11E8);
        assertEquals(0x11E81234, pci_read_config(edu, PCIR_VENDOR, 4));
        assertEquals(0x11E8, pci_read_config(edu, PCIR_DEVICE, 2));
        assertEquals(0x34, pci_read_config(edu, PCIR_VENDOR, 1));
        assertEquals(1, pci_read_config(edu, PCIR_INTPIN, 1), "INTA");
        int[] v = new int[1];
        assertEquals(PCIBIOS_SUCCESSFUL, pci_read_config_dword(edu, PCI_VENDOR_ID, v));
        assertEquals(0x11E81234, v[0]);
        pci_write_config_byte(edu, PCI_INTERRUPT_LINE, 9);
        pci_read_config_byte(edu, PCI_INTERRUPT_LINE, v);
        assertEquals(9, v[0], "the interrupt line register is writable");
        pci_write_config_word(edu, PCI_VENDOR_ID, 0xBEEF);
        pci_read_config_word(edu, PCI_VENDOR_ID, v);
        assertEquals(0x1234, v[0], "the vendor ID is read-only");
    }

    @Test
    void busMasteringAndMemoryDecodeAreCommandBits() {
        PciDev edu = pci_find_device(0x1234, 0x11E8);
        assertEquals(PCIM_CMD_MEMEN, pci_read_config(edu, PCIR_COMMAND, 2) & 0x7, "the firmware turned decode on, not mastering");
        pci_enable_busmaster(edu);
        assertEquals(PCIM_CMD_MEMEN | PCIM_CMD_BUSMASTEREN, pci_read_config(edu, PCIR_COMMAND, 2) & 0x7);
        pci_disable_io(edu, Bus.SYS_RES_MEMORY);
        assertEquals(PCIM_CMD_BUSMASTEREN, pci_read_config(edu, PCIR_COMMAND, 2) & 0x7);
        pci_clear_master(edu);
        pci_set_master(edu);
        pci_enable_io(edu, Bus.SYS_RES_MEMORY);
        assertEquals(PCI_COMMAND_MEMORY | PCI_COMMAND_MASTER, pci_read_config(edu, PCI_COMMAND, 2) & 0x7);
    }
}
