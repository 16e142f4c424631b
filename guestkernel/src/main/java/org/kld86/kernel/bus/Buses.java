package org.kld86.kernel.bus;

import org.kld86.kernel.Kernel;

/**
 * The kernel's view of the machine's buses for drivers: PCI configuration space, the ISA DMA channels, and the
 * unit numbers of attached devices. The KPI classes Pci, Bus and IsaDma are built on these.
 */
public final class Buses {

    private final PciConfigSpace pci;
    private final IsaDmaChannels isaDma;
    private final Devclasses devclasses = new Devclasses();
    /** The KPI's object for each PCI slot found so far, so that every lookup gives the same device. */
    private final java.util.Map<Integer, Object> pciDevices = new java.util.HashMap<>();

    public Buses(Kernel kernel) {
        this.pci = new PciConfigSpace(kernel.machine().cpu());
        this.isaDma = new IsaDmaChannels(kernel);
    }

    public PciConfigSpace pci() {
        return pci;
    }

    public IsaDmaChannels isaDma() {
        return isaDma;
    }

    public Devclasses devclasses() {
        return devclasses;
    }

    /** The driver-side object of PCI slot {@code slot}, made by {@code make} the first time. */
    public Object pciDevice(int slot, java.util.function.Supplier<Object> make) {
        return pciDevices.computeIfAbsent(slot, s -> make.get());
    }
}
