package org.kld86.kpi;

/**
 * A PCI function on bus 0 (FreeBSD's device_t of a PCI child, Linux's struct pci_dev), as the kernel found it:
 * its slot, IDs and interrupt line, and the base and size of each memory BAR (found by the BAR sizing protocol).
 * Linux drivers read {@code pdev->irq}, {@code pdev->vendor} and {@code pdev->device} as the public fields here.
 */
public final class PciDev extends Device {

    /** The slot on bus 0 (function 0 only). */
    public final int slot;
    public final int vendor;
    public final int device;
    /** The interrupt line the firmware wrote into the configuration header (PCIR_INTLINE). */
    public final int irq;
    final long[] barStart = new long[6];
    final long[] barSize = new long[6];

    PciDev(int slot, int vendor, int device, int irq) {
        super(String.format("pci0:0:%d:0", slot));
        this.slot = slot;
        this.vendor = vendor;
        this.device = device;
        this.irq = irq;
    }
}
