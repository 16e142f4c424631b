package org.kld86.emulator.memory;

import com.google.common.collect.ImmutableList;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

/**
 * The physical address space of the machine, as the memory bus decodes it: RAM, the ISA hole, MMIO windows
 * owned by devices, and nothing.
 *
 * <pre>
 *   0x00000000 +------------------------+
 *              | conventional RAM       |  E820 usable (the last 1 KiB, the EBDA, reserved)
 *   0x000A0000 +------------------------+
 *              | ISA hole: VGA, ROMs    |  not RAM: reads all-ones (BIOS area E820 reserved)
 *   0x00100000 +------------------------+
 *              | extended RAM           |  E820 usable, up to the configured size (at most 3 GiB)
 *   ram top    +------------------------+
 *              | PCI hole: MMIO windows |  device BARs; elsewhere nothing
 *   0xFFFC0000 +------------------------+
 *              | BIOS flash             |  E820 reserved, reads all-ones here
 *   0xFFFFFFFF +------------------------+
 * </pre>
 *
 * <p>Physical addresses are 32 bits (MAXPHYADDR = 32: no PAE, no PSE-36) and are passed as non-negative
 * {@code long}s. An access that decodes to nothing reads all-ones and a store to nothing is dropped, as a PC
 * bus does with a master abort. MMIO windows take precedence over RAM where they overlap, as PCI BARs
 * programmed over RAM do on most chipsets.
 *
 * <p>This class is the bus master's view too: DMA engines read and write here, without any MMU.
 */
public final class PhysicalMemory {

    public static final int PAGE_SHIFT = Ram.PAGE_SHIFT;
    public static final int PAGE_SIZE = Ram.PAGE_SIZE;
    public static final long ADDRESS_LIMIT = 1L << 32;

    /** Start of the ISA hole (640 KiB). */
    public static final long ISA_HOLE_START = 0xA0000L;
    /** End of the ISA hole (1 MiB). */
    public static final long ISA_HOLE_END = 0x100000L;
    /** The Extended BIOS Data Area: the last KiB of conventional memory, reserved by the firmware. */
    public static final long EBDA_START = 0x9FC00L;
    /** The system BIOS ROM shadow inside the ISA hole. */
    public static final long BIOS_ROM_START = 0xF0000L;
    /** The firmware flash at the top of the 32-bit space. */
    public static final long BIOS_FLASH_START = 0xFFFC0000L;

    public static final long MIN_RAM_BYTES = 1L << 20;
    public static final long MAX_RAM_BYTES = 3L << 30;

    private static final VarHandle LE16 = MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle LE32 = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle LE64 = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    private final long ramBytes;
    private final Ram ram;
    private final List<MmioWindow> windows = new ArrayList<>();
    private final List<Runnable> mapListeners = new ArrayList<>();
    private final ImmutableList<E820Entry> e820;

    /**
     * @param ramBytes the RAM size: a whole number of pages from 1 MiB to 3 GiB
     * @throws IllegalArgumentException with a message naming the limits, for any other size
     */
    public PhysicalMemory(long ramBytes) {
        checkRamSize(ramBytes);
        this.ramBytes = ramBytes;
        this.ram = new Ram(ramBytes);
        this.e820 = buildE820(ramBytes);
    }

    /** Refuses a RAM size the machine cannot have, with a message a user can act on. */
    public static void checkRamSize(long ramBytes) {
        if (ramBytes < MIN_RAM_BYTES || ramBytes > MAX_RAM_BYTES) {
            throw new IllegalArgumentException(String.format(
                    "RAM size %d bytes is out of range: the machine takes 1 MiB to 3 GiB", ramBytes));
        }
        if ((ramBytes & (PAGE_SIZE - 1)) != 0) {
            throw new IllegalArgumentException(String.format(
                    "RAM size %d bytes is not a whole number of 4 KiB pages", ramBytes));
        }
    }

    private static ImmutableList<E820Entry> buildE820(long ramBytes) {
        ImmutableList.Builder<E820Entry> map = ImmutableList.builder();
        map.add(new E820Entry(0, EBDA_START, E820Entry.USABLE));
        map.add(new E820Entry(EBDA_START, ISA_HOLE_START - EBDA_START, E820Entry.RESERVED));
        map.add(new E820Entry(BIOS_ROM_START, ISA_HOLE_END - BIOS_ROM_START, E820Entry.RESERVED));
        if (ramBytes > ISA_HOLE_END) {
            map.add(new E820Entry(ISA_HOLE_END, ramBytes - ISA_HOLE_END, E820Entry.USABLE));
        }
        map.add(new E820Entry(BIOS_FLASH_START, ADDRESS_LIMIT - BIOS_FLASH_START, E820Entry.RESERVED));
        return map.build();
    }

    /** The configured RAM size in bytes (the top of RAM; the ISA hole inside it is not RAM). */
    public long ramBytes() {
        return ramBytes;
    }

    /** The E820 map the firmware hands the kernel: RAM and reserved ranges, in address order. */
    public List<E820Entry> e820() {
        return e820;
    }

    /** Host bytes spent on guest RAM so far (touched pages only). */
    public long hostBytesAllocated() {
        return (long) ram.touchedPages() * PAGE_SIZE;
    }

    /** Whether {@code pa} is decoded to RAM (not the ISA hole, not beyond the top, not under an MMIO window). */
    public boolean isRam(long pa) {
        return inRamRange(pa) && windowAt(pa) == null;
    }

    private boolean inRamRange(long pa) {
        return pa >= 0 && pa < ramBytes && (pa < ISA_HOLE_START || pa >= ISA_HOLE_END);
    }

    // ---------------------------------------------------------------------------------------------------------
    // MMIO windows

    /**
     * Adds a device's MMIO window, initially disabled. A device enables it when its decoder is on.
     *
     * @throws IllegalArgumentException if the window is empty, leaves the 32-bit space, or is not page aligned
     */
    public MmioWindow addMmio(String name, long base, long sizeBytes, MmioHandler handler) {
        if (sizeBytes <= 0 || base < 0 || base + sizeBytes > ADDRESS_LIMIT) {
            throw new IllegalArgumentException(String.format(
                    "MMIO window %s at 0x%x size 0x%x does not fit in the 32-bit physical space", name, base, sizeBytes));
        }
        if ((base & (PAGE_SIZE - 1)) != 0 || (sizeBytes & (PAGE_SIZE - 1)) != 0) {
            throw new IllegalArgumentException(String.format(
                    "MMIO window %s at 0x%x size 0x%x is not page aligned", name, base, sizeBytes));
        }
        MmioWindow w = new MmioWindow(this, name, base, sizeBytes, handler);
        windows.add(w);
        return w;
    }

    /** The MMIO windows, enabled or not. */
    public List<MmioWindow> mmioWindows() {
        return List.copyOf(windows);
    }

    /**
     * Registers a callback run whenever what the bus decodes changes (a window moved, enabled or disabled),
     * so that caches of decode results, such as a TLB holding host pages, can be dropped.
     */
    public void addMapListener(Runnable listener) {
        mapListeners.add(listener);
    }

    void mapChanged() {
        for (Runnable l : mapListeners) {
            l.run();
        }
    }

    private MmioWindow windowAt(long pa) {
        for (int i = 0, n = windows.size(); i < n; i++) {
            MmioWindow w = windows.get(i);
            if (w.contains(pa)) {
                return w;
            }
        }
        return null;
    }

    // ---------------------------------------------------------------------------------------------------------
    // Page access for the MMU

    /**
     * The host array that backs the RAM page {@code pfn}, allocated on first touch, for a TLB to read and write
     * directly; null when the page is not RAM (hole, MMIO, beyond the top).
     */
    public byte[] ramPage(int pfn) {
        long pa = (long) pfn << PAGE_SHIFT;
        if (!inRamRange(pa) || windowAt(pa) != null) {
            return null;
        }
        return ram.touch(pfn);
    }

    // ---------------------------------------------------------------------------------------------------------
    // Scalar access

    public int read8(long pa) {
        return (int) read(pa, 1) & 0xFF;
    }

    public int read16(long pa) {
        return (int) read(pa, 2) & 0xFFFF;
    }

    public int read32(long pa) {
        return (int) read(pa, 4);
    }

    public long read64(long pa) {
        return read(pa, 8);
    }

    public void write8(long pa, int value) {
        write(pa, 1, value);
    }

    public void write16(long pa, int value) {
        write(pa, 2, value);
    }

    public void write32(long pa, int value) {
        write(pa, 4, value);
    }

    public void write64(long pa, long value) {
        write(pa, 8, value);
    }

    /**
     * A load of 1, 2, 4 or 8 bytes. Windows are page aligned, so an access inside one page is one bus cycle to
     * one target (RAM, a window, or nothing); an access that crosses a page boundary is split into bytes.
     */
    public long read(long pa, int size) {
        int off = (int) (pa & (PAGE_SIZE - 1));
        if (off + size > PAGE_SIZE) {
            long v = 0;
            for (int i = 0; i < size; i++) {
                v |= read(pa + i, 1) << (8 * i);
            }
            return v;
        }
        MmioWindow w = windows.isEmpty() ? null : windowAt(pa);
        if (w != null) {
            return w.handler().read(pa - w.base(), size) & mask(size);
        }
        if (inRamRange(pa)) {
            byte[] page = ram.peek((int) (pa >>> PAGE_SHIFT));
            return page == null ? 0 : loadLe(page, off, size);
        }
        return mask(size); // nothing answers: all-ones
    }

    /** A store of 1, 2, 4 or 8 bytes; see {@link #read(long, int)} for how it is decoded. */
    public void write(long pa, int size, long value) {
        int off = (int) (pa & (PAGE_SIZE - 1));
        if (off + size > PAGE_SIZE) {
            for (int i = 0; i < size; i++) {
                write(pa + i, 1, value >>> (8 * i));
            }
            return;
        }
        MmioWindow w = windows.isEmpty() ? null : windowAt(pa);
        if (w != null) {
            w.handler().write(pa - w.base(), size, value & mask(size));
        } else if (inRamRange(pa)) {
            storeLe(ram.touch((int) (pa >>> PAGE_SHIFT)), off, size, value);
        }
        // else nothing answers: the store is dropped
    }

    private static long mask(int size) {
        return size == 8 ? -1L : (1L << (8 * size)) - 1;
    }

    static long loadLe(byte[] page, int off, int size) {
        return switch (size) {
            case 1 -> page[off] & 0xFFL;
            case 2 -> (short) LE16.get(page, off) & 0xFFFFL;
            case 4 -> (int) LE32.get(page, off) & 0xFFFFFFFFL;
            case 8 -> (long) LE64.get(page, off);
            default -> throw new IllegalArgumentException("access size " + size);
        };
    }

    static void storeLe(byte[] page, int off, int size, long value) {
        switch (size) {
            case 1 -> page[off] = (byte) value;
            case 2 -> LE16.set(page, off, (short) value);
            case 4 -> LE32.set(page, off, (int) value);
            case 8 -> LE64.set(page, off, value);
            default -> throw new IllegalArgumentException("access size " + size);
        }
    }

    // ---------------------------------------------------------------------------------------------------------
    // Bulk access (DMA engines, the kernel's physical copies)

    /** Copies {@code len} bytes at {@code pa} into {@code dst[off..]}, a page at a time. */
    public void read(long pa, byte[] dst, int off, int len) {
        while (len > 0) {
            int pageOff = (int) (pa & (PAGE_SIZE - 1));
            int n = Math.min(len, PAGE_SIZE - pageOff);
            if (isRam(pa)) {
                byte[] page = ram.peek((int) (pa >>> PAGE_SHIFT));
                if (page == null) {
                    java.util.Arrays.fill(dst, off, off + n, (byte) 0);
                } else {
                    System.arraycopy(page, pageOff, dst, off, n);
                }
            } else {
                for (int i = 0; i < n; i++) {
                    dst[off + i] = (byte) read8(pa + i);
                }
            }
            pa += n;
            off += n;
            len -= n;
        }
    }

    /** Copies {@code src[off..off+len)} to {@code pa}, a page at a time. */
    public void write(long pa, byte[] src, int off, int len) {
        while (len > 0) {
            int pageOff = (int) (pa & (PAGE_SIZE - 1));
            int n = Math.min(len, PAGE_SIZE - pageOff);
            if (isRam(pa)) {
                System.arraycopy(src, off, ram.touch((int) (pa >>> PAGE_SHIFT)), pageOff, n);
            } else {
                for (int i = 0; i < n; i++) {
                    write8(pa + i, src[off + i]);
                }
            }
            pa += n;
            off += n;
            len -= n;
        }
    }

    /** Stores {@code len} copies of the byte {@code value} from {@code pa} on. */
    public void fill(long pa, long len, int value) {
        while (len > 0) {
            int pageOff = (int) (pa & (PAGE_SIZE - 1));
            int n = (int) Math.min(len, PAGE_SIZE - pageOff);
            if (isRam(pa)) {
                int pfn = (int) (pa >>> PAGE_SHIFT);
                if (value != 0 || ram.peek(pfn) != null) {
                    java.util.Arrays.fill(ram.touch(pfn), pageOff, pageOff + n, (byte) value);
                }
            } else {
                for (int i = 0; i < n; i++) {
                    write8(pa + i, value);
                }
            }
            pa += n;
            len -= n;
        }
    }
}
