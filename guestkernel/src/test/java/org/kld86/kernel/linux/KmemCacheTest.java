package org.kld86.kernel.linux;

import static org.junit.jupiter.api.Assertions.*;
import static org.kld86.kernel.linux.Gfp.*;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.kld86.emulator.Machine;
import org.kld86.emulator.MachineConfig;
import org.kld86.kernel.Kernel;
import org.kld86.kernel.KernelOptions;

class KmemCacheTest {

    private final Kernel kernel = Kernel.boot(new Machine(MachineConfig.builder().ram("64M").clearDevices().build()),
            KernelOptions.defaults());
    private final Slab slab = kernel.linux().slab();
    private final Kmalloc km = kernel.linux().kmalloc();

    @AfterEach
    void tearDown() {
        kernel.shutdown();
    }

    /**
     * The kmalloc caches' slab geometry on the INVARIANTS kernel, by UMA's keg rules: items of at least 16 bytes
     * (a slab tracks 256), the 88-byte slab header at the end of the page, and the header moved off the page
     * when a tenth of the page (409 bytes) or more would be wasted and that fits more items (512, 1k, 2k); a
     * 4096-byte item leaves no room for a header, an 8192-byte one takes two pages.
     */
    @ParameterizedTest
    @CsvSource({"8, kmalloc-8, 16, 250, 1", "16, kmalloc-16, 16, 250, 1", "32, kmalloc-32, 32, 125, 1",
        "64, kmalloc-64, 64, 62, 1", "96, kmalloc-96, 96, 41, 1", "128, kmalloc-128, 128, 31, 1",
        "192, kmalloc-192, 192, 20, 1", "256, kmalloc-256, 256, 15, 1", "512, kmalloc-512, 512, 8, 1",
        "1024, kmalloc-1k, 1024, 4, 1", "2048, kmalloc-2k, 2048, 2, 1", "4096, kmalloc-4k, 4096, 1, 1",
        "8192, kmalloc-8k, 8192, 1, 2"})
    void theKmallocCachesGeometry(int size, String name, int objsize, int perSlab, int pagesPerSlab) {
        KmemCache c = km.cacheFor(size, GFP_KERNEL);
        assertEquals(name, c.name());
        assertEquals(size, c.objectSize());
        assertEquals(objsize, c.size());
        assertEquals(perSlab, c.objectsPerSlab());
        assertEquals(pagesPerSlab, c.pagesPerSlab());
        KmemCache dma = km.cacheFor(size, GFP_DMA);
        assertEquals("dma-" + name, dma.name());
        assertEquals(perSlab, dma.objectsPerSlab());
    }

    @Test
    void aSlabOfThreePagesTakesABlockOfFour() {
        KmemCache c = slab.kmem_cache_create("big", 10000, 0, 0, null);
        assertEquals(1, c.objectsPerSlab());
        assertEquals(4, c.pagesPerSlab());
        assertEquals(2, c.order());
        long free = kernel.vm().allocator().totalFreePages();
        slab.kmem_cache_alloc(c, GFP_KERNEL);
        assertEquals(1, c.numSlabs());
        assertEquals(4, c.slabPages());
        assertTrue(kernel.vm().allocator().totalFreePages() <= free - 4);
    }

    @Test
    void activeObjectsAreThoseCallersHoldNotThoseInTheCaches() {
        KmemCache c = km.cacheFor(64, GFP_KERNEL);
        assertEquals(0, c.numSlabs(), "boot left the cache empty");
        long a = km.kmalloc(64, GFP_KERNEL);
        long b = km.kmalloc(64, GFP_KERNEL);
        long d = km.kmalloc(64, GFP_KERNEL);
        assertEquals(3, c.activeObjs());
        long slabs = c.numSlabs();
        assertTrue(slabs >= 1);
        assertEquals(slabs * 62, c.numObjs());
        km.kfree(a);
        km.kfree(b);
        assertEquals(1, c.activeObjs());
        assertEquals(slabs, c.numSlabs(), "free objects stay in the cache until a reclaim");
        km.kfree(d);
        kernel.malloc().uma().reclaim();
        assertEquals(0, c.numSlabs());
        assertEquals(0, c.numObjs());
    }

    @Test
    void itsNameFlagsAndZone() {
        KmemCache c = slab.kmem_cache_create("scullc", 4000, 0, Slab.SLAB_HWCACHE_ALIGN, null);
        assertEquals("scullc", c.name());
        assertEquals("scullc", c.zone().name());
        assertEquals(Slab.SLAB_HWCACHE_ALIGN, c.flags());
        assertEquals(32, c.align());
        assertEquals("kmem_cache scullc", c.toString());
        assertEquals(0, km.cacheFor(8, GFP_KERNEL).nameVa(), "the kmalloc caches' names are static");
    }
}
