package org.kld86.kernel.linux;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;
import org.kld86.kernel.Kernel;
import org.kld86.kernel.vm.KvaArena;
import org.kld86.kernel.vm.VmLayout;

/**
 * The list of vm areas in the vmalloc address space and the address allocator under it: Linux 3.10's
 * {@code __get_vm_area_node}, {@code alloc_vmap_area}, {@code find_vm_area}, {@code remove_vm_area} and
 * {@code get_vmalloc_info} ({@code mm/vmalloc.c}), shared by vmalloc and ioremap.
 *
 * <p>Every area gets one guard page after it. Addresses are handed out lowest fit first from the kernel's
 * vmalloc arena ({@link KvaArena}), which is what alloc_vmap_area's search amounts to. An ioremap area is
 * aligned to its size's highest bit, between a page and {@code IOREMAP_MAX_ORDER} (128 pages).
 *
 * <p>Freeing is lazy, as in Linux: a removed area is unmapped at once, but its addresses are not reused until
 * more than {@link #LAZY_MAX_PAGES} pages are waiting (32 MiB times fls(CPUs), so 8192 pages on this one-CPU
 * machine) or an allocation finds no room; then all of them are purged. So consecutive vmalloc/vfree pairs get
 * increasing addresses, and /proc/vmallocinfo, VmallocUsed and VmallocChunk leave the waiting ranges out.
 *
 * <p>A lookup by address matches an area's first address only (3.10's {@code __find_vmap_area} compares with
 * {@code va_start}), so freeing an address inside an area is "nonexistent".
 */
final class VmAreas {

    /** IOREMAP_MAX_ORDER: ioremap alignment stops at 128 pages. */
    static final int IOREMAP_MAX_ORDER = 7 + VmLayout.PAGE_SHIFT;
    /** lazy_max_pages(): fls(num_online_cpus()) * 32 MiB of pages. */
    static final long LAZY_MAX_PAGES = 1L * (32L << 20) / VmLayout.PAGE_SIZE;

    /** The classes whose frames are the API itself, skipped when naming the caller of vmalloc or ioremap. */
    private static final Set<Class<?>> API = Set.of(VmAreas.class, Vmalloc.class, Ioremap.class, LinuxMemory.class);
    private static final StackWalker WALKER = StackWalker.getInstance(StackWalker.Option.RETAIN_CLASS_REFERENCE);

    private final Kernel kernel;
    private final KvaArena arena;
    private final Bug bug;
    private final TreeMap<Long, VmArea> areas = new TreeMap<>();
    /** Ranges removed but not yet given back to the arena (VM_LAZY_FREE). */
    private final List<Long> lazy = new ArrayList<>();
    private long lazyPages;

    VmAreas(Kernel kernel, Bug bug) {
        this.kernel = kernel;
        this.arena = kernel.vm().vmallocArena();
        this.bug = bug;
    }

    /**
     * __get_vm_area_node(): an area of {@code sizeBytes} (page-rounded) plus its guard page.
     *
     * @param who the API function, for the panic when called in interrupt context
     * @return the area, or null when the size is 0 or the address space has no room
     */
    VmArea get(long sizeBytes, int flags, String caller, String who) {
        if (kernel.inInterrupt()) {
            // BUG_ON(in_interrupt()): setting up page tables may sleep.
            throw bug.bug("%s: called in interrupt context", who);
        }
        long align = VmLayout.PAGE_SIZE;
        if ((flags & VmArea.VM_IOREMAP) != 0) {
            int bit = 64 - Long.numberOfLeadingZeros(sizeBytes); // fls()
            bit = Math.max(VmLayout.PAGE_SHIFT, Math.min(IOREMAP_MAX_ORDER, bit));
            align = 1L << bit;
        }
        long size = pageAlign(sizeBytes);
        if (size == 0) {
            return null;
        }
        size += VmLayout.PAGE_SIZE;
        long va = allocVmapArea(size, align);
        if (va < 0) {
            return null;
        }
        VmArea a = new VmArea(va, size, flags, caller);
        areas.put(va, a);
        return a;
    }

    private long allocVmapArea(long size, long align) {
        long va = arena.alloc(size, align);
        if (va < 0 && !lazy.isEmpty()) {
            purgeLazy();
            va = arena.alloc(size, align);
        }
        if (va < 0) {
            kernel.console().printf("vmap allocation for size %d failed: use vmalloc=<size> to increase size.%n", size);
        }
        return va;
    }

    /** find_vm_area(): the area that starts at {@code addr}, or null. */
    VmArea find(long addr) {
        return areas.get(addr);
    }

    /**
     * remove_vm_area(): takes the area that starts at {@code addr} off the list and unmaps it; its addresses
     * wait for the next purge.
     *
     * @return the area, or null if none starts there
     */
    VmArea remove(long addr) {
        VmArea a = areas.remove(addr);
        if (a == null) {
            return null;
        }
        for (long va = a.addr(); va < a.addr() + a.usableSize(); va += VmLayout.PAGE_SIZE) {
            kernel.vm().pmap().removeKernel(va);
        }
        lazy.add(a.addr());
        lazyPages += a.size() >>> VmLayout.PAGE_SHIFT;
        if (lazyPages > LAZY_MAX_PAGES) {
            purgeLazy();
        }
        return a;
    }

    /** purge_vmap_area_lazy(): gives every lazily freed range back to the address allocator. */
    void purgeLazy() {
        for (long va : lazy) {
            arena.free(va);
        }
        lazy.clear();
        lazyPages = 0;
    }

    /** Pages of removed areas whose addresses are not reusable yet. */
    long lazyPages() {
        return lazyPages;
    }

    /** The live areas in address order. */
    Collection<VmArea> areas() {
        return Collections.unmodifiableCollection(areas.values());
    }

    /** get_vmalloc_info().used: the bytes of every live area, guard pages included. */
    long usedBytes() {
        long used = 0;
        for (VmArea a : areas.values()) {
            used += a.size();
        }
        return used;
    }

    /** get_vmalloc_info().largest_chunk: the largest gap between live areas (lazily freed ranges count as free). */
    long largestChunkBytes() {
        long prevEnd = arena.start();
        long largest = 0;
        for (VmArea a : areas.values()) {
            largest = Math.max(largest, a.addr() - prevEnd);
            prevEnd = a.addr() + a.size();
        }
        return Math.max(largest, arena.end() - prevEnd);
    }

    long start() {
        return arena.start();
    }

    long end() {
        return arena.end();
    }

    static long pageAlign(long sizeBytes) {
        return (sizeBytes + VmLayout.PAGE_SIZE - 1) & ~(long) (VmLayout.PAGE_SIZE - 1);
    }

    /**
     * __builtin_return_address(0) of the API call: the first frame outside vmalloc/ioremap's own classes (and the
     * KPI's wrappers), printed as {@code Class.method}.
     */
    static String caller() {
        return WALKER.walk(s -> s.filter(f -> !API.contains(f.getDeclaringClass())
                        && !f.getDeclaringClass().getPackageName().equals("org.kld86.kpi"))
                .findFirst()
                .map(f -> {
                    String n = f.getDeclaringClass().getName();
                    return n.substring(n.lastIndexOf('.') + 1) + "." + f.getMethodName();
                })
                .orElse(null));
    }
}
