package org.kld86.kernel.linux;

import java.util.function.LongSupplier;
import org.kld86.kernel.Kernel;
import org.kld86.kernel.vm.PageAllocator;
import org.kld86.kernel.vm.VmLayout;
import org.kld86.kernel.vm.Zone;

/**
 * The text of the memory manager's /proc files, computed from the kernel's live state each time it is read (the
 * /proc file system that serves them comes later). Formats are Linux 3.10's, character for character:
 * <ul>
 *   <li>{@code /proc/buddyinfo} ({@code mm/vmstat.c frag_show_print}): one row per populated zone,
 *       {@code "Node %d, zone %8s "} then the free block count of each order 0-10 as {@code "%6lu "};</li>
 *   <li>{@code /proc/vmallocinfo} ({@code mm/vmalloc.c s_show}): one row per live vm area in address order,
 *       {@code "0x%pK-0x%pK %7ld"} (start, end and size, the guard page included), the caller, {@code " pages=%d"}
 *       for vmalloc areas, {@code " phys=0x%08x"} for ioremap areas, then the flags {@code " ioremap"},
 *       {@code " vmalloc"}, {@code " vpages"}. The caller is printed as {@code Class.method} of the code that
 *       called vmalloc or ioremap, where Linux prints {@code %pS}, {@code function+0xoff/0xsize [module]}. 3.10
 *       printed phys as {@code %llx} with no 0x; the 0x-prefixed eight digits are later kernels' {@code %pa},
 *       which the KERNEL-SEMANTICS checklist fixes;</li>
 *   <li>{@code /proc/meminfo} ({@code fs/proc/meminfo.c}): a 16-column label, {@code %8lu} and {@code " kB"} per
 *       line, in 3.10's order restricted to the fields this kernel has: MemTotal, MemFree, Buffers, Cached,
 *       HighTotal, HighFree, LowTotal, LowFree (a CONFIG_HIGHMEM kernel prints these four even with no HighMem),
 *       Slab, SReclaimable, SUnreclaim, VmallocTotal, VmallocUsed, VmallocChunk. Buffers and Cached are 0: there
 *       is no page cache. The slab figures come from suppliers the slab layer registers: every page UMA holds in
 *       slabs, the Linux caches' and the FreeBSD zones' alike, SReclaimable being those of the caches made with
 *       SLAB_RECLAIM_ACCOUNT;</li>
 *   <li>{@code /proc/slabinfo} ({@code mm/slab_common.c print_slabinfo_header, cache_show}, SLUB): the version
 *       line, the {@code # name} header, then one row per Linux cache, newest first,
 *       {@code "%-17s %6lu %6lu %6u %4u %4d"} (name, active_objs, num_objs, objsize, objperslab,
 *       pagesperslab), {@code " : tunables %4u %4u %4u"} with SLUB's 0 0 0 and
 *       {@code " : slabdata %6lu %6lu %6lu"} (active_slabs, equal to num_slabs in SLUB, num_slabs, 0). The
 *       FreeBSD UMA zones are not listed: they have vmstat -z, which shows them in their own terms, and their
 *       names ("UMA Kegs", "4 Bucket") have the blanks that slabinfo readers split columns on.</li>
 * </ul>
 */
public final class ProcMm {

    private final Kernel kernel;
    private final VmAreas areas;
    private final Slab slab;
    private LongSupplier slabReclaimablePages = () -> 0;
    private LongSupplier slabUnreclaimablePages = () -> 0;

    ProcMm(Kernel kernel, VmAreas areas, Slab slab) {
        this.kernel = kernel;
        this.areas = areas;
        this.slab = slab;
    }

    /**
     * Where /proc/meminfo's Slab figures come from (NR_SLAB_RECLAIMABLE and NR_SLAB_UNRECLAIMABLE, in pages): the
     * slab allocator registers its counters here.
     */
    public void setSlabPages(LongSupplier reclaimablePages, LongSupplier unreclaimablePages) {
        this.slabReclaimablePages = reclaimablePages;
        this.slabUnreclaimablePages = unreclaimablePages;
    }

    /** /proc/buddyinfo. */
    public String buddyinfo() {
        StringBuilder sb = new StringBuilder();
        for (Zone z : kernel.vm().allocator().zones()) {
            if (!z.populated()) {
                continue;
            }
            sb.append(String.format("Node %d, zone %8s ", 0, z.name()));
            for (int order = 0; order < Zone.NR_PAGE_ORDERS; order++) {
                sb.append(String.format("%6d ", z.freeBlocks(order)));
            }
            sb.append('\n');
        }
        return sb.toString();
    }

    /** /proc/vmallocinfo. */
    public String vmallocinfo() {
        StringBuilder sb = new StringBuilder();
        for (VmArea v : areas.areas()) {
            sb.append(String.format("0x%08x-0x%08x %7d", v.addr(), v.addr() + v.size(), v.size()));
            if (v.caller() != null) {
                sb.append(' ').append(v.caller());
            }
            if (v.nrPages() != 0) {
                sb.append(String.format(" pages=%d", v.nrPages()));
            }
            if (v.physAddr() != 0) {
                sb.append(String.format(" phys=0x%08x", v.physAddr()));
            }
            if ((v.flags() & VmArea.VM_IOREMAP) != 0) {
                sb.append(" ioremap");
            }
            if ((v.flags() & VmArea.VM_ALLOC) != 0) {
                sb.append(" vmalloc");
            }
            if ((v.flags() & VmArea.VM_MAP) != 0) {
                sb.append(" vmap");
            }
            if ((v.flags() & VmArea.VM_USERMAP) != 0) {
                sb.append(" user");
            }
            if ((v.flags() & VmArea.VM_VPAGES) != 0) {
                sb.append(" vpages");
            }
            sb.append('\n');
        }
        return sb.toString();
    }

    /** /proc/meminfo. */
    public String meminfo() {
        PageAllocator a = kernel.vm().allocator();
        Zone high = a.zones()[Zone.HIGHMEM];
        long totalram = kernel.vm().managedPages();
        long freeram = a.totalFreePages();
        long totalhigh = high.managedPages();
        long freehigh = high.freePages();
        long reclaimable = slabReclaimablePages.getAsLong();
        long unreclaimable = slabUnreclaimablePages.getAsLong();
        StringBuilder sb = new StringBuilder();
        line(sb, "MemTotal:", kb(totalram));
        line(sb, "MemFree:", kb(freeram));
        line(sb, "Buffers:", 0);
        line(sb, "Cached:", 0);
        line(sb, "HighTotal:", kb(totalhigh));
        line(sb, "HighFree:", kb(freehigh));
        line(sb, "LowTotal:", kb(totalram - totalhigh));
        line(sb, "LowFree:", kb(freeram - freehigh));
        line(sb, "Slab:", kb(reclaimable + unreclaimable));
        line(sb, "SReclaimable:", kb(reclaimable));
        line(sb, "SUnreclaim:", kb(unreclaimable));
        line(sb, "VmallocTotal:", (areas.end() - areas.start()) >>> 10);
        line(sb, "VmallocUsed:", areas.usedBytes() >>> 10);
        line(sb, "VmallocChunk:", areas.largestChunkBytes() >>> 10);
        return sb.toString();
    }

    /** /proc/slabinfo. */
    public String slabinfo() {
        StringBuilder sb = new StringBuilder();
        sb.append("slabinfo - version: 2.1\n");
        sb.append("# name            <active_objs> <num_objs> <objsize> <objperslab> <pagesperslab>");
        sb.append(" : tunables <limit> <batchcount> <sharedfactor>");
        sb.append(" : slabdata <active_slabs> <num_slabs> <sharedavail>");
        sb.append('\n');
        for (KmemCache s : slab.caches()) {
            sb.append(String.format("%-17s %6d %6d %6d %4d %4d", s.name(), s.activeObjs(), s.numObjs(), s.size(),
                    s.objectsPerSlab(), s.pagesPerSlab()));
            sb.append(String.format(" : tunables %4d %4d %4d", 0, 0, 0));
            sb.append(String.format(" : slabdata %6d %6d %6d", s.numSlabs(), s.numSlabs(), 0));
            sb.append('\n');
        }
        return sb.toString();
    }

    /** K(x): pages to KiB. */
    private static long kb(long pages) {
        return pages << (VmLayout.PAGE_SHIFT - 10);
    }

    private static void line(StringBuilder sb, String label, long kb) {
        sb.append(String.format("%-16s%8d kB", label, kb)).append('\n');
    }
}
