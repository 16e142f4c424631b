package org.kld86.kernel.linux;

import static org.junit.jupiter.api.Assertions.*;
import static org.kld86.kernel.linux.Gfp.*;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.kld86.emulator.Machine;
import org.kld86.emulator.MachineConfig;
import org.kld86.kernel.Kernel;
import org.kld86.kernel.KernelOptions;
import org.kld86.kernel.vm.Zone;

class ProcMmTest {

    private Machine machine;
    private Kernel kernel;
    private ProcMm proc;

    private void boot(MachineConfig config) {
        machine = new Machine(config);
        kernel = Kernel.boot(machine, KernelOptions.defaults());
        proc = kernel.linux().proc();
    }

    ProcMmTest() {
        boot(MachineConfig.defaults()); // 64 MiB and an edu device
    }

    @AfterEach
    void tearDown() {
        kernel.shutdown();
    }

    // ---------------------------------------------------------------------------------------------------------
    // /proc/buddyinfo

    /** The expected text, built from the zones' counters: name right-aligned in 8, counts in 6, a space after each. */
    private String expectedBuddyinfo() {
        StringBuilder sb = new StringBuilder();
        for (Zone z : kernel.vm().allocator().zones()) {
            if (z.managedPages() == 0) {
                continue;
            }
            sb.append("Node 0, zone ").append(" ".repeat(8 - z.name().length())).append(z.name()).append(' ');
            for (int order = 0; order <= 10; order++) {
                String n = Long.toString(z.freeBlocks(order));
                sb.append(" ".repeat(6 - n.length())).append(n).append(' ');
            }
            sb.append('\n');
        }
        return sb.toString();
    }

    @Test
    void buddyinfoListsThePopulatedZonesWithElevenOrders() {
        String text = proc.buddyinfo();
        assertEquals(expectedBuddyinfo(), text);
        String[] lines = text.split("\n");
        assertEquals(2, lines.length, "no HighMem on 64 MiB");
        assertTrue(lines[0].startsWith("Node 0, zone      DMA "), lines[0]);
        assertTrue(lines[1].startsWith("Node 0, zone   Normal "), lines[1]);
        assertEquals("Node 0, zone   Normal ".length() + 11 * 7, lines[1].length());
    }

    @Test
    void buddyinfoFollowsAllocationsAndFrees() {
        Zone normal = kernel.vm().allocator().zones()[Zone.NORMAL];
        long order10 = normal.freeBlocks(10);
        Page p = kernel.linux().pages().alloc_pages(GFP_KERNEL, 10);
        assertEquals(order10 - 1, normal.freeBlocks(10), "the only order-10 request takes a whole order-10 block");
        assertEquals(expectedBuddyinfo(), proc.buddyinfo());
        kernel.linux().pages().__free_pages(p, 10);
        assertEquals(order10, normal.freeBlocks(10));
        assertEquals(expectedBuddyinfo(), proc.buddyinfo());
    }

    @Test
    void onA1GiBMachineHighMemHasItsRow() {
        kernel.shutdown();
        boot(MachineConfig.builder().ram("1G").clearDevices().build());
        String[] lines = proc.buddyinfo().split("\n");
        assertEquals(3, lines.length);
        assertTrue(lines[2].startsWith("Node 0, zone  HighMem "), lines[2]);
        // 128 MiB of HighMem, 32768 frames aligned to 4 MiB: 32 free order-10 blocks after boot.
        assertTrue(lines[2].endsWith("    32 "), lines[2]);
        assertEquals(expectedBuddyinfo(), proc.buddyinfo());
    }

    // ---------------------------------------------------------------------------------------------------------
    // /proc/vmallocinfo

    @Test
    void vmallocinfoListsEveryLiveAreaInAddressOrder() {
        long bar = machine.eduDevices().get(0).barWindow(0).base();
        Vmalloc v = kernel.linux().vmalloc();
        long a = v.vmalloc(16384);
        long io = kernel.linux().io().ioremap(bar, 4096);
        long b = v.vmalloc(100);
        assertEquals(0xC480_0000L, a);
        String caller = "ProcMmTest.vmallocinfoListsEveryLiveAreaInAddressOrder";
        String ioLine = String.format("0xc4806000-0xc4808000    8192 %s phys=0x%08x ioremap\n", caller, bar);
        String bLine = "0xc4808000-0xc480a000    8192 " + caller + " pages=1 vmalloc\n";
        assertEquals("0xc4800000-0xc4805000   20480 " + caller + " pages=4 vmalloc\n" + ioLine + bLine, proc.vmallocinfo());
        assertEquals(0xC480_6000L, io, "aligned to 8 KiB, so the 4 KiB hole after the first area stays empty");
        assertEquals(0xC480_8000L, b);
        v.vfree(a);
        assertEquals(ioLine + bLine, proc.vmallocinfo());
        kernel.linux().io().iounmap(io);
        v.vfree(b);
        assertEquals("", proc.vmallocinfo());
    }

    @Test
    void aLargeAreaShowsVpagesAndItsNestedPagesArray() {
        long a = kernel.linux().vmalloc().vmalloc(8L << 20);
        String caller = "ProcMmTest.aLargeAreaShowsVpagesAndItsNestedPagesArray";
        assertEquals(String.format("0x%08x-0x%08x %7d %s pages=2048 vmalloc vpages\n", a, a + (8 << 20) + 4096,
                (8 << 20) + 4096, caller) + String.format("0x%08x-0x%08x   12288 %s pages=2 vmalloc\n",
                a + (8 << 20) + 4096, a + (8 << 20) + 4096 + 12288, caller), proc.vmallocinfo());
    }

    @Test
    void ioremapOfPhysicalAddressZeroShowsNoPhys() {
        // Page 0 is reserved RAM (the real-mode interrupt table): mappable, with a warning.
        long va = kernel.linux().io().ioremap(0, 4096);
        assertEquals(String.format("0x%08x-0x%08x    8192 ProcMmTest.ioremapOfPhysicalAddressZeroShowsNoPhys ioremap\n",
                va, va + 8192), proc.vmallocinfo(), "s_show prints phys only when it is not 0");
    }

    // ---------------------------------------------------------------------------------------------------------
    // /proc/meminfo

    private String expectedMeminfo(long slabReclaimable, long slabUnreclaimable, long vmallocUsedBytes,
            long vmallocChunkBytes) {
        long total = 0;
        long free = 0;
        for (Zone z : kernel.vm().allocator().zones()) {
            total += z.managedPages();
            free += z.freePages();
        }
        Zone high = kernel.vm().allocator().zones()[Zone.HIGHMEM];
        long vmallocTotal = kernel.vm().layout().vmallocEnd() - kernel.vm().layout().vmallocStart();
        return "MemTotal:       " + kb(total * 4)
                + "MemFree:        " + kb(free * 4)
                + "Buffers:        " + kb(0)
                + "Cached:         " + kb(0)
                + "HighTotal:      " + kb(high.managedPages() * 4)
                + "HighFree:       " + kb(high.freePages() * 4)
                + "LowTotal:       " + kb((total - high.managedPages()) * 4)
                + "LowFree:        " + kb((free - high.freePages()) * 4)
                + "Slab:           " + kb((slabReclaimable + slabUnreclaimable) * 4)
                + "SReclaimable:   " + kb(slabReclaimable * 4)
                + "SUnreclaim:     " + kb(slabUnreclaimable * 4)
                + "VmallocTotal:   " + kb(vmallocTotal / 1024)
                + "VmallocUsed:    " + kb(vmallocUsedBytes / 1024)
                + "VmallocChunk:   " + kb(vmallocChunkBytes / 1024);
    }

    private static String kb(long n) {
        String s = Long.toString(n);
        return " ".repeat(Math.max(0, 8 - s.length())) + s + " kB\n";
    }

    /** The pages UMA's kegs hold in slabs, each slab's page block counted whole: every one is unreclaimable at boot. */
    private long umaSlabPages() {
        java.util.Set<org.kld86.kernel.uma.UmaKeg> kegs = new java.util.HashSet<>();
        long n = 0;
        for (org.kld86.kernel.uma.UmaZone z : kernel.malloc().uma().zones()) {
            org.kld86.kernel.uma.UmaKeg k = z.keg();
            if (kegs.add(k)) {
                int block = Integer.highestOneBit(k.pagesPerSlab() * 2 - 1);
                n += (long) k.pages() / k.pagesPerSlab() * block;
            }
        }
        return n;
    }

    @Test
    void meminfoAfterBootHasNoVmallocUseAndOneChunk() {
        long space = kernel.vm().layout().vmallocEnd() - kernel.vm().layout().vmallocStart();
        assertEquals(expectedMeminfo(0, umaSlabPages(), 0, space), proc.meminfo());
        assertTrue(proc.meminfo().contains("HighTotal:             0 kB\n"));
    }

    @Test
    void meminfoCountsVmallocAndIoremapAreasWithTheirGuardPagesAndTheSlabCounters() {
        long start = kernel.vm().layout().vmallocStart();
        long end = kernel.vm().layout().vmallocEnd();
        kernel.linux().vmalloc().vmalloc(16384);
        long bar = machine.eduDevices().get(0).barWindow(0).base();
        kernel.linux().io().ioremap(bar, 4096); // at start + 0x6000, after an alignment hole of one page
        kernel.linux().proc().setSlabPages(() -> 3, () -> 5);
        String text = proc.meminfo();
        assertEquals(expectedMeminfo(3, 5, 20480 + 8192, end - (start + 0x8000)), text);
        assertTrue(text.contains("VmallocUsed:          28 kB\n"), text);
        assertTrue(text.contains("Slab:                 32 kB\n"), text);
    }

    @Test
    void onA1GiBMachineMeminfoSplitsHighAndLowMemory() {
        kernel.shutdown();
        boot(MachineConfig.builder().ram("1G").clearDevices().build());
        kernel.linux().pages().alloc_pages(GFP_HIGHUSER, 3);
        long space = kernel.vm().layout().vmallocEnd() - kernel.vm().layout().vmallocStart();
        String text = proc.meminfo();
        assertEquals(expectedMeminfo(0, umaSlabPages(), 0, space), text);
        assertTrue(text.contains("HighTotal:        131072 kB\n"), text);
        assertTrue(text.contains("HighFree:         131040 kB\n"), "8 pages taken from HighMem: " + text);
        assertTrue(text.contains("VmallocTotal:      57336 kB\n"), "56 MiB less the two pages before the kmem arena");
    }

    // ---------------------------------------------------------------------------------------------------------
    // /proc/slabinfo

    private static final String SLABINFO_HEADER = "slabinfo - version: 2.1\n"
            + "# name            <active_objs> <num_objs> <objsize> <objperslab> <pagesperslab>"
            + " : tunables <limit> <batchcount> <sharedfactor> : slabdata <active_slabs> <num_slabs> <sharedavail>\n";

    /** One row as cache_show prints it: "%-17s %6lu %6lu %6u %4u %4d : tunables %4u %4u %4u : slabdata %6lu %6lu %6lu". */
    private static String row(String name, long active, long num, int objsize, int perSlab, int pages, long slabs) {
        return String.format("%-17s %6d %6d %6d %4d %4d : tunables %4d %4d %4d : slabdata %6d %6d %6d%n", name, active,
                num, objsize, perSlab, pages, 0, 0, 0, slabs, slabs, 0);
    }

    @Test
    void slabinfoListsTheLinuxCachesNewestFirst() {
        KmemCache scullc = kernel.linux().slab().kmem_cache_create("scullc", 4000, 0, Slab.SLAB_HWCACHE_ALIGN, null);
        for (int i = 0; i < 3; i++) {
            kernel.linux().slab().kmem_cache_alloc(scullc, GFP_KERNEL);
        }
        // kstrdup("scullc") took one kmalloc-8 object; UMA filled a whole bucket of 253 (BUCKET_SIZE(256)) for it
        // from two slabs of 250. scullc's objects cache one to a bucket, so each came from a slab of its own.
        KmemCache k8 = kernel.linux().kmalloc().cacheFor(8, GFP_KERNEL);
        assertEquals(253, k8.zone().bucketItems());
        String[] names = {"8k", "4k", "2k", "1k", "512", "256", "192", "128", "96", "64", "32", "16", "8"};
        int[] objsize = {8192, 4096, 2048, 1024, 512, 256, 192, 128, 96, 64, 32, 16, 16};
        int[] perSlab = {1, 1, 2, 4, 8, 15, 20, 31, 41, 62, 125, 250, 250};
        StringBuilder expected = new StringBuilder(SLABINFO_HEADER);
        expected.append(row("scullc", 3, 3, 4000, 1, 1, 3));
        for (int i = 0; i < names.length; i++) {
            expected.append(row("dma-kmalloc-" + names[i], 0, 0, objsize[i], perSlab[i], i == 0 ? 2 : 1, 0));
        }
        for (int i = 0; i < names.length; i++) {
            boolean k8row = names[i].equals("8");
            expected.append(row("kmalloc-" + names[i], k8row ? 1 : 0, k8row ? 500 : 0, objsize[i], perSlab[i],
                    i == 0 ? 2 : 1, k8row ? 2 : 0));
        }
        assertEquals(expected.toString(), proc.slabinfo());
        assertFalse(proc.slabinfo().contains("UMA"), "the FreeBSD zones are vmstat -z's");
    }

    @Test
    void aCacheNameLongerThan17ColumnsPushesTheRestRight() {
        kernel.linux().slab().kmem_cache_create("a_rather_long_cache_name", 64, 0, 0, null);
        String first = proc.slabinfo().split("\n")[2];
        assertTrue(first.startsWith("a_rather_long_cache_name      0      0     64   62    1 : tunables"), first);
    }

    @Test
    void meminfoSlabLinesCountUmaSlabPagesAndTheReclaimableCaches() {
        String before = proc.meminfo();
        assertTrue(before.contains(String.format("Slab:           %8d kB%n", umaSlabPages() * 4)), before);
        assertTrue(before.contains("SReclaimable:          0 kB\n"), before);
        KmemCache c = kernel.linux().slab().kmem_cache_create("dentry", 4000, 0, Slab.SLAB_RECLAIM_ACCOUNT, null);
        long a = kernel.linux().slab().kmem_cache_alloc(c, GFP_KERNEL);
        long b = kernel.linux().slab().kmem_cache_alloc(c, GFP_KERNEL);
        String text = proc.meminfo();
        long slabPages = umaSlabPages();
        assertTrue(text.contains(String.format("Slab:           %8d kB%n", slabPages * 4)), text);
        assertTrue(text.contains("SReclaimable:          8 kB\n"), "two one-page slabs: " + text);
        assertTrue(text.contains(String.format("SUnreclaim:     %8d kB%n", (slabPages - 2) * 4)), text);
        kernel.linux().slab().kmem_cache_free(c, a);
        kernel.linux().slab().kmem_cache_free(c, b);
        kernel.linux().slab().kmem_cache_destroy(c);
        kernel.malloc().uma().reclaim();
        assertEquals(before, proc.meminfo(), "everything came back");
    }
}
