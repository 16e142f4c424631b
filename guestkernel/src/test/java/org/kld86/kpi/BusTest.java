package org.kld86.kpi;

import static org.junit.jupiter.api.Assertions.*;
import static org.kld86.kpi.Bus.*;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.kld86.emulator.Machine;
import org.kld86.emulator.MachineConfig;
import org.kld86.kernel.Kernel;
import org.kld86.kernel.KernelOptions;

/** bus_setup_intr and friends, driving the edu device's interrupt as a driver would. */
class BusTest {

    private final Machine machine = new Machine(MachineConfig.defaults());
    private final Kernel kernel = Kernel.boot(machine, KernelOptions.defaults());
    private final List<String> log = new ArrayList<>();

    @AfterEach
    void tearDown() {
        kernel.shutdown();
    }

    @Test
    void aDriverNamesItsDeviceAndItsInterruptThreadCarriesTheName() {
        PciDev edu = Pci.pci_find_device(0x1234, 0x11E8);
        assertEquals("pci0:0:3:0", device_get_nameunit(edu));
        device_set_driver(edu, "edu");
        assertEquals("edu0", device_get_nameunit(edu));
        assertEquals("edu", device_get_name(edu));
        assertEquals(0, device_get_unit(edu));
        assertEquals("edu1", device_get_nameunit(device_create("edu")), "the next unit");

        Resource regs = bus_alloc_resource_any(edu, SYS_RES_MEMORY, Pci.PCIR_BAR(0), RF_ACTIVE);
        Resource irq = bus_alloc_resource_any(edu, SYS_RES_IRQ, 0, RF_ACTIVE | RF_SHAREABLE);
        assertEquals(11, rman_get_start(irq));
        IntrCookie[] cookie = new IntrCookie[1];
        assertEquals(0, bus_setup_intr(edu, irq, INTR_TYPE_MISC | INTR_MPSAFE, arg -> {
            log.add("filter " + bus_read_4(regs, 0x24));
            return FILTER_SCHEDULE_THREAD;
        }, arg -> {
            log.add("thread " + arg);
            bus_write_4(regs, 0x64, bus_read_4(regs, 0x24));
        }, "sc", cookie));
        assertEquals("irq11: edu0", kernel.interrupts().ithread(11).name());
        bus_write_4(regs, 0x60, 0x5);
        Sleep.pause("wait", 1);
        assertEquals(List.of("filter 5", "thread sc"), log);
        assertEquals(0, bus_teardown_intr(edu, irq, cookie[0]));
        assertEquals("irq11:", kernel.interrupts().ithread(11).name(), "renamed when its handler went");
        int mark = kernel.console().dmesg().length();
        device_printf(edu, "detached\n");
        assertEquals("edu0: detached\n", kernel.console().dmesg().substring(mark));
    }

    @Test
    void ioPortResourcesGoThroughInAndOut() {
        Device strm = device_create("strm");
        Resource ports = bus_alloc_resource(strm, SYS_RES_IOPORT, 0, 0x300, 0x307, 8, RF_ACTIVE);
        assertEquals(0x5A, bus_read_1(ports, 0), "the ISA stream device's ID register");
        assertNull(bus_alloc_resource(strm, SYS_RES_IOPORT, 0, 0x300, 0x302, 8, RF_ACTIVE), "8 ports do not fit");
        assertEquals(Errno.EINVAL, bus_setup_intr(strm, ports, INTR_TYPE_MISC, a -> FILTER_HANDLED, null, null, null),
                "not an IRQ resource");
    }
}
