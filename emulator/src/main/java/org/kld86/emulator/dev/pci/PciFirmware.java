package org.kld86.emulator.dev.pci;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.IntUnaryOperator;

/**
 * What the BIOS does to the PCI bus before the kernel boots (SeaBIOS {@code src/fw/pciinit.c}): give every
 * memory BAR an address, tell each device which IRQ its pin reaches, and turn on memory decode.
 *
 * <p>It works through the same configuration accesses a guest would make, in this order:
 * <ol>
 *   <li>Size every implemented memory BAR (write all-ones, read back, restore), as firmware must since it
 *       cannot know the sizes otherwise.
 *   <li>Place the BARs in the window {@code [windowBasePa, windowLimitPa)}, largest first (SeaBIOS sorts by size
 *       so that alignment wastes nothing), each naturally aligned to its size, upward from the base; ties go
 *       in slot then BAR order, so the layout is a function of the configuration alone.
 *   <li>For each device with an interrupt pin, write the interrupt line register with the IRQ number the
 *       machine routed that slot's pin to.
 *   <li>Set Memory Space Enable in every device's command register. Bus Master Enable stays clear: on real
 *       systems the driver turns on bus mastering itself ({@code pci_enable_busmaster}, {@code
 *       pci_set_master}) once it is ready for the device to write memory.
 * </ol>
 */
public final class PciFirmware {

    private PciFirmware() {
    }

    /** The interrupt line value for "unknown or not connected" on x86. */
    public static final int NO_IRQ = 0xFF;

    private record Placement(PciDevice device, int bar, long sizeBytes) {
    }

    /**
     * Assigns the bus's memory resources.
     *
     * @param windowBasePa the first address of the PCI MMIO window (page aligned, e.g. 0xFE000000)
     * @param windowLimitPa the end of the window, exclusive (at most 4 GiB)
     * @param irqForSlot the IRQ number (0-254) that the interrupt pin of the device in a slot is routed to, the
     *     same input the machine wired the device's {@link org.kld86.emulator.dev.IrqLine} to
     * @throws IllegalArgumentException if the window is malformed, the BARs do not fit in it, or an IRQ number is
     *     out of range
     */
    public static void assignResources(PciBus bus, long windowBasePa, long windowLimitPa, IntUnaryOperator irqForSlot) {
        if (windowBasePa <= 0 || windowLimitPa > 1L << 32 || windowBasePa >= windowLimitPa
                || (windowBasePa & 0xFFF) != 0) {
            throw new IllegalArgumentException(String.format(
                    "assignResources: PCI MMIO window [0x%x, 0x%x) is not a page-aligned range inside 4 GiB",
                    windowBasePa, windowLimitPa));
        }
        List<Placement> bars = new ArrayList<>();
        for (PciDevice d : bus.devices()) {
            for (int i = 0; i < PciHeader.BAR_COUNT; i++) {
                long size = sizeBar(d, i);
                if (size != 0) {
                    bars.add(new Placement(d, i, size));
                }
            }
        }
        // Stable sort: equal sizes keep slot and BAR order.
        bars.sort(Comparator.comparingLong(Placement::sizeBytes).reversed());

        long cursorPa = windowBasePa;
        for (Placement p : bars) {
            long basePa = (cursorPa + p.sizeBytes - 1) & -p.sizeBytes;
            if (basePa + p.sizeBytes > windowLimitPa) {
                throw new IllegalArgumentException(String.format(
                        "assignResources: %s BAR%d (0x%x bytes) does not fit in the PCI MMIO window [0x%x, 0x%x)",
                        p.device.address(), p.bar, p.sizeBytes, windowBasePa, windowLimitPa));
            }
            p.device.configWrite(PciHeader.bar(p.bar), 4, (int) basePa);
            cursorPa = basePa + p.sizeBytes;
        }

        for (PciDevice d : bus.devices()) {
            if (d.interruptPin() != PciHeader.PIN_NONE) {
                int irq = irqForSlot.applyAsInt(d.slot());
                if (irq < 0 || irq >= NO_IRQ) {
                    throw new IllegalArgumentException(String.format(
                            "assignResources: IRQ %d for %s is not 0-254", irq, d.address()));
                }
                d.configWrite(PciHeader.INTERRUPT_LINE, 1, irq);
            }
            d.configWrite(PciHeader.COMMAND, 2, d.command() | PciHeader.COMMAND_MEMORY);
        }
    }

    /**
     * The size of memory BAR {@code index} by the sizing protocol, or 0 if it is not implemented or is an I/O BAR.
     * Safe with memory decode on: a BAR holding all-ones is never decoded (see {@link MemoryBar}).
     */
    private static long sizeBar(PciDevice d, int index) {
        int offset = PciHeader.bar(index);
        int saved = d.configRead(offset, 4);
        d.configWrite(offset, 4, -1);
        int probe = d.configRead(offset, 4);
        d.configWrite(offset, 4, saved);
        if (probe == 0 || (probe & PciHeader.BAR_SPACE_IO) != 0) {
            return 0;
        }
        return Integer.toUnsignedLong(~(probe & ~PciHeader.BAR_MEM_FLAGS)) + 1;
    }
}
