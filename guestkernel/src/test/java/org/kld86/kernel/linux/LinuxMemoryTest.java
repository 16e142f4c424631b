package org.kld86.kernel.linux;

import static org.junit.jupiter.api.Assertions.*;
import static org.kld86.kernel.linux.Gfp.*;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;
import org.kld86.emulator.Machine;
import org.kld86.emulator.MachineConfig;
import org.kld86.kernel.Kernel;
import org.kld86.kernel.KernelOptions;
import org.kld86.kernel.vm.Zone;

class LinuxMemoryTest {

    private static Kernel boot(MachineConfig config) {
        return Kernel.boot(new Machine(config), KernelOptions.defaults());
    }

    @Test
    void theKernelBuildsItAtBootWithThePageTablesOfTheVmallocPkmapAndFixmapAreas() {
        Kernel k = boot(MachineConfig.defaults());
        try {
            LinuxMemory linux = k.linux();
            assertSame(linux, k.linux());
            // 64 MiB: the directory, and one table per 4 MiB of the vmalloc area [0xC4800000, 0xFDFFE000), of
            // malloc(9)'s kmem arena [0xFE000000, 0xFF800000) and of [0xFF800000, 4 GiB): all built at boot.
            assertEquals(1 + (0xFF80_0000L - 0xC480_0000L) / (4 << 20) + 2, k.vm().pmap().pageTablePages());
            long tables = k.vm().pmap().pageTablePages();
            long bar = k.machine().eduDevices().get(0).barWindow(0).base();
            long va = linux.vmalloc().vmalloc(3 << 20);
            long io = linux.io().ioremap(bar, 1 << 20);
            // 512 MiB of physical address space with nothing behind it: reads all-ones, through 128 more tables.
            long far = linux.io().ioremap(0x8000_0000L, 512 << 20);
            assertEquals(0xFFFFFFFF, linux.io().readl(far + (512 << 20) - 4));
            linux.highmem().kmap_atomic(linux.pages().alloc_page(GFP_KERNEL));
            assertEquals(tables, k.vm().pmap().pageTablePages(), "no mapping needed a new page table");
            assertEquals(0x010000ED, linux.io().readl(io));
        } finally {
            k.shutdown();
        }
    }

    // ---------------------------------------------------------------------------------------------------------
    // Property: any sequence of the API's allocations and frees

    /** One step: {@code kind} picks the call, {@code a} and {@code b} its arguments (reduced as each call needs). */
    record Op(int kind, int a, int b) {
    }

    @Provide
    Arbitrary<List<Op>> ops() {
        Arbitrary<Op> op = Combinators.combine(Arbitraries.integers().between(0, 7),
                Arbitraries.integers().between(0, (1 << 20) - 1),
                Arbitraries.integers().between(1, 1 << 16)).as(Op::new);
        return op.list().ofMinSize(1).ofMaxSize(60);
    }

    private record Block(Page page, int order, long tagVa) {
    }

    private record Mapping(long va, long size, boolean io) {
    }

    @Property(tries = 40, seed = "896")
    void anySequenceKeepsAllocationsApartAndFreeingEverythingRestoresTheBootState(@ForAll("ops") List<Op> ops) {
        Kernel k = boot(MachineConfig.defaults());
        try {
            LinuxMemory linux = k.linux();
            long bootFree = k.vm().allocator().totalFreePages();
            long[] bootBuddy = buddyState(k);
            long bar = k.machine().eduDevices().get(0).barWindow(0).base();
            List<Block> blocks = new ArrayList<>();
            List<Mapping> maps = new ArrayList<>();
            int tag = 0x7A000000;
            int[] gfps = {GFP_KERNEL, GFP_ATOMIC, GFP_KERNEL | GFP_DMA, GFP_HIGHUSER, GFP_NOWAIT | __GFP_ZERO};
            for (Op op : ops) {
                switch (op.kind()) {
                    case 0, 1 -> {
                        int order = op.b() % 6;
                        Page p = linux.pages().alloc_pages(gfps[op.a() % gfps.length] | __GFP_NOWARN, order);
                        if (p != null) {
                            long va = linux.highmem().page_address(p);
                            k.memory().write32(va, ++tag);
                            k.memory().write32(va + (4096L << order) - 4, tag);
                            blocks.add(new Block(p, order, va));
                        }
                    }
                    case 2 -> {
                        if (!blocks.isEmpty()) {
                            Block b = blocks.remove(op.a() % blocks.size());
                            checkTags(k, b);
                            linux.pages().__free_pages(b.page(), b.order());
                        }
                    }
                    case 3, 4 -> {
                        long size = op.b();
                        long va = op.kind() == 3 ? linux.vmalloc().vmalloc(size) : linux.vmalloc().vzalloc(size);
                        assertNotEquals(0, va);
                        for (long off = 0; off < size; off += 4096) {
                            if (op.kind() == 4) {
                                assertEquals(0, k.memory().read32(va + off), "vzalloc memory reads zero");
                            }
                            k.memory().write32(va + off, (int) (va + off));
                        }
                        maps.add(new Mapping(va, size, false));
                    }
                    case 5 -> {
                        long size = Math.min(op.b(), (1 << 20) - 4);
                        long off = (op.a() % ((1 << 20) - size)) & ~3L;
                        long va = linux.io().ioremap(bar + off, size);
                        assertNotEquals(0, va);
                        if (off == 0) {
                            assertEquals(0x010000ED, linux.io().readl(va));
                        }
                        maps.add(new Mapping(va, size, true));
                    }
                    default -> {
                        if (!maps.isEmpty()) {
                            release(k, maps.remove(op.a() % maps.size()));
                        }
                    }
                }
                checkAreasApart(linux);
            }
            checkFramesApart(k, blocks);
            for (Block b : blocks) {
                checkTags(k, b);
                linux.pages().__free_pages(b.page(), b.order());
            }
            for (Mapping m : maps) {
                release(k, m);
            }
            assertEquals(bootFree, k.vm().allocator().totalFreePages());
            assertArrayEquals(bootBuddy, buddyState(k), "every zone's free lists are as boot left them");
            assertEquals("", linux.proc().vmallocinfo());
            assertTrue(linux.proc().meminfo().contains("VmallocUsed:           0 kB\n"));
            assertFalse(k.console().dmesg().contains("WARNING"), k.console().dmesg());
            assertFalse(k.console().dmesg().contains("Bad page"), k.console().dmesg());
        } finally {
            k.shutdown();
        }
    }

    private static void release(Kernel k, Mapping m) {
        if (m.io()) {
            k.linux().io().iounmap(m.va());
            return;
        }
        for (long off = 0; off < m.size(); off += 4096) {
            assertEquals((int) (m.va() + off), k.memory().read32(m.va() + off), "vmalloc page overwritten");
        }
        k.linux().vmalloc().vfree(m.va());
    }

    private static void checkTags(Kernel k, Block b) {
        int first = k.memory().read32(b.tagVa());
        assertEquals(first, k.memory().read32(b.tagVa() + (4096L << b.order()) - 4), "block overwritten: " + b);
    }

    /** Live vm areas, guard pages included, never overlap and stay inside the vmalloc space. */
    private static void checkAreasApart(LinuxMemory linux) {
        long prevEnd = linux.vmalloc().vmallocStart();
        for (VmArea a : linux.vmAreas()) {
            assertTrue(a.addr() >= prevEnd, a.toString());
            prevEnd = a.addr() + a.size();
        }
        assertTrue(prevEnd <= linux.vmalloc().vmallocEnd());
    }

    /** No frame belongs to two page blocks, or to a page block and a vmalloc area. */
    private static void checkFramesApart(Kernel k, List<Block> blocks) {
        Set<Integer> owned = new HashSet<>();
        for (Block b : blocks) {
            for (int i = 0; i < (1 << b.order()); i++) {
                assertTrue(owned.add(b.page().pfn() + i), "frame in two blocks: " + b);
            }
        }
        for (VmArea a : k.linux().vmAreas()) {
            for (int i = 0; i < a.nrPages(); i++) {
                assertTrue(owned.add(a.pfn(i)), "frame shared with a vmalloc area: " + a);
            }
        }
    }

    private static long[] buddyState(Kernel k) {
        long[] s = new long[Zone.ZONES * Zone.NR_PAGE_ORDERS];
        for (Zone z : k.vm().allocator().zones()) {
            for (int o = 0; o < Zone.NR_PAGE_ORDERS; o++) {
                s[z.index() * Zone.NR_PAGE_ORDERS + o] = z.freeBlocks(o);
            }
        }
        return s;
    }

    // ---------------------------------------------------------------------------------------------------------
    // Property: any sequence of kmalloc and kmem_cache calls

    @Provide
    Arbitrary<List<Op>> slabOps() {
        Arbitrary<Op> op = Combinators.combine(Arbitraries.integers().between(0, 9),
                Arbitraries.integers().between(0, (1 << 20) - 1),
                Arbitraries.integers().between(0, 1 << 16)).as(Op::new);
        return op.list().ofMinSize(1).ofMaxSize(80);
    }

    /** A live object: where it is, the bytes asked for, its cache (null for kmalloc) and the tag in its ends. */
    private record Obj(long va, long size, KmemCache cache, int tag) {
    }

    @Property(tries = 40, seed = "310")
    void anySlabSequenceKeepsObjectsApartAndFreeingAndReclaimingRestoresTheBootState(@ForAll("slabOps") List<Op> ops) {
        Kernel k = boot(MachineConfig.builder().ram("64M").clearDevices().build());
        try {
            Kmalloc km = k.linux().kmalloc();
            Slab slab = k.linux().slab();
            long bootFree = k.vm().allocator().totalFreePages();
            long[] bootBuddy = buddyState(k);
            String bootSlabinfo = k.linux().proc().slabinfo();
            List<Obj> objs = new ArrayList<>();
            List<KmemCache> caches = new ArrayList<>();
            int[] gfps = {GFP_KERNEL, GFP_ATOMIC, GFP_KERNEL | GFP_DMA, GFP_NOWAIT | __GFP_NOWARN};
            int[] flags = {0, Slab.SLAB_HWCACHE_ALIGN, Slab.SLAB_CACHE_DMA, Slab.SLAB_RECLAIM_ACCOUNT};
            int tag = 0x5A000000;
            for (Op op : ops) {
                switch (op.kind()) {
                    case 0, 1, 2 -> {
                        // Mostly slab sizes, now and then a page block.
                        long size = op.a() % 8 == 0 ? 8193 + op.b() : op.b() % 8193;
                        boolean zero = op.a() % 3 == 0;
                        int gfp = gfps[op.a() % gfps.length];
                        long va = zero ? km.kzalloc(size, gfp) : km.kmalloc(size, gfp);
                        if (size == 0) {
                            assertEquals(Kmalloc.ZERO_SIZE_PTR, va);
                        } else if (va != 0) {
                            assertTrue(km.ksize(va) >= size);
                            if (zero) {
                                assertEquals(0, k.memory().read8(va + size - 1), "kzalloc memory reads zero");
                            }
                            objs.add(tagged(k, new Obj(va, size, null, ++tag)));
                        }
                    }
                    case 3 -> {
                        if (!objs.isEmpty()) {
                            Obj o = objs.remove(op.a() % objs.size());
                            checkTag(k, o);
                            if (o.cache() == null) {
                                km.kfree(o.va());
                            } else {
                                slab.kmem_cache_free(o.cache(), o.va());
                            }
                        }
                    }
                    case 4 -> {
                        int i = indexOfKmalloc(objs, op.a());
                        if (i >= 0) {
                            Obj o = objs.get(i);
                            checkTag(k, o);
                            long size = 1 + op.b() % 12000;
                            long va = km.krealloc(o.va(), size, GFP_KERNEL);
                            assertNotEquals(0, va);
                            if (size >= 4 && o.size() >= 4) {
                                assertEquals(o.tag(), k.memory().read32(va), "krealloc keeps the contents");
                                objs.set(i, tagged(k, new Obj(va, size, null, o.tag())));
                            } else {
                                objs.set(i, tagged(k, new Obj(va, size, null, ++tag)));
                            }
                        }
                    }
                    case 5 -> {
                        long size = 4 + op.b() % 5000;
                        KmemCache c = slab.kmem_cache_create("cache" + caches.size(), size, 0, flags[op.a() % 4],
                                op.a() % 5 == 0 ? obj -> k.memory().write32(obj, 0xC7) : null);
                        assertNotNull(c);
                        caches.add(c);
                    }
                    case 6, 7 -> {
                        if (!caches.isEmpty()) {
                            KmemCache c = caches.get(op.a() % caches.size());
                            long va = slab.kmem_cache_alloc(c, GFP_KERNEL);
                            if ((c.flags() & Slab.SLAB_CACHE_DMA) != 0) {
                                assertTrue(k.vm().pmap().extract(va) < (16L << 20));
                            }
                            objs.add(tagged(k, new Obj(va, c.objectSize(), c, ++tag)));
                        }
                    }
                    default -> {
                        if (!caches.isEmpty()) {
                            KmemCache c = caches.get(op.a() % caches.size());
                            boolean busy = objs.stream().anyMatch(o -> o.cache() == c);
                            int mark = k.console().dmesg().length();
                            slab.kmem_cache_destroy(c);
                            assertEquals(!busy, c.destroyed());
                            assertEquals(busy, k.console().dmesg().substring(mark)
                                    .startsWith("kmem_cache_destroy " + c.name() + ": Slab cache still has objects\n"));
                            if (!busy) {
                                caches.remove(c);
                            }
                        }
                    }
                }
                checkApart(km, objs);
            }
            for (Obj o : objs) {
                checkTag(k, o);
                if (o.cache() == null) {
                    km.kfree(o.va());
                } else {
                    slab.kmem_cache_free(o.cache(), o.va());
                }
            }
            for (KmemCache c : caches) {
                slab.kmem_cache_destroy(c);
                assertTrue(c.destroyed());
            }
            k.malloc().uma().reclaim();
            assertEquals(bootFree, k.vm().allocator().totalFreePages());
            assertArrayEquals(bootBuddy, buddyState(k), "every zone's free lists are as boot left them");
            assertEquals(bootSlabinfo, k.linux().proc().slabinfo());
            assertFalse(k.console().dmesg().contains("WARNING"), k.console().dmesg());
            assertNull(k.panicked());
        } finally {
            k.shutdown();
        }
    }

    private static int indexOfKmalloc(List<Obj> objs, int pick) {
        for (int n = 0; n < objs.size(); n++) {
            int i = (pick + n) % objs.size();
            if (objs.get(i).cache() == null) {
                return i;
            }
        }
        return -1;
    }

    /** Writes the object's tag into its first and last four bytes (fewer places when it is smaller). */
    private static Obj tagged(Kernel k, Obj o) {
        if (o.size() >= 4) {
            k.memory().write32(o.va(), o.tag());
            if (o.size() >= 8) {
                k.memory().write32(o.va() + o.size() - 4, o.tag());
            }
        } else {
            k.memory().write8(o.va(), o.tag());
        }
        return o;
    }

    private static void checkTag(Kernel k, Obj o) {
        if (o.size() >= 4) {
            assertEquals(o.tag(), k.memory().read32(o.va()), "object overwritten: " + o);
            if (o.size() >= 8) {
                assertEquals(o.tag(), k.memory().read32(o.va() + o.size() - 4), "object overwritten: " + o);
            }
        } else {
            assertEquals(o.tag() & 0xFF, k.memory().read8(o.va()), "object overwritten: " + o);
        }
    }

    /** No two live objects share a byte, counting each as long as ksize says it is; all lie in the direct map. */
    private static void checkApart(Kmalloc km, List<Obj> objs) {
        List<long[]> ranges = new ArrayList<>();
        for (Obj o : objs) {
            long len = o.cache() == null ? km.ksize(o.va()) : o.cache().size();
            ranges.add(new long[] {o.va(), o.va() + len});
        }
        ranges.sort((x, y) -> Long.compare(x[0], y[0]));
        for (int i = 1; i < ranges.size(); i++) {
            assertTrue(ranges.get(i)[0] >= ranges.get(i - 1)[1], "objects overlap");
        }
        for (long[] r : ranges) {
            assertTrue(r[0] >= 0xC000_0000L && r[1] <= 0xC000_0000L + (64L << 20), "outside the direct map");
        }
    }
}
