package org.kld86.emulator.memory;

import com.google.common.collect.Range;

/**
 * A device's MMIO window in the physical address map. A PCI device moves its window when its BAR is
 * reprogrammed and hides it when Memory Space Enable is cleared; both go through {@link PhysicalMemory}, which
 * tells the MMU so that no TLB entry keeps pointing at what used to be decoded there.
 */
public final class MmioWindow {

    private final PhysicalMemory owner;
    private final String name;
    private final long sizeBytes;
    private final MmioHandler handler;
    private long base;
    private boolean enabled;

    MmioWindow(PhysicalMemory owner, String name, long base, long sizeBytes, MmioHandler handler) {
        this.owner = owner;
        this.name = name;
        this.base = base;
        this.sizeBytes = sizeBytes;
        this.handler = handler;
    }

    public String name() {
        return name;
    }

    public long base() {
        return base;
    }

    public long sizeBytes() {
        return sizeBytes;
    }

    public MmioHandler handler() {
        return handler;
    }

    public boolean enabled() {
        return enabled;
    }

    /** The physical range the window decodes, half-open. */
    public Range<Long> range() {
        return Range.closedOpen(base, base + sizeBytes);
    }

    boolean contains(long pa) {
        return enabled && pa - base >= 0 && pa - base < sizeBytes;
    }

    /** Moves the window to {@code newBase} (a BAR write). */
    public void relocate(long newBase) {
        if (newBase == base) {
            return;
        }
        base = newBase;
        owner.mapChanged();
    }

    /** Decodes (or stops decoding) the window (PCI Command bit 1, Memory Space Enable). */
    public void setEnabled(boolean on) {
        if (on == enabled) {
            return;
        }
        enabled = on;
        owner.mapChanged();
    }

    @Override
    public String toString() {
        return String.format("[mem 0x%08x-0x%08x] %s%s", base, base + sizeBytes - 1, name, enabled ? "" : " (disabled)");
    }
}
