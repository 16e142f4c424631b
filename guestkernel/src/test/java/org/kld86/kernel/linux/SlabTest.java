package org.kld86.kernel.linux;

import static org.junit.jupiter.api.Assertions.*;
import static org.kld86.kernel.linux.Gfp.*;
import static org.kld86.kernel.linux.Slab.*;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.kld86.emulator.Machine;
import org.kld86.emulator.MachineConfig;
import org.kld86.kernel.Kernel;
import org.kld86.kernel.KernelOptions;
import org.kld86.kernel.KernelPanic;
import org.kld86.kernel.vm.VmLayout;

class SlabTest {

    private Machine machine;
    private Kernel kernel;
    private Slab slab;

    private void boot(KernelOptions options) {
        machine = new Machine(MachineConfig.builder().ram("64M").clearDevices().build());
        kernel = Kernel.boot(machine, options);
        slab = kernel.linux().slab();
    }

    SlabTest() {
        boot(KernelOptions.defaults());
    }

    @AfterEach
    void tearDown() {
        kernel.shutdown();
    }

    private int mark() {
        return kernel.console().dmesg().length();
    }

    private String since(int mark) {
        return kernel.console().dmesg().substring(mark);
    }

    private KmemCache kmalloc8() {
        return kernel.linux().kmalloc().kmallocCache(Kmalloc.kmalloc_index(8));
    }

    // ---------------------------------------------------------------------------------------------------------
    // Alignment

    /** calculate_alignment() with a 32-byte cache line, ARCH_SLAB_MINALIGN 8 and 4-byte pointers. */
    @ParameterizedTest
    @CsvSource({"0, 0, 40, 8", "0, 0, 4, 8", "0, 64, 40, 64", "0, 2, 10, 8", "0, 12, 10, 12",
        "0x2000, 0, 40, 32", "0x2000, 0, 17, 32", "0x2000, 0, 16, 16", "0x2000, 0, 12, 16", "0x2000, 0, 8, 8",
        "0x2000, 0, 4, 8", "0x2000, 64, 4, 64", "0x2000, 0, 4000, 32"})
    void theAlignmentIsLinuxs(int flags, int align, int size, int expected) {
        assertEquals(expected, Slab.calculateAlignment(flags, align, size));
    }

    @Test
    void hwcacheAlignedObjectsStartOnCacheLines() {
        KmemCache c = slab.kmem_cache_create("aligned", 40, 0, SLAB_HWCACHE_ALIGN, null);
        assertEquals(32, c.align());
        assertEquals(64, c.size(), "40 bytes rounded up to the alignment");
        for (int i = 0; i < 5; i++) {
            assertEquals(0, slab.kmem_cache_alloc(c, GFP_KERNEL) % 32);
        }
    }

    // ---------------------------------------------------------------------------------------------------------
    // Lifecycle

    @Test
    void aCacheIsMadeUsedAndDestroyedAndLeavesNothingBehind() {
        long k8 = kmalloc8().activeObjs();
        int zones = kernel.malloc().uma().zones().size();
        KmemCache c = slab.kmem_cache_create("scullc", 4000, 0, SLAB_HWCACHE_ALIGN, null);
        assertSame(c, slab.caches().get(0), "the newest cache heads slab_caches");
        assertEquals("scullc", kernel.memory().readCString(c.nameVa(), 64), "the name is copied into kernel memory");
        assertSame(kmalloc8(), slab.cacheOf(c.nameVa()), "kstrdup: 7 bytes");
        assertEquals(k8 + 1, kmalloc8().activeObjs());
        assertEquals(4000, c.objectSize());
        long a = slab.kmem_cache_alloc(c, GFP_KERNEL);
        long b = slab.kmem_cache_alloc(c, GFP_KERNEL);
        assertNotEquals(a, b);
        assertSame(c, slab.cacheOf(a));
        assertEquals(2, c.activeObjs());
        kernel.memory().fill(a, 4000, 0x11);
        slab.kmem_cache_free(c, a);
        slab.kmem_cache_free(c, b);
        assertEquals(0, c.activeObjs());
        slab.kmem_cache_destroy(c);
        assertTrue(c.destroyed());
        assertFalse(slab.caches().contains(c));
        assertEquals(zones, kernel.malloc().uma().zones().size(), "its UMA zone went too");
        assertEquals(k8, kmalloc8().activeObjs(), "and its name");
    }

    @Test
    void destroyingACacheWithObjectsIsReportedAndTheCacheStays() {
        KmemCache c = slab.kmem_cache_create("scullc", 4000, 0, SLAB_HWCACHE_ALIGN, null);
        long a = slab.kmem_cache_alloc(c, GFP_KERNEL);
        kernel.memory().write32(a, 0xBEEF);
        int mark = mark();
        slab.kmem_cache_destroy(c);
        String out = since(mark);
        int tid = kernel.scheduler().current().tid();
        assertTrue(out.startsWith("kmem_cache_destroy scullc: Slab cache still has objects\n"
                + "CPU: 0 PID: " + tid + " Comm: swapper Not tainted 0.1.0 #1\n"
                + "Call Trace:\n"), out);
        assertTrue(out.matches("(?s).*\n \\[<kernel/linux/Slab\\.java:\\d+>] kmem_cache_destroy\\(\\)\n"
                + " \\[<kernel/linux/SlabTest\\.java:\\d+>] destroyingACacheWithObjectsIsReportedAndTheCacheStays\\(\\)\n"),
                out);
        assertFalse(c.destroyed());
        assertSame(c, slab.caches().get(0));
        assertEquals(0xBEEF, kernel.memory().read32(a), "its memory is still the object's");
        assertNull(kernel.panicked());
        slab.kmem_cache_free(c, a);
        mark = mark();
        slab.kmem_cache_destroy(c);
        assertEquals("", since(mark));
        assertTrue(c.destroyed());
    }

    @Test
    void destroyingNullDoesNothingAndUsingADestroyedCacheIsABug() {
        slab.kmem_cache_destroy(null);
        KmemCache c = slab.kmem_cache_create("gone", 32, 0, 0, null);
        slab.kmem_cache_destroy(c);
        KernelPanic p = assertThrows(KernelPanic.class, () -> slab.kmem_cache_alloc(c, GFP_KERNEL));
        assertEquals("kmem_cache_alloc: cache gone has been destroyed", p.getMessage());
    }

    @Test
    void aKmallocCacheCannotBeDestroyed() {
        KernelPanic p = assertThrows(KernelPanic.class, () -> slab.kmem_cache_destroy(kmalloc8()));
        assertEquals("kmem_cache_destroy: kmalloc-8 is a kmalloc cache", p.getMessage());
    }

    // ---------------------------------------------------------------------------------------------------------
    // kmem_cache_create's checks

    private void assertRefused(String name, long size, long align, String shown) {
        int mark = mark();
        assertNull(slab.kmem_cache_create(name, size, align, 0, null));
        String out = since(mark);
        assertTrue(out.startsWith("kmem_cache_create(" + shown + ") integrity check failed\n"
                + "kmem_cache_create(" + shown + ") failed with error -22\n"
                + "CPU: 0 PID: " + kernel.scheduler().current().tid() + " Comm: swapper Not tainted 0.1.0 #1\n"
                + "Call Trace:\n"), out);
    }

    @Test
    void kmemCacheCreateRefusesWhatDebugVmRefuses() {
        assertRefused("tiny", 3, 0, "tiny");
        assertRefused("huge", Kmalloc.KMALLOC_MAX_SIZE + 1, 0, "huge");
        assertRefused(null, 64, 0, "(null)");
        assertRefused("odd", 64, 12, "odd");
        assertNotNull(slab.kmem_cache_create("four", 4, 0, 0, null), "sizeof(void *) is enough");
        assertNotNull(slab.kmem_cache_create("max", Kmalloc.KMALLOC_MAX_SIZE, 0, 0, null));
    }

    @Test
    void slabPanicTurnsTheFailureIntoAPanic() {
        KernelPanic p = assertThrows(KernelPanic.class, () -> slab.kmem_cache_create("tiny", 2, 0, SLAB_PANIC, null));
        assertEquals("kmem_cache_create: Failed to create slab 'tiny'. Error -22", p.getMessage());
    }

    @Test
    void kmemCacheCreateInInterruptContextFails() {
        KmemCache[] c = new KmemCache[1];
        PageAllocTest.inInterrupt(machine, () -> c[0] = slab.kmem_cache_create("irq", 64, 0, 0, null));
        assertNull(c[0]);
        assertTrue(kernel.console().dmesg().contains("kmem_cache_create(irq) integrity check failed\n"));
    }

    @Test
    void aNameWithABlankIsAcceptedWithAWarningOnAnInvariantsKernel() {
        int mark = mark();
        KmemCache c = slab.kmem_cache_create("my cache", 64, 0, 0, null);
        assertNotNull(c);
        assertTrue(since(mark).matches("------------\\[ cut here \\]------------\n"
                + "WARNING: at kernel/linux/Slab\\.java:\\d+ sanityCheck\\(\\)\n"
                + "---\\[ end trace 0000000000000000 ]---\n"), since(mark));
        kernel.shutdown();
        boot(KernelOptions.defaults().withInvariants(false));
        mark = mark();
        assertNotNull(slab.kmem_cache_create("my cache", 64, 0, 0, null));
        assertEquals("", since(mark));
    }

    @Test
    void unknownFlagsAreDropped() {
        KmemCache c = slab.kmem_cache_create("flags", 64, 0, 0x8000_0000L | SLAB_HWCACHE_ALIGN | 0x1, null);
        assertEquals(SLAB_HWCACHE_ALIGN, c.flags());
    }

    // ---------------------------------------------------------------------------------------------------------
    // Allocation

    @Test
    void theConstructorRunsForEachObjectOfANewSlabNotForEachAllocation() {
        List<Long> constructed = new ArrayList<>();
        KmemCache c = slab.kmem_cache_create("ctor", 200, 0, 0, obj -> {
            constructed.add(obj);
            kernel.memory().write32(obj, 0xC0FFEE);
        });
        long a = slab.kmem_cache_alloc(c, GFP_KERNEL);
        assertTrue(constructed.contains(a));
        assertEquals(0xC0FFEE, kernel.memory().read32(a));
        int n = constructed.size();
        assertEquals(0, n % c.objectsPerSlab(), "every object of every new slab, once");
        assertEquals(n, c.numObjs());
        kernel.memory().write32(a, 0xDEAD);
        slab.kmem_cache_free(c, a);
        long again = slab.kmem_cache_alloc(c, GFP_KERNEL);
        assertEquals(a, again);
        assertEquals(0xDEAD, kernel.memory().read32(again), "not constructed again: its last user's value");
        assertEquals(n, constructed.size());
    }

    @Test
    void kmemCacheZallocZeroesTheObject() {
        KmemCache c = slab.kmem_cache_create("z", 100, 0, 0, null);
        long a = slab.kmem_cache_alloc(c, GFP_KERNEL);
        kernel.memory().fill(a, 100, 0xAB);
        slab.kmem_cache_free(c, a);
        long z = slab.kmem_cache_zalloc(c, GFP_KERNEL);
        assertEquals(a, z);
        for (int i = 0; i < 100; i++) {
            assertEquals(0, kernel.memory().read8(z + i));
        }
    }

    @Test
    void slabCacheDmaTakesItsSlabsBelow16MiB() {
        KmemCache dma = slab.kmem_cache_create("isa", 512, 0, SLAB_CACHE_DMA, null);
        KmemCache normal = slab.kmem_cache_create("pci", 512, 0, 0, null);
        long d = slab.kmem_cache_alloc(dma, GFP_KERNEL);
        long n = slab.kmem_cache_alloc(normal, GFP_KERNEL);
        assertTrue(kernel.vm().pmap().extract(d) < VmLayout.DMA_LIMIT);
        assertTrue(kernel.vm().pmap().extract(n) >= VmLayout.DMA_LIMIT);
    }

    @Test
    void aReclaimableCacheCountsAsSReclaimable() {
        long reclaimable = slab.reclaimablePages();
        long total = slab.slabPages();
        KmemCache c = slab.kmem_cache_create("dentry", 4000, 0, SLAB_RECLAIM_ACCOUNT, null);
        slab.kmem_cache_alloc(c, GFP_KERNEL);
        slab.kmem_cache_alloc(c, GFP_KERNEL);
        assertEquals(reclaimable + 2, slab.reclaimablePages(), "two slabs of one page");
        assertTrue(slab.slabPages() >= total + 2);
        assertEquals(slab.slabPages(), slab.reclaimablePages() + slab.unreclaimablePages());
    }

    // ---------------------------------------------------------------------------------------------------------
    // kmem_cache_free

    @Test
    void freeingToTheWrongCacheIsReportedAndTheObjectGoesHome() {
        KmemCache a = slab.kmem_cache_create("a", 64, 0, 0, null);
        KmemCache b = slab.kmem_cache_create("b", 64, 0, 0, null);
        long x = slab.kmem_cache_alloc(a, GFP_KERNEL);
        int mark = mark();
        slab.kmem_cache_free(b, x);
        String out = since(mark);
        assertTrue(out.startsWith("cache_from_obj: Wrong slab cache. b but object is from a\n"
                + "------------[ cut here ]------------\nWARNING: at kernel/linux/Slab.java:"), out);
        assertEquals(0, a.activeObjs());
        slab.kmem_cache_destroy(a);
        assertTrue(a.destroyed(), "a got its object back");
    }

    @Test
    void freeingWhatIsNoSlabObjectIsABug() {
        KmemCache c = slab.kmem_cache_create("c", 64, 0, 0, null);
        long page = kernel.linux().pages().__get_free_page(GFP_KERNEL);
        KernelPanic p = assertThrows(KernelPanic.class, () -> slab.kmem_cache_free(c, page));
        assertEquals(String.format("kmem_cache_free: 0x%08x is not an object of any slab cache (freed to c)", page),
                p.getMessage());
    }

    @Test
    void freeingNullDoesNothing() {
        KmemCache c = slab.kmem_cache_create("c", 64, 0, 0, null);
        int mark = mark();
        slab.kmem_cache_free(c, 0);
        assertEquals("", since(mark));
    }

    @Test
    void gfpFlagsBecomeUmaFlags() {
        assertEquals(0x2, Slab.umaFlags(GFP_KERNEL));
        assertEquals(0x1 | 0x400, Slab.umaFlags(GFP_ATOMIC), "M_NOWAIT | M_USE_RESERVE");
        assertEquals(0x1, Slab.umaFlags(GFP_NOWAIT));
        assertEquals(0x1, Slab.umaFlags(GFP_KERNEL | __GFP_NORETRY), "NORETRY gives up instead of waiting");
        assertEquals(0x2 | 0x100, Slab.umaFlags(GFP_KERNEL | __GFP_ZERO));
    }
}
