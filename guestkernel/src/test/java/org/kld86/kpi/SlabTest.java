package org.kld86.kpi;

import static org.junit.jupiter.api.Assertions.*;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.kld86.emulator.Machine;
import org.kld86.emulator.MachineConfig;
import org.kld86.kernel.Kernel;
import org.kld86.kernel.KernelOptions;
import org.kld86.kernel.KernelPanic;
import org.kld86.kernel.kld.Linker;
import org.kld86.kernel.kld.MemoryModuleStore;
import org.kld86.kernel.kld.ModuleJars;

/** linux/slab.h for modules: LDD3's scullc, built and loaded by the test, and the calls one by one. */
class SlabTest {

    private final MemoryModuleStore store = new MemoryModuleStore();
    private final Kernel kernel = Kernel.boot(new Machine(MachineConfig.builder().ram("64M").clearDevices().build()),
            KernelOptions.defaults(), store);

    @AfterEach
    void tearDown() {
        kernel.shutdown();
    }

    /** scullc: a cache of quanta, a kzalloc'ed qset array pointing at three of them, and the other calls. */
    private static final String SCULLC = """
            package scullc;
            import org.kld86.kpi.*;
            import static org.kld86.kpi.Gfp.*;
            import static org.kld86.kpi.Slab.*;
            import static org.kld86.kpi.Printk.*;
            @LinuxModule(name = "scullc")
            public final class Scullc {
                @ModuleParam static int scullc_quantum = 4000;
                @ModuleParam static int scullc_qset = 1000;
                static KmemCache cache;
                static long qset;
                static int constructed;
                @ModuleInit static int init() {
                    cache = kmem_cache_create("scullc", scullc_quantum, 0, SLAB_HWCACHE_ALIGN, obj -> constructed++);
                    if (cache == null) {
                        return -Errno.ENOMEM;
                    }
                    qset = kzalloc(scullc_qset * 4L, GFP_KERNEL);
                    for (int i = 0; i < 3; i++) {
                        long q = kmem_cache_alloc(cache, GFP_KERNEL);
                        Mem.memset(q, 'A' + i, scullc_quantum);
                        Mem.write32(qset + 4L * i, (int) q);
                    }
                    long small = kcalloc(2, 8, GFP_KERNEL);
                    long grown = krealloc(small, 100, GFP_KERNEL);
                    long name = kstrdup("scullc", GFP_KERNEL);
                    pr_info("%s: qset %d in %d, grown to %d, kmalloc(0) %s, ctor ran %d, quantum %d\\n", name,
                            scullc_qset * 4, ksize(qset), ksize(grown), kmalloc(0, GFP_KERNEL) == ZERO_SIZE_PTR
                            ? "is ZERO_SIZE_PTR" : "is not", constructed, kmem_cache_size(cache));
                    kfree(name);
                    kfree(grown);
                    kfree(ZERO_SIZE_PTR);
                    return 0;
                }
                @ModuleExit static void exit() {
                    for (int i = 0; i < 3; i++) {
                        kmem_cache_free(cache, Mem.read32(qset + 4L * i) & 0xFFFFFFFFL);
                    }
                    kfree(qset);
                    kmem_cache_destroy(cache);
                }
            }
            """;

    @Test
    void scullcLoadsUsesTheSlabKpiAndUnloadsWithoutALeak() {
        store.put("/boot/modules/scullc.ko", ModuleJars.jar(Map.of("scullc.Scullc", SCULLC)));
        kernel.malloc().uma().reclaim();
        long free = kernel.vm().allocator().totalFreePages() + kernel.vm().pmap().pageTablePages();
        int mark = kernel.console().dmesg().length();
        Linker.LoadResult r = kernel.linker().kldload("scullc", List.of());
        assertTrue(r.ok(), kernel.console().dmesg());
        assertEquals("scullc: qset 4000 in 4096, grown to 128, kmalloc(0) is ZERO_SIZE_PTR, ctor ran 3, quantum 4000\n",
                kernel.console().dmesg().substring(mark), "one 4000-byte quantum a slab: the ctor ran for three");
        String slabinfo = kernel.linux().proc().slabinfo();
        assertTrue(slabinfo.split("\n")[2].startsWith("scullc                 3      3   4000    1    1 :"), slabinfo);
        mark = kernel.console().dmesg().length();
        assertEquals(0, kernel.linker().kldunload(r.fileId(), Linker.LINKER_UNLOAD_NORMAL));
        assertEquals("", kernel.console().dmesg().substring(mark));
        assertFalse(kernel.linux().proc().slabinfo().contains("scullc"));
        kernel.malloc().uma().reclaim();
        assertEquals(free, kernel.vm().allocator().totalFreePages() + kernel.vm().pmap().pageTablePages(),
                "every page came back");
    }

    @Test
    void aModuleThatExitsWithoutFreeingItsObjectsCannotDestroyItsCache() {
        store.put("/boot/modules/scullc.ko", ModuleJars.jar(Map.of("scullc.Scullc",
                SCULLC.replace("kmem_cache_free(cache,", "Mem.read32("))));
        int id = kernel.linker().kldload("scullc", List.of()).fileId();
        int mark = kernel.console().dmesg().length();
        assertEquals(0, kernel.linker().kldunload(id, Linker.LINKER_UNLOAD_NORMAL));
        String out = kernel.console().dmesg().substring(mark);
        assertTrue(out.startsWith("kmem_cache_destroy scullc: Slab cache still has objects\nCPU: 0 PID: "), out);
        assertTrue(out.matches("(?s).*\n \\[<kernel/linux/Slab\\.java:\\d+>] kmem_cache_destroy\\(\\)\n"
                + " \\[<kpi/Slab\\.java:\\d+>] kmem_cache_destroy\\(\\)\n"
                + " \\[<scullc/Scullc\\.java:\\d+>] exit\\(\\)\n.*"), "the trace reaches the module's exit: " + out);
        assertTrue(kernel.linux().proc().slabinfo().split("\n")[2].startsWith("scullc                 3      3 "),
                "the cache stays, with its three objects");
    }

    @Test
    void theCallsOneByOne() {
        long p = Slab.kmalloc(65, Gfp.GFP_KERNEL);
        assertEquals(96, Slab.ksize(p));
        Slab.kfree(p);
        assertEquals(Slab.ZERO_SIZE_PTR, Slab.kmalloc(0, Gfp.GFP_KERNEL));
        assertTrue(Slab.ZERO_OR_NULL_PTR(0));
        assertTrue(Slab.ZERO_OR_NULL_PTR(Slab.ZERO_SIZE_PTR));
        assertFalse(Slab.ZERO_OR_NULL_PTR(17));
        assertEquals(0, Slab.kmalloc_array(0x10000, 0x10000, Gfp.GFP_KERNEL));
        long z = Slab.kzalloc(4096, Gfp.GFP_KERNEL);
        assertEquals(0, Mem.read32(z + 4092));
        Slab.kfree(z);
        assertEquals(4L << 20, Slab.KMALLOC_MAX_SIZE);
        assertEquals(8192, Slab.KMALLOC_MAX_CACHE_SIZE);
        KmemCache c = Slab.kmem_cache_create("obj", 24, 0, Slab.SLAB_CACHE_DMA, null);
        assertEquals("kmem_cache obj", c.toString());
        long o = Slab.kmem_cache_zalloc(c, Gfp.GFP_ATOMIC);
        assertTrue(Pmap.vtophys(o) < (16L << 20));
        assertEquals(24, Slab.kmem_cache_size(c));
        Slab.kmem_cache_free(c, o);
        Slab.kmem_cache_destroy(c);
        Slab.kmem_cache_destroy(null);
        assertNull(Slab.kmem_cache_create("bad", 1, 0, 0, null));
    }

    @Test
    void kfreeOfAnythingElseStopsTheKernel() {
        long page = Mm.__get_free_page(Gfp.GFP_KERNEL);
        KernelPanic p = assertThrows(KernelPanic.class, () -> Slab.kfree(page));
        assertEquals(String.format("kfree: 0x%08x was not allocated by kmalloc", page), p.getMessage());
    }
}
