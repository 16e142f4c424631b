package org.kld86.emulator.dev.pci;

import org.kld86.emulator.memory.MmioHandler;
import org.kld86.emulator.memory.MmioWindow;
import org.kld86.emulator.memory.PhysicalMemory;

/**
 * One 32-bit, non-prefetchable memory BAR and the MMIO window it decodes.
 *
 * <p>The sizing protocol falls out of the write mask: the low log2(size) bits of the register are read-only
 * zero, so after the firmware writes all-ones it reads back {@code ~(size - 1)} with the type bits (all zero
 * here) below, and {@code size = ~(value & ~0xF) + 1} (PCI 3.0 §6.2.5.1).
 *
 * <p>Whether the window decodes follows QEMU {@code hw/pci/pci.c} {@code pci_bar_address}: only while Memory
 * Space Enable is set, never at address 0, and never when the window would reach 0xFFFFFFFF. The last rule is
 * the one that matters: while software sizes a BAR with memory decode on, the register briefly holds
 * {@code ~(size - 1)}, and decoding that would lay the device over the BIOS flash at the top of the space.
 */
final class MemoryBar {

    /** The smallest BAR we accept: {@link PhysicalMemory} maps whole pages. */
    static final long MIN_SIZE_BYTES = PhysicalMemory.PAGE_SIZE;
    /** The largest 32-bit BAR. */
    static final long MAX_SIZE_BYTES = 1L << 31;

    private final int index;
    private final long sizeBytes;
    private final MmioHandler handler;
    private MmioWindow window;

    MemoryBar(int index, long sizeBytes, MmioHandler handler) {
        if (index < 0 || index >= PciHeader.BAR_COUNT) {
            throw new IllegalArgumentException("BAR index " + index + " is not 0-5");
        }
        if (Long.bitCount(sizeBytes) != 1 || sizeBytes < MIN_SIZE_BYTES || sizeBytes > MAX_SIZE_BYTES) {
            throw new IllegalArgumentException(String.format(
                    "BAR%d size 0x%x is not a power of two from 4 KiB to 2 GiB", index, sizeBytes));
        }
        if (handler == null) {
            throw new IllegalArgumentException("BAR" + index + " has no MMIO handler");
        }
        this.index = index;
        this.sizeBytes = sizeBytes;
        this.handler = handler;
    }

    int index() {
        return index;
    }

    long sizeBytes() {
        return sizeBytes;
    }

    /** The register's writable bits: the address bits at and above the size. */
    int writeMask() {
        return (int) ~(sizeBytes - 1) & ~PciHeader.BAR_MEM_FLAGS;
    }

    /** Creates the (disabled) window when the device is plugged into a bus. */
    void plug(PhysicalMemory memory, String name) {
        window = memory.addMmio(name + " BAR" + index, 0, sizeBytes, handler);
    }

    /** The window, or null before the device is on a bus. */
    MmioWindow window() {
        return window;
    }

    /** Moves and enables or disables the window after a write to the BAR or the command register. */
    void update(int register, boolean memorySpaceEnabled) {
        if (window == null) {
            return;
        }
        long basePa = Integer.toUnsignedLong(register) & ~(sizeBytes - 1) & 0xFFFFFFF0L;
        long lastPa = basePa + sizeBytes - 1;
        boolean decode = memorySpaceEnabled && basePa != 0 && lastPa < 0xFFFFFFFFL;
        if (decode) {
            window.relocate(basePa);
        }
        window.setEnabled(decode);
    }
}
