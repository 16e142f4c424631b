package org.kld86.kernel.vm;

import static org.kld86.emulator.mmu.PagingBits.PTE_P;
import static org.kld86.emulator.mmu.PagingBits.PTE_RW;

import java.util.Map;
import java.util.TreeMap;

/**
 * A process's address space: its page directory and the regions of user space it may touch, paged in on
 * demand (FreeBSD's vmspace and vm_map, much simplified).
 *
 * <pre>
 *   0x00000000  unmapped (NULL pointer trap)
 *   0x08048000  text: the executable's bytes, read-only, paged in from the file on first touch
 *               heap: after the text, grown with brk
 *   0x40000000  anonymous mmap area, growing up
 *   0xBF800000  stack: 8 MiB below USRSTACK, zero-filled on first touch
 *   0xBFC00000  USRSTACK: argv and environment strings just below
 *   0xC0000000  kernel (not accessible from user mode)
 * </pre>
 *
 * A fault on an address inside a region, for an access the region allows, allocates a page (zeroed, or filled
 * from the region's bytes) and maps it; any other fault is the process's to die of (SIGSEGV).
 */
public final class VmSpace {

    public static final long USER_TEXT = 0x0804_8000L;
    public static final long USRSTACK = 0xBFC0_0000L;
    public static final long MAXSSIZ = 8L << 20;
    public static final long MMAP_BASE = 0x4000_0000L;

    public static final int PROT_READ = 1;
    public static final int PROT_WRITE = 2;
    public static final int PROT_EXEC = 4;

    /**
     * A region of user space, half-open, with what fills its pages: zeroes, the bytes of {@code fill} from
     * {@code fillOffset}, or for a device mapping the frames its {@code pager} names, asked page by page at fault
     * time (FreeBSD's device pager calls d_mmap so, Linux's vm_ops->fault likewise).
     */
    public record Region(long start, long end, int prot, String name, byte[] fill, long fillOffset, Pager pager) {
        boolean contains(long va) {
            return va >= start && va < end;
        }
    }

    /** A device's pages: the physical address of the page at {@code offset} into the mapping, or -1 (SIGBUS). */
    @FunctionalInterface
    public interface Pager {
        long pageAt(long offset);

        /** The mapping is gone (munmap or exit): a device may drop what it held for it (Linux's vm_ops->close). */
        default void unmapped() {
        }
    }

    private final Vm vm;
    private final Pmap pmap;
    private final PageRequests pages;
    private final KernelMemory kmem;
    private final long pdPa;
    private final TreeMap<Long, Region> regions = new TreeMap<>();
    private long heapStart;
    private long brk;
    private long mmapNext = MMAP_BASE;
    private long residentPages;
    private boolean destroyed;

    public VmSpace(Vm vm, PageRequests pages, KernelMemory kmem) {
        this.vm = vm;
        this.pmap = vm.pmap();
        this.pages = pages;
        this.kmem = kmem;
        this.pdPa = pmap.newUserDirectory();
        map(USRSTACK - MAXSSIZ, USRSTACK, PROT_READ | PROT_WRITE, "stack", null, 0, null);
    }

    /** The page directory's physical address (what CR3 holds while the process runs). */
    public long directory() {
        return pdPa;
    }

    public long residentPages() {
        return residentPages;
    }

    public Map<Long, Region> regions() {
        return java.util.Collections.unmodifiableMap(regions);
    }

    /**
     * Adds a region. {@code fill} (may be null) gives the bytes its pages start with, from {@code fillOffset};
     * a {@code pager} maps a device's frames instead of fresh RAM pages.
     */
    public void map(long start, long end, int prot, String name, byte[] fill, long fillOffset, Pager pager) {
        if ((start & 0xFFF) != 0 || (end & 0xFFF) != 0 || end <= start || end > UserAccess.VM_MAXUSER_ADDRESS) {
            throw new IllegalArgumentException(String.format("vm_map: bad region 0x%x-0x%x", start, end));
        }
        Map.Entry<Long, Region> below = regions.floorEntry(end - 1);
        if (below != null && below.getValue().end > start) {
            throw new IllegalArgumentException(String.format("vm_map: 0x%x-0x%x overlaps %s", start, end, below.getValue().name));
        }
        regions.put(start, new Region(start, end, prot, name, fill, fillOffset, pager));
    }

    /** Loads an executable: its bytes become read-only text at USER_TEXT, the heap starts after them. */
    public void loadText(byte[] image) {
        long end = USER_TEXT + ((image.length + 0xFFFL) & ~0xFFFL);
        if (end == USER_TEXT) {
            end += VmLayout.PAGE_SIZE;
        }
        map(USER_TEXT, end, PROT_READ | PROT_EXEC, "text", image, 0, null);
        heapStart = end;
        brk = end;
    }

    public Region regionAt(long va) {
        Map.Entry<Long, Region> e = regions.floorEntry(va);
        return e != null && e.getValue().contains(va) ? e.getValue() : null;
    }

    /**
     * vm_fault: makes {@code va} accessible for the access if its region allows it.
     *
     * @return true if the page is now mapped (the access may be retried), false if the access is not allowed
     */
    public boolean fault(long va, boolean write) {
        Region r = regionAt(va);
        if (r == null || (write && (r.prot & PROT_WRITE) == 0) || (r.prot & (PROT_READ | PROT_WRITE)) == 0) {
            return false;
        }
        long page = va & ~0xFFFL;
        if (pmap.extract(pdPa, page) >= 0) {
            return false; // mapped already, yet it faulted: a protection violation
        }
        int flags = (r.prot & PROT_WRITE) != 0 ? PTE_RW : 0;
        if (r.pager != null) {
            long pa = r.pager.pageAt(page - r.start);
            if (pa < 0) {
                return false;
            }
            pmap.enterUser(pdPa, page, pa, flags | 0x18 /* PCD|PWT: device memory is not cached */);
            return true;
        }
        int pfn = pages.allocPages(0, Zone.HIGHMEM, PageRequests.WAIT | PageRequests.ZERO | PageRequests.KILLABLE);
        if (pfn == PageDescriptors.NO_PFN) {
            return false; // out of memory, and this process was chosen to die for it
        }
        long pa = (long) pfn << VmLayout.PAGE_SHIFT;
        if (r.fill != null) {
            long off = r.fillOffset + (page - r.start);
            if (off < r.fill.length) {
                int n = (int) Math.min(VmLayout.PAGE_SIZE, r.fill.length - off);
                vm.physicalMemory().write(pa, r.fill, (int) off, n);
            }
        }
        pmap.enterUser(pdPa, page, pa, flags);
        residentPages++;
        return true;
    }

    /**
     * Whether a user access to {@code va} that {@link #fault} could not resolve was one a device's pager refused:
     * the access was allowed in a device mapping, yet no page was given (past the end of the object, or a hole).
     * Such an access is SIGBUS, every other one SIGSEGV: Linux's VM_FAULT_SIGBUS, FreeBSD's KERN_OUT_OF_BOUNDS.
     */
    public boolean pagerRefused(long va, boolean write) {
        Region r = regionAt(va);
        if (r == null || r.pager == null || (write && (r.prot & PROT_WRITE) == 0)
                || (r.prot & (PROT_READ | PROT_WRITE)) == 0) {
            return false;
        }
        return pmap.extract(pdPa, va & ~0xFFFL) < 0;
    }

    /** obreak(2): sets the end of the heap; returns the new break, or -1 if it would run into another region. */
    public long brk(long newBrk) {
        if (newBrk == 0) {
            return brk;
        }
        long newEnd = (newBrk + 0xFFFL) & ~0xFFFL;
        long oldEnd = (brk + 0xFFFL) & ~0xFFFL;
        if (newBrk < heapStart) {
            return -1;
        }
        if (newEnd > oldEnd) {
            Map.Entry<Long, Region> next = regions.ceilingEntry(oldEnd);
            if (next != null && next.getKey() < newEnd && !next.getValue().name.equals("heap")) {
                return -1;
            }
            Region heap = regions.get(heapStart);
            long start = heap == null ? heapStart : heap.start;
            regions.remove(start);
            if (heap != null && heap.name.equals("heap")) {
                regions.put(start, new Region(start, newEnd, PROT_READ | PROT_WRITE, "heap", null, 0, null));
            } else {
                if (heap != null) {
                    regions.put(start, heap);
                    start = oldEnd;
                }
                map(start, newEnd, PROT_READ | PROT_WRITE, "heap", null, 0, null);
            }
        }
        brk = newBrk;
        return brk;
    }

    /** mmap(2) of anonymous memory: a fresh zero-filled region; returns its address or -1. */
    public long mmapAnon(long length, int prot) {
        long len = (length + 0xFFFL) & ~0xFFFL;
        if (len <= 0 || mmapNext + len > USRSTACK - MAXSSIZ) {
            return -1;
        }
        long va = mmapNext;
        map(va, va + len, prot, "anon", null, 0, null);
        mmapNext += len + VmLayout.PAGE_SIZE; // a guard page between mappings
        return va;
    }

    /** Maps a device's memory for mmap(2): each page's frame comes from {@code pager} when first touched. */
    public long mmapDevice(long length, int prot, Pager pager) {
        long len = (length + 0xFFFL) & ~0xFFFL;
        if (len <= 0 || mmapNext + len > USRSTACK - MAXSSIZ) {
            return -1;
        }
        long va = mmapNext;
        map(va, va + len, prot, "device", null, 0, pager);
        mmapNext += len + VmLayout.PAGE_SIZE;
        return va;
    }

    /** munmap(2) of a whole region starting at {@code va}; returns 0 or -1 if no region starts there. */
    public int munmap(long va) {
        Region r = regions.get(va);
        if (r == null || r.name.equals("stack") || r.name.equals("text")) {
            return -1;
        }
        for (long p = r.start; p < r.end; p += VmLayout.PAGE_SIZE) {
            unmapPage(p, r.pager == null);
        }
        regions.remove(va);
        if (r.pager != null) {
            r.pager.unmapped();
        }
        return 0;
    }

    private void unmapPage(long va, boolean ownsFrame) {
        int pte = pmap.removeUser(pdPa, va);
        if ((pte & PTE_P) != 0 && ownsFrame) {
            pages.freePages(pte >>> VmLayout.PAGE_SHIFT, 0);
            residentPages--;
        }
    }

    /** Frees every page, page table and the directory. The space is unusable afterwards. */
    public void destroy() {
        if (destroyed) {
            return;
        }
        destroyed = true;
        java.util.List<long[]> owned = new java.util.ArrayList<>();
        pmap.forEachUserPte(pdPa, (va, pte) -> {
            Region r = regionAt(va);
            owned.add(new long[] {va, r == null || r.pager == null ? 1 : 0});
        });
        for (long[] o : owned) {
            unmapPage(o[0], o[1] == 1);
        }
        pmap.freeUserDirectory(pdPa);
        java.util.List<Region> gone = java.util.List.copyOf(regions.values());
        regions.clear();
        for (Region r : gone) {
            if (r.pager != null) {
                r.pager.unmapped();
            }
        }
    }
}
