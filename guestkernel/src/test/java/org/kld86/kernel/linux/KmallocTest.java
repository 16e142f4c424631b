package org.kld86.kernel.linux;

import static org.junit.jupiter.api.Assertions.*;
import static org.kld86.kernel.linux.Gfp.*;

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

class KmallocTest {

    private Machine machine;
    private Kernel kernel;
    private Kmalloc km;

    private void boot(KernelOptions options) {
        machine = new Machine(MachineConfig.builder().ram("64M").clearDevices().build());
        kernel = Kernel.boot(machine, options);
        km = kernel.linux().kmalloc();
    }

    KmallocTest() {
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

    private long freePages() {
        return kernel.vm().allocator().totalFreePages();
    }

    private long phys(long va) {
        return kernel.vm().pmap().extract(va);
    }

    // ---------------------------------------------------------------------------------------------------------
    // Size classes

    /** Every boundary of the size-to-cache table (KERNEL-SEMANTICS 5.2), and ksize of what was handed out. */
    @ParameterizedTest
    @CsvSource({"1, kmalloc-8, 8", "8, kmalloc-8, 8", "9, kmalloc-16, 16", "16, kmalloc-16, 16",
        "17, kmalloc-32, 32", "32, kmalloc-32, 32", "33, kmalloc-64, 64", "64, kmalloc-64, 64",
        "65, kmalloc-96, 96", "96, kmalloc-96, 96", "97, kmalloc-128, 128", "128, kmalloc-128, 128",
        "129, kmalloc-192, 192", "192, kmalloc-192, 192", "193, kmalloc-256, 256", "256, kmalloc-256, 256",
        "257, kmalloc-512, 512", "512, kmalloc-512, 512", "513, kmalloc-1k, 1024", "1024, kmalloc-1k, 1024",
        "1025, kmalloc-2k, 2048", "2048, kmalloc-2k, 2048", "2049, kmalloc-4k, 4096", "4096, kmalloc-4k, 4096",
        "4097, kmalloc-8k, 8192", "8192, kmalloc-8k, 8192"})
    void theRoundingTableAtEveryBoundary(long size, String cache, long ksize) {
        long p = km.kmalloc(size, GFP_KERNEL);
        assertEquals(cache, kernel.linux().slab().cacheOf(p).name());
        assertEquals(ksize, km.ksize(p));
        assertEquals(0, p % 8, "ARCH_KMALLOC_MINALIGN");
        assertTrue(kernel.vm().layout().isDirectMapped(p));
        km.kfree(p);
    }

    /** Above 8 KiB: a block of PAGE_SIZE << get_order(size), from no cache. */
    @ParameterizedTest
    @CsvSource({"8193, 2", "12288, 2", "16384, 2", "16385, 3", "65536, 4", "1048577, 9", "4194304, 10"})
    void aboveEightKibAPageBlockOfGetOrderPages(long size, int order) {
        long free = freePages();
        long p = km.kmalloc(size, GFP_KERNEL);
        assertNotEquals(0, p);
        assertNull(kernel.linux().slab().cacheOf(p), "not a slab object");
        assertEquals(0, p & (VmLayout.PAGE_SIZE - 1));
        assertEquals(4096L << order, km.ksize(p));
        assertEquals(free - (1L << order), freePages());
        km.kfree(p);
        assertEquals(free, freePages());
    }

    @Test
    void theIndexIsTheSmallestCacheThatHoldsTheRequest() {
        int[] classes = {8, 16, 32, 64, 96, 128, 192, 256, 512, 1024, 2048, 4096, 8192};
        for (int size = 1; size <= 8192; size++) {
            int expected = 0;
            for (int c : classes) {
                if (c >= size) {
                    expected = c;
                    break;
                }
            }
            assertEquals(expected, Kmalloc.kmalloc_size(Kmalloc.kmalloc_index(size)), "size " + size);
        }
        assertEquals(1, Kmalloc.kmalloc_index(96));
        assertEquals(2, Kmalloc.kmalloc_index(192));
        assertEquals(13, Kmalloc.kmalloc_index(8192));
    }

    // ---------------------------------------------------------------------------------------------------------
    // ZERO_SIZE_PTR and NULL

    @Test
    void kmallocOfZeroIsZeroSizePtrWhichKfreeAndKsizeAccept() {
        long free = freePages();
        assertEquals(16, km.kmalloc(0, GFP_KERNEL));
        assertEquals(16, Kmalloc.ZERO_SIZE_PTR);
        assertEquals(0, km.ksize(Kmalloc.ZERO_SIZE_PTR));
        km.kfree(Kmalloc.ZERO_SIZE_PTR);
        km.kfree(0);
        assertEquals(free, freePages());
        KernelPanic p = assertThrows(KernelPanic.class, () -> kernel.memory().read8(Kmalloc.ZERO_SIZE_PTR));
        assertEquals("page fault", p.getMessage(), "ZERO_SIZE_PTR is not memory");
    }

    // ---------------------------------------------------------------------------------------------------------
    // Contents

    @Test
    void kmallocMemoryKeepsWhatItsLastUserLeftEvenOnAnInvariantsKernel() {
        long p = km.kmalloc(64, GFP_KERNEL);
        for (int i = 0; i < 64; i += 4) {
            kernel.memory().write32(p + i, 0x5A5A0000 + i);
        }
        km.kfree(p);
        long q = km.kmalloc(60, GFP_KERNEL);
        assertEquals(p, q, "the last object freed is the first handed out again");
        for (int i = 0; i < 64; i += 4) {
            assertEquals(0x5A5A0000 + i, kernel.memory().read32(q + i), "not zeroed, not 0xdeadc0de");
        }
    }

    @Test
    void kzallocAndKcallocZero() {
        long p = km.kmalloc(100, GFP_KERNEL);
        kernel.memory().fill(p, 128, 0xFF);
        km.kfree(p);
        long z = km.kzalloc(100, GFP_KERNEL);
        assertEquals(p, z);
        for (int i = 0; i < 128; i += 4) {
            assertEquals(0, kernel.memory().read32(z + i), "the whole kmalloc-128 object");
        }
        km.kfree(z);
        kernel.memory().fill(p, 128, 0xFF);
        long c = km.kcalloc(10, 10, GFP_KERNEL);
        assertEquals(p, c);
        assertEquals("kmalloc-128", kernel.linux().slab().cacheOf(c).name());
        assertEquals(0, kernel.memory().read32(c + 96));
    }

    @Test
    void kcallocAndKmallocArrayRefuseAnOverflowingProductWithoutAWord() {
        int mark = mark();
        assertEquals(0, km.kcalloc(0x10000, 0x10000, GFP_KERNEL));
        assertEquals(0, km.kmalloc_array(0xFFFF_FFFFL, 2, GFP_KERNEL));
        assertEquals("", since(mark));
        assertEquals(Kmalloc.ZERO_SIZE_PTR, km.kcalloc(0, 0x10000, GFP_KERNEL));
    }

    // ---------------------------------------------------------------------------------------------------------
    // The 4 MiB limit

    @Test
    void aboveFourMibKmallocReturnsNullWithOneWarning() {
        int mark = mark();
        assertEquals(0, km.kmalloc(Kmalloc.KMALLOC_MAX_SIZE + 1, GFP_KERNEL | __GFP_NOWARN));
        assertEquals("", since(mark), "__GFP_NOWARN: silent, and the WARN_ON_ONCE is not used up");
        assertEquals(0, km.kmalloc(Kmalloc.KMALLOC_MAX_SIZE + 1, GFP_KERNEL));
        String out = since(mark);
        assertTrue(out.matches("------------\\[ cut here \\]------------\n"
                + "WARNING: at kernel/linux/Kmalloc\\.java:\\d+ kmallocLarge\\(\\)\n"
                + "---\\[ end trace 0000000000000000 ]---\n"), out);
        mark = mark();
        assertEquals(0, km.kmalloc(64L << 20, GFP_KERNEL));
        assertEquals(0, km.kzalloc(5L << 20, GFP_ATOMIC));
        assertEquals("", since(mark), "once");
        assertNull(kernel.panicked());
    }

    // ---------------------------------------------------------------------------------------------------------
    // GFP

    @Test
    void gfpDmaComesFromTheDmaCachesAndZone() {
        long dma = km.kmalloc(100, GFP_KERNEL | GFP_DMA);
        assertEquals("dma-kmalloc-128", kernel.linux().slab().cacheOf(dma).name());
        assertTrue(phys(dma) < VmLayout.DMA_LIMIT, Long.toHexString(phys(dma)));
        long normal = km.kmalloc(100, GFP_KERNEL);
        assertEquals("kmalloc-128", kernel.linux().slab().cacheOf(normal).name());
        assertTrue(phys(normal) >= VmLayout.DMA_LIMIT, "GFP_KERNEL prefers ZONE_NORMAL");
        long big = km.kmalloc(20000, GFP_KERNEL | GFP_DMA);
        assertTrue(phys(big) + 32768 <= VmLayout.DMA_LIMIT);
        km.kfree(dma);
        km.kfree(normal);
        km.kfree(big);
    }

    @Test
    void gfpKernelInInterruptContextIsTheMightSleepBug() {
        long[] atomic = new long[1];
        PageAllocTest.inInterrupt(machine, () -> atomic[0] = km.kmalloc(64, GFP_ATOMIC));
        assertNotEquals(0, atomic[0], "GFP_ATOMIC is fine in an interrupt handler");
        int mark = mark();
        KernelPanic p = assertThrows(KernelPanic.class,
                () -> PageAllocTest.inInterrupt(machine, () -> km.kmalloc(64, GFP_KERNEL)));
        assertTrue(p.getMessage().startsWith("BUG: sleeping function called from invalid context at kernel/linux/Slab.java:"),
                p.getMessage());
        assertTrue(since(mark).contains("in_atomic(): 1, irqs_disabled(): "), since(mark));
    }

    @Test
    void kmallocWithHighmemIsABug() {
        int mark = mark();
        KernelPanic p = assertThrows(KernelPanic.class, () -> km.kmalloc(64, GFP_HIGHUSER));
        assertTrue(since(mark).startsWith("gfp: 2\n------------[ cut here ]------------\nkernel BUG at kernel/linux/Slab.java:"),
                since(mark));
        assertEquals("kmalloc-64: slab memory cannot honour gfp 0x200d2 (__GFP_HIGHMEM or __GFP_DMA32)", p.getMessage());
    }

    /** Takes every page a request that neither sleeps nor uses the reserve can get. */
    private List<Page> exhaustWithNowait() {
        List<Page> held = new ArrayList<>();
        Page p;
        while ((p = kernel.linux().pages().alloc_page(GFP_NOWAIT | __GFP_NOWARN)) != null) {
            held.add(p);
        }
        return held;
    }

    @Test
    void whenMemoryRunsOutGfpNowaitFailsWithSlubsReportAndGfpAtomicUsesTheReserve() {
        exhaustWithNowait();
        int mark = mark();
        assertEquals(0, km.kmalloc(64, GFP_NOWAIT));
        assertEquals("swapper: page allocation failure: order:0, mode:0x0\n"
                + "SLUB: Unable to allocate memory on node -1 (gfp=0x0)\n"
                + "  cache: kmalloc-64, object size: 64, buffer size: 64, default order: 0, min order: 0\n"
                + "  node 0: slabs: 0, objs: 0, free: 0\n", since(mark));
        mark = mark();
        assertEquals(0, km.kmalloc(64, GFP_NOWAIT | __GFP_NOWARN));
        assertEquals("", since(mark));
        assertNotEquals(0, km.kmalloc(64, GFP_ATOMIC), "__GFP_HIGH reaches the reserve");
    }

    @Test
    void aGfpKernelKmallocSleepsUntilMemoryComesBack() {
        List<Page> held = exhaustWithNowait();
        List<String> log = new ArrayList<>();
        kernel.scheduler().spawn("scullc", () -> log.add("got " + (km.kmalloc(64, GFP_KERNEL) != 0)), null);
        kernel.scheduler().yield();
        assertEquals(List.of(), log, "asleep in vmwait");
        kernel.linux().pages().__free_page(held.remove(0));
        kernel.scheduler().yield();
        assertEquals(List.of("got true"), log);
    }

    // ---------------------------------------------------------------------------------------------------------
    // kfree and ksize of what kmalloc did not return

    private void assertKfreeBug(long addr, String message) {
        int mark = mark();
        KernelPanic p = assertThrows(KernelPanic.class, () -> km.kfree(addr));
        assertEquals(message, p.getMessage());
        assertTrue(since(mark).matches("(?s)------------\\[ cut here \\]------------\n"
                + "kernel BUG at kernel/linux/(Kmalloc|Slab)\\.java:\\d+!\npanic: .*"), since(mark));
    }

    @Test
    void kfreeOfAPageFromGetFreePagesIsABug() {
        long page = kernel.linux().pages().__get_free_page(GFP_KERNEL);
        assertKfreeBug(page, String.format("kfree: 0x%08x was not allocated by kmalloc", page));
    }

    @Test
    void kfreeOfFreeBsdMallocMemoryIsABug() {
        long p = kernel.malloc().malloc(64, kernel.malloc().M_DEVBUF, 0x2);
        assertKfreeBug(p, String.format("kfree: 0x%08x was not allocated by kmalloc", p));
    }

    @Test
    void kfreeOfAVmallocAddressIsABug() {
        long v = kernel.linux().vmalloc().vmalloc(4096);
        assertKfreeBug(v, String.format("kfree: 0x%08x was not allocated by kmalloc", v));
    }

    @Test
    void kfreeOfAPointerIntoAnObjectIsABug() {
        long p = km.kmalloc(64, GFP_KERNEL);
        assertKfreeBug(p + 8, String.format("kfree: 0x%08x is not the start of an object of kmalloc-64", p + 8));
    }

    @Test
    void kfreeOfATailPageOfALargeBlockIsABug() {
        long p = km.kmalloc(16384, GFP_KERNEL);
        assertKfreeBug(p + 4096, String.format("kfree: 0x%08x was not allocated by kmalloc", p + 4096));
    }

    @Test
    void aDoubleKfreeIsCaughtOnAnInvariantsKernel() {
        long p = km.kmalloc(64, GFP_KERNEL);
        km.kfree(p);
        KernelPanic e = assertThrows(KernelPanic.class, () -> km.kfree(p));
        assertTrue(e.getMessage().startsWith(String.format("Duplicate free of 0x%x from zone ", p)), e.getMessage());
        assertTrue(e.getMessage().contains("(kmalloc-64)"), e.getMessage());
    }

    @Test
    void ksizeOfNullIsABugAndOfAPlainPageAWarning() {
        long page = kernel.linux().pages().__get_free_page(GFP_KERNEL);
        int mark = mark();
        assertEquals(4096, km.ksize(page));
        assertTrue(since(mark).matches("------------\\[ cut here \\]------------\n"
                + "WARNING: at kernel/linux/Kmalloc\\.java:\\d+ ksize\\(\\)\n"
                + "---\\[ end trace 0000000000000000 ]---\n"), since(mark));
        KernelPanic p = assertThrows(KernelPanic.class, () -> km.ksize(0));
        assertEquals("ksize: NULL pointer", p.getMessage());
    }

    // ---------------------------------------------------------------------------------------------------------
    // krealloc

    @Test
    void kreallocKeepsTheBlockWhileKsizeCoversTheNewSize() {
        long p = km.kmalloc(50, GFP_KERNEL);
        for (int i = 0; i < 64; i += 4) {
            kernel.memory().write32(p + i, 0x1000 + i);
        }
        assertEquals(p, km.krealloc(p, 64, GFP_KERNEL), "64 fits kmalloc-64");
        assertEquals(p, km.krealloc(p, 1, GFP_KERNEL), "krealloc never shrinks");
        long q = km.krealloc(p, 65, GFP_KERNEL);
        assertNotEquals(p, q);
        assertEquals("kmalloc-96", kernel.linux().slab().cacheOf(q).name());
        for (int i = 0; i < 64; i += 4) {
            assertEquals(0x1000 + i, kernel.memory().read32(q + i), "ksize(p) bytes copied");
        }
        assertEquals(0, kernel.linux().slab().cacheOf(p).activeObjs(), "the old block was freed");
        assertEquals(Kmalloc.ZERO_SIZE_PTR, km.krealloc(q, 0, GFP_KERNEL));
        assertEquals(0, kernel.linux().slab().cacheOf(q).activeObjs(), "krealloc(p, 0) frees p");
        long r = km.krealloc(0, 10, GFP_KERNEL);
        assertEquals("kmalloc-16", kernel.linux().slab().cacheOf(r).name(), "krealloc(NULL) is kmalloc");
        long s = km.krealloc(Kmalloc.ZERO_SIZE_PTR, 10, GFP_KERNEL);
        assertNotEquals(Kmalloc.ZERO_SIZE_PTR, s);
        long big = km.krealloc(s, 10000, GFP_KERNEL);
        assertEquals(16384, km.ksize(big));
        assertEquals(big, km.krealloc(big, 16000, GFP_KERNEL));
    }

    @Test
    void aFailedKreallocLeavesTheOldBlockAlone() {
        long p = km.kmalloc(8, GFP_KERNEL);
        kernel.memory().write32(p, 0xCAFE);
        exhaustWithNowait();
        assertEquals(0, km.krealloc(p, 9000, GFP_NOWAIT | __GFP_NOWARN));
        assertEquals(0xCAFE, kernel.memory().read32(p));
        assertEquals(1, kernel.linux().slab().cacheOf(p).activeObjs());
    }

    // ---------------------------------------------------------------------------------------------------------
    // kstrdup

    @Test
    void kstrdupCopiesTheStringAndItsNul() {
        long s = km.kstrdup("scullc", GFP_KERNEL);
        assertEquals("scullc", kernel.memory().readCString(s, 64));
        assertEquals(0, kernel.memory().read8(s + 6));
        assertEquals("kmalloc-8", kernel.linux().slab().cacheOf(s).name(), "7 bytes");
        assertEquals(0, km.kstrdup(null, GFP_KERNEL));
    }

    @Test
    void aNegativeSizeIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> km.kmalloc(-1, GFP_KERNEL));
        assertEquals("kmalloc: size -1 is not a size_t", e.getMessage());
    }
}
