package org.kld86.kernel.linux;

import static org.kld86.emulator.mmu.PagingBits.PTE_G;
import static org.kld86.emulator.mmu.PagingBits.PTE_PCD;
import static org.kld86.emulator.mmu.PagingBits.PTE_PWT;
import static org.kld86.emulator.mmu.PagingBits.PTE_RW;

import org.kld86.emulator.memory.E820Entry;
import org.kld86.kernel.Kernel;
import org.kld86.kernel.vm.KernelMemory;
import org.kld86.kernel.vm.PageDescriptors;
import org.kld86.kernel.vm.VmLayout;

/**
 * ioremap and the MMIO accessors, as i386 Linux has them ({@code arch/x86/mm/ioremap.c} of the 3.1x era,
 * {@code arch/x86/include/asm/io.h}): a physical range, usually a device's registers behind a PCI BAR, mapped
 * into the vmalloc address space (an area flagged VM_IOREMAP, with its guard page) and reached with
 * readb/readw/readl and writeb/writew/writel, which go through the MMU like every kernel access.
 *
 * <p>{@code __ioremap_caller} in order:
 * <ol>
 *   <li>a size of 0, or a range that wraps past 4 GiB, returns NULL;</li>
 *   <li>the ISA hole (0xA0000-0xFFFFF) is always mapped: its direct-map address is returned, and iounmap
 *       ignores it (it ignores every address up to high_memory);</li>
 *   <li>RAM the kernel uses (a System RAM page not PG_reserved) is refused with NULL; mapping reserved RAM
 *       (the kernel image, firmware pages) is allowed with a one-time WARN "ioremap on RAM pfn 0x%lx";</li>
 *   <li>the range is widened to whole pages, given an area aligned to its size's highest bit (at most 128
 *       pages), and mapped uncached; the returned address keeps the offset within the first page.</li>
 * </ol>
 *
 * <p>Caching: Linux's ioremap_nocache asks for UC- (PCD alone under PAT); this kernel sets PCD|PWT, the
 * strong-uncached encoding without PAT (SDM Vol. 3A 11.12). The emulated machine has no caches, so the bits
 * only document intent and show in the PTEs.
 */
public final class Ioremap {

    public static final long ISA_START_ADDRESS = 0xA0000L;
    public static final long ISA_END_ADDRESS = 0x100000L;
    /** The PTE bits of an ioremap page: PAGE_KERNEL_IO_NOCACHE with PAT off. */
    public static final int IOREMAP_PTE_FLAGS = PTE_RW | PTE_PCD | PTE_PWT | PTE_G;

    private final Kernel kernel;
    private final VmAreas areas;
    private final KernelMemory memory;
    private final Bug bug;

    Ioremap(Kernel kernel, VmAreas areas, Bug bug) {
        this.kernel = kernel;
        this.areas = areas;
        this.memory = kernel.memory();
        this.bug = bug;
    }

    /** ioremap(): on x86 the same as ioremap_nocache. Returns 0 on failure. */
    public long ioremap(long physAddr, long size) {
        return ioremapCaller(physAddr, size, VmAreas.caller(), "ioremap");
    }

    /** ioremap_nocache(): maps {@code size} bytes at {@code physAddr} uncached. Returns 0 on failure. */
    public long ioremap_nocache(long physAddr, long size) {
        return ioremapCaller(physAddr, size, VmAreas.caller(), "ioremap_nocache");
    }

    private long ioremapCaller(long physAddr, long size, String caller, String who) {
        if (physAddr < 0 || physAddr > 0xFFFF_FFFFL || size < 0 || size > 0xFFFF_FFFFL) {
            throw new IllegalArgumentException(String.format(
                    "%s: 0x%x bytes at 0x%x is not a 32-bit physical range", who, size, physAddr));
        }
        long lastAddr = physAddr + size - 1;
        if (size == 0 || lastAddr > 0xFFFF_FFFFL) {
            return 0; // "Don't allow wraparound or zero size"
        }
        if (physAddr >= ISA_START_ADDRESS && lastAddr < ISA_END_ADDRESS) {
            return VmLayout.PAGE_OFFSET + physAddr; // "Don't remap the low PCI/ISA area, it's always mapped.."
        }
        if (mapsUsedRam(physAddr >>> VmLayout.PAGE_SHIFT, lastAddr >>> VmLayout.PAGE_SHIFT)) {
            return 0; // "Don't allow anybody to remap normal RAM that we're using.."
        }
        long offset = physAddr & (VmLayout.PAGE_SIZE - 1);
        long base = physAddr - offset;
        long mapBytes = VmAreas.pageAlign(lastAddr + 1) - base;
        VmArea area = areas.get(mapBytes, VmArea.VM_IOREMAP, caller, who);
        if (area == null) {
            return 0;
        }
        area.physAddr = base;
        for (long off = 0; off < mapBytes; off += VmLayout.PAGE_SIZE) {
            kernel.vm().pmap().enterKernel(area.addr() + off, base + off, IOREMAP_PTE_FLAGS);
        }
        return area.addr() + offset;
    }

    /**
     * walk_system_ram_range() with __ioremap_check_ram(): whether any System RAM page in {@code [firstPfn,
     * lastPfn]} is one the kernel uses. A run of RAM pages that are all reserved gets the one-time WARN.
     */
    private boolean mapsUsedRam(long firstPfn, long lastPfn) {
        PageDescriptors pages = kernel.vm().pages();
        for (E820Entry e : kernel.machine().memory().e820()) {
            if (e.type() != E820Entry.USABLE) {
                continue;
            }
            long start = Math.max(firstPfn, (e.base() + VmLayout.PAGE_SIZE - 1) >>> VmLayout.PAGE_SHIFT);
            long end = Math.min(lastPfn + 1, e.end() >>> VmLayout.PAGE_SHIFT);
            if (start >= end) {
                continue;
            }
            for (long pfn = start; pfn < end; pfn++) {
                if (pages.valid((int) pfn) && pages.state((int) pfn) != PageDescriptors.RESERVED) {
                    return true;
                }
            }
            bug.warnOnce(true, "ioremap on RAM pfn 0x%x%n", start);
        }
        return false;
    }

    /**
     * iounmap(): removes an ioremap mapping, given any address in its first page. Addresses up to high_memory
     * (including the ISA hole's direct-map addresses ioremap hands out) are ignored; an address where no area
     * starts prints {@code iounmap: bad address %p}.
     */
    public void iounmap(long addr) {
        if (addr <= kernel.vm().layout().highMemory()) {
            return;
        }
        long pageAddr = addr & ~(long) (VmLayout.PAGE_SIZE - 1);
        if (areas.find(pageAddr) == null) {
            kernel.console().printf("iounmap: bad address %08x%n", pageAddr);
            return;
        }
        areas.remove(pageAddr);
    }

    // ---------------------------------------------------------------------------------------------------------
    // MMIO accessors: little-endian loads and stores of 1, 2 and 4 bytes through the kernel's page tables.

    public int readb(long addr) {
        return memory.read8(addr);
    }

    public int readw(long addr) {
        return memory.read16(addr);
    }

    public int readl(long addr) {
        return memory.read32(addr);
    }

    /** writeb(value, addr): Linux's argument order, value first. */
    public void writeb(int value, long addr) {
        memory.write8(addr, value);
    }

    public void writew(int value, long addr) {
        memory.write16(addr, value);
    }

    public void writel(int value, long addr) {
        memory.write32(addr, value);
    }
}
