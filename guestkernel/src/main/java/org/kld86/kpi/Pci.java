package org.kld86.kpi;

import org.kld86.kernel.Kernel;
import org.kld86.kernel.bus.PciConfigSpace;

/**
 * PCI for drivers, in FreeBSD's words (pci(9): pci_find_device, pci_read_config, pci_enable_busmaster, ...) and
 * in Linux's (pci_get_device, pci_enable_device, pci_set_master, pci_resource_start, pci_iomap, ...), over
 * configuration mechanism #1 on bus 0.
 *
 * <p>A driver finds its device by vendor and device ID, turns on memory decoding and bus mastering, maps a BAR
 * and reads its registers with bus_read_4 or Mem.read32 on the mapped address. The firmware has placed the BARs
 * and written the interrupt line; {@link PciDev#irq} is that line.
 *
 * <p>Traps: a device may not DMA until bus mastering is on (Bus Master Enable in the command register), and it
 * must be given physical addresses (vtophys), never kernel virtual ones. Registers of the edu device below 0x80
 * answer 4-byte accesses only.
 */
public final class Pci {

    private Pci() {
    }

    /** Configuration header registers and command bits, FreeBSD's names (sys/dev/pci/pcireg.h). */
    public static final int PCIR_VENDOR = PciConfigSpace.PCIR_VENDOR;
    public static final int PCIR_DEVICE = PciConfigSpace.PCIR_DEVICE;
    public static final int PCIR_COMMAND = PciConfigSpace.PCIR_COMMAND;
    public static final int PCIR_REVID = PciConfigSpace.PCIR_REVID;
    public static final int PCIR_INTLINE = PciConfigSpace.PCIR_INTLINE;
    public static final int PCIR_INTPIN = PciConfigSpace.PCIR_INTPIN;
    public static final int PCIM_CMD_PORTEN = PciConfigSpace.PCIM_CMD_PORTEN;
    public static final int PCIM_CMD_MEMEN = PciConfigSpace.PCIM_CMD_MEMEN;
    public static final int PCIM_CMD_BUSMASTEREN = PciConfigSpace.PCIM_CMD_BUSMASTEREN;
    /** The same, Linux's names (include/uapi/linux/pci_regs.h). */
    public static final int PCI_VENDOR_ID = 0x00;
    public static final int PCI_DEVICE_ID = 0x02;
    public static final int PCI_COMMAND = 0x04;
    public static final int PCI_COMMAND_IO = 0x1;
    public static final int PCI_COMMAND_MEMORY = 0x2;
    public static final int PCI_COMMAND_MASTER = 0x4;
    public static final int PCI_BASE_ADDRESS_0 = 0x10;
    public static final int PCI_INTERRUPT_LINE = 0x3C;
    /** PCIBIOS_SUCCESSFUL: what the Linux config accessors return. */
    public static final int PCIBIOS_SUCCESSFUL = 0;

    /** PCIR_BAR(n): the configuration offset of BAR {@code n}, which is also its resource id. */
    public static int PCIR_BAR(int n) {
        return PciConfigSpace.PCIR_BAR0 + 4 * n;
    }

    // -------------------------------------------------------------------------------------------------------------
    // Finding devices

    /** pci_find_device(vendor, device): the first such device on bus 0, or null. */
    public static PciDev pci_find_device(int vendor, int device) {
        return find(vendor, device, 0);
    }

    /** pci_get_device(vendor, device, from): the next such device after {@code from} (null: the first), or null. */
    public static PciDev pci_get_device(int vendor, int device, PciDev from) {
        return find(vendor, device, from == null ? 0 : from.slot + 1);
    }

    /** pci_dev_put(dev): devices here are not reference counted. */
    public static void pci_dev_put(PciDev dev) {
    }

    private static PciDev find(int vendor, int device, int fromSlot) {
        Kernel k = Kernel.current();
        PciConfigSpace cfg = k.buses().pci();
        int slot = cfg.find(vendor, device, fromSlot);
        if (slot < 0) {
            return null;
        }
        return (PciDev) k.buses().pciDevice(slot, () -> {
            PciDev d = new PciDev(slot, vendor, device, cfg.read(slot, PCIR_INTLINE, 1));
            for (int bar = 0; bar < 6; bar++) {
                d.barSize[bar] = cfg.barSize(slot, bar);
                d.barStart[bar] = d.barSize[bar] == 0 ? 0 : cfg.barBase(slot, bar);
            }
            return d;
        });
    }

    // -------------------------------------------------------------------------------------------------------------
    // FreeBSD

    public static int pci_get_vendor(PciDev dev) {
        return dev.vendor;
    }

    public static int pci_get_device(PciDev dev) {
        return dev.device;
    }

    public static int pci_get_irq(PciDev dev) {
        return dev.irq;
    }

    public static int pci_get_slot(PciDev dev) {
        return dev.slot;
    }

    public static int pci_get_revid(PciDev dev) {
        return pci_read_config(dev, PCIR_REVID, 1);
    }

    /** pci_read_config(dev, reg, width): {@code width} 1, 2 or 4 bytes at {@code reg}. */
    public static int pci_read_config(PciDev dev, int reg, int width) {
        return Kernel.current().buses().pci().read(dev.slot, reg, width);
    }

    /** pci_write_config(dev, reg, val, width). */
    public static void pci_write_config(PciDev dev, int reg, int val, int width) {
        Kernel.current().buses().pci().write(dev.slot, reg, val, width);
    }

    /** pci_enable_busmaster(dev): Bus Master Enable on; the device may now DMA. Returns 0. */
    public static int pci_enable_busmaster(PciDev dev) {
        setCommand(dev, PCIM_CMD_BUSMASTEREN, true);
        return 0;
    }

    public static int pci_disable_busmaster(PciDev dev) {
        setCommand(dev, PCIM_CMD_BUSMASTEREN, false);
        return 0;
    }

    /** pci_enable_io(dev, space): memory (SYS_RES_MEMORY) or port (SYS_RES_IOPORT) decoding on. Returns 0. */
    public static int pci_enable_io(PciDev dev, int space) {
        setCommand(dev, space == Bus.SYS_RES_IOPORT ? PCIM_CMD_PORTEN : PCIM_CMD_MEMEN, true);
        return 0;
    }

    public static int pci_disable_io(PciDev dev, int space) {
        setCommand(dev, space == Bus.SYS_RES_IOPORT ? PCIM_CMD_PORTEN : PCIM_CMD_MEMEN, false);
        return 0;
    }

    private static void setCommand(PciDev dev, int bit, boolean on) {
        int cmd = pci_read_config(dev, PCIR_COMMAND, 2);
        pci_write_config(dev, PCIR_COMMAND, on ? cmd | bit : cmd & ~bit, 2);
    }

    // -------------------------------------------------------------------------------------------------------------
    // Linux

    /** pci_enable_device(dev): memory decoding on (every BAR here is a memory BAR). Returns 0. */
    public static int pci_enable_device(PciDev dev) {
        setCommand(dev, PCI_COMMAND_MEMORY, true);
        return 0;
    }

    public static void pci_disable_device(PciDev dev) {
        setCommand(dev, PCI_COMMAND_MEMORY | PCI_COMMAND_MASTER, false);
    }

    /** pci_set_master(dev): bus mastering on. */
    public static void pci_set_master(PciDev dev) {
        setCommand(dev, PCI_COMMAND_MASTER, true);
    }

    public static void pci_clear_master(PciDev dev) {
        setCommand(dev, PCI_COMMAND_MASTER, false);
    }

    /** pci_read_config_byte(dev, where, &val): {@code val[0]} gets the byte; returns PCIBIOS_SUCCESSFUL. */
    public static int pci_read_config_byte(PciDev dev, int where, int[] val) {
        val[0] = pci_read_config(dev, where, 1);
        return PCIBIOS_SUCCESSFUL;
    }

    public static int pci_read_config_word(PciDev dev, int where, int[] val) {
        val[0] = pci_read_config(dev, where, 2);
        return PCIBIOS_SUCCESSFUL;
    }

    public static int pci_read_config_dword(PciDev dev, int where, int[] val) {
        val[0] = pci_read_config(dev, where, 4);
        return PCIBIOS_SUCCESSFUL;
    }

    public static int pci_write_config_byte(PciDev dev, int where, int val) {
        pci_write_config(dev, where, val, 1);
        return PCIBIOS_SUCCESSFUL;
    }

    public static int pci_write_config_word(PciDev dev, int where, int val) {
        pci_write_config(dev, where, val, 2);
        return PCIBIOS_SUCCESSFUL;
    }

    public static int pci_write_config_dword(PciDev dev, int where, int val) {
        pci_write_config(dev, where, val, 4);
        return PCIBIOS_SUCCESSFUL;
    }

    /** pci_resource_start(dev, bar): the BAR's physical base (0 if unimplemented). */
    public static long pci_resource_start(PciDev dev, int bar) {
        return dev.barStart[bar];
    }

    /** pci_resource_len(dev, bar): the BAR's size (0 if unimplemented). */
    public static long pci_resource_len(PciDev dev, int bar) {
        return dev.barSize[bar];
    }

    public static long pci_resource_end(PciDev dev, int bar) {
        return dev.barSize[bar] == 0 ? 0 : dev.barStart[bar] + dev.barSize[bar] - 1;
    }

    /** pci_iomap(dev, bar, maxlen): maps the BAR (at most {@code maxlen} bytes; 0 means all); 0 if no such BAR. */
    public static long pci_iomap(PciDev dev, int bar, long maxlen) {
        long len = dev.barSize[bar];
        if (len == 0) {
            return 0;
        }
        if (maxlen != 0 && maxlen < len) {
            len = maxlen;
        }
        return Kernel.current().linux().io().ioremap_nocache(dev.barStart[bar], len);
    }

    /** pci_iounmap(dev, addr). */
    public static void pci_iounmap(PciDev dev, long addr) {
        Kernel.current().linux().io().iounmap(addr);
    }
}
