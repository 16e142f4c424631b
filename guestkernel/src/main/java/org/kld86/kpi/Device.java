package org.kld86.kpi;

/**
 * device_t: a device a driver drives, named by its driver and unit ("edu0", "uart0"). This kernel has no newbus
 * tree: a PCI device is found with {@link Pci#pci_find_device} and named when its driver takes it
 * ({@link Bus#device_set_driver}); a device on no bus is made with {@link Bus#device_create}. The name is what
 * bus_setup_intr gives the interrupt handler, so it shows in the interrupt thread's name ("irq11: edu0").
 */
public class Device {

    String driver;
    int unit = -1;
    String nameunit;

    Device(String nameunit) {
        this.nameunit = nameunit;
    }

    @Override
    public String toString() {
        return nameunit;
    }
}
