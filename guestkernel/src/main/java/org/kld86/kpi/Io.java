package org.kld86.kpi;

import org.kld86.kernel.Kernel;
import org.kld86.kernel.linux.Ioremap;

/**
 * asm/io.h: device memory (a PCI BAR, the ISA hole) mapped into the kernel's address space, and the accessors
 * that reach it (LDD3 ch. 9).
 *
 * <pre>
 * long regs = ioremap(pci_resource_start, 4096);
 * int id = readl(regs);
 * writel(0x1234, regs + 4);
 * iounmap(regs);
 * </pre>
 *
 * <p>Traps: the address ioremap returns is not memory: reach it only through readb..writel; the mapping is
 * uncached, so every access is a bus cycle. The value comes before the address in writeb/writew/writel, as in C.
 */
public final class Io {

    private Io() {
    }

    private static Ioremap io() {
        return Kernel.current().linux().io();
    }

    /** ioremap(): maps {@code size} bytes of physical address space at {@code phys}; 0 on failure. */
    public static long ioremap(long phys, long size) {
        return io().ioremap(phys, size);
    }

    /** ioremap_nocache(): the same, explicitly uncached. */
    public static long ioremap_nocache(long phys, long size) {
        return io().ioremap_nocache(phys, size);
    }

    /** iounmap(). */
    public static void iounmap(long addr) {
        io().iounmap(addr);
    }

    /** readb(): an 8-bit read of device memory. */
    public static int readb(long addr) {
        return io().readb(addr);
    }

    /** readw(): a 16-bit read. */
    public static int readw(long addr) {
        return io().readw(addr);
    }

    /** readl(): a 32-bit read. */
    public static int readl(long addr) {
        return io().readl(addr);
    }

    /** writeb(): an 8-bit write of {@code value} to device memory. */
    public static void writeb(int value, long addr) {
        io().writeb(value, addr);
    }

    /** writew(): a 16-bit write. */
    public static void writew(int value, long addr) {
        io().writew(value, addr);
    }

    /** writel(): a 32-bit write. */
    public static void writel(int value, long addr) {
        io().writel(value, addr);
    }
}
