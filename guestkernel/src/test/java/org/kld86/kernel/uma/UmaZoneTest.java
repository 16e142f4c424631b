package org.kld86.kernel.uma;

import static org.junit.jupiter.api.Assertions.*;
import static org.kld86.kernel.malloc.MallocFlags.*;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.kld86.emulator.Machine;
import org.kld86.emulator.MachineConfig;
import org.kld86.kernel.Kernel;
import org.kld86.kernel.KernelOptions;
import org.kld86.kernel.KernelPanic;
import org.kld86.kernel.proc.KThread;
import org.kld86.kernel.vm.PageDescriptors;

/**
 * zone(9) behaviour. Expected counts follow FreeBSD's geometry for a 4 KiB page and an INVARIANTS slab header of
 * 88 bytes: a 256-byte item gives 15 items a slab ((4096 - 88) / 256) and buckets of 61 items ("64 Bucket", since
 * bucket_select picks the last bucket zone whose maximum item size is at least 256).
 */
class UmaZoneTest {

    private final List<Kernel> kernels = new ArrayList<>();
    private Kernel kernel = boot(KernelOptions.defaults());
    private Uma uma = kernel.malloc().uma();
    private final int[] calls = new int[4]; // ctor, dtor, init, fini

    private Kernel boot(KernelOptions options) {
        Kernel k = Kernel.boot(new Machine(MachineConfig.builder().ram("64M").clearDevices().build()), options);
        kernels.add(k);
        return k;
    }

    @AfterEach
    void tearDown() {
        kernels.forEach(Kernel::shutdown);
    }

    /** Replaces the test's kernel by a production one (INVARIANTS off). */
    private void rebootWithoutInvariants() {
        kernel.shutdown();
        kernel = boot(KernelOptions.defaults().withInvariants(false));
        uma = kernel.malloc().uma();
    }

    /** A zone with no hooks of its own. */
    private UmaZone plain(String name, int size) {
        return uma.zcreate(name, size, null, null, null, null, Uma.UMA_ALIGN_PTR, 0);
    }

    /** {@code call} on the destroyed zone {@code z} panics as {@code fn}'s checkAlive does. */
    private static void assertRefusedAsDestroyed(String fn, UmaZone z, org.junit.jupiter.api.function.Executable call) {
        KernelPanic e = assertThrows(KernelPanic.class, call);
        assertEquals(String.format("%s: zone %s(0x%x) has been destroyed", fn, z.name(), z.va()), e.getMessage());
    }

    private UmaZone counted(String name, int size) {
        return uma.zcreate(name, size, (item, sz, arg, fl) -> {
            calls[0]++;
            return 0;
        }, (item, sz, arg) -> calls[1]++, (item, sz, fl) -> {
            calls[2]++;
            return 0;
        }, (item, sz) -> calls[3]++, Uma.UMA_ALIGN_PTR, 0);
    }

    @Test
    void ctorAndDtorRunOnEveryAllocAndFreeInitAndFiniOnlyWhenItemsEnterOrLeaveTheKeg() {
        UmaZone z = counted("counted", 256);
        long item = z.alloc(M_WAITOK);
        // The first allocation fills a bucket of 61 items: five slabs of 15 pass through init.
        assertArrayEquals(new int[] {1, 0, 75, 0}, calls);
        z.free(item);
        assertArrayEquals(new int[] {1, 1, 75, 0}, calls);
        assertEquals(item, z.alloc(M_WAITOK), "from the cache, last freed first");
        assertArrayEquals(new int[] {2, 1, 75, 0}, calls, "no init for a cached item");
        z.free(item);
        uma.reclaim();
        assertArrayEquals(new int[] {2, 2, 75, 75}, calls, "the slabs left the keg");
        assertEquals(0, z.keg().pages());
    }

    @Test
    void theCountersSeeCachesAndSlabs() {
        UmaZone z = counted("stats", 256);
        long a = z.alloc(M_WAITOK);
        assertEquals(1, z.used());
        assertEquals(1, z.requests());
        assertEquals(60 + 14, z.freeItems(), "60 in the bucket, 14 left in the fifth slab");
        assertEquals(61, z.bucketItems());
        z.free(a);
        assertEquals(0, z.used());
        assertEquals(75, z.freeItems());
        assertEquals(1, z.requests());
    }

    @Test
    void aFailingCtorFailsTheAllocationAndGivesTheItemBack() {
        UmaZone z = uma.zcreate("picky", 64, (item, sz, arg, fl) -> 1, null, null, null, Uma.UMA_ALIGN_PTR, 0);
        assertEquals(0, z.alloc(M_WAITOK));
        assertEquals(1, z.fails());
        assertEquals(0, z.used());
    }

    @Test
    void aFailingInitGivesTheSlabBackAndFailsTheRequest() {
        int[] fini = {0};
        UmaZone z = uma.zcreate("noinit", 64, null, null, (item, sz, fl) -> 1, (item, sz) -> fini[0]++,
                Uma.UMA_ALIGN_PTR, 0);
        assertEquals(0, z.alloc(M_NOWAIT));
        assertEquals(0, z.keg().pages());
        assertEquals(0, fini[0], "no item was initialised");
        assertEquals(1, z.fails());
    }

    @Test
    void theArgumentReachesCtorAndDtor() {
        List<Object> seen = new ArrayList<>();
        UmaZone z = uma.zcreate("args", 32, (item, sz, arg, fl) -> {
            seen.add(arg);
            return 0;
        }, (item, sz, arg) -> seen.add(arg), null, null, Uma.UMA_ALIGN_PTR, 0);
        long item = z.allocArg("in", M_WAITOK);
        z.freeArg(item, "out");
        assertEquals(List.of("in", "out"), seen);
    }

    @Test
    void mZeroZeroesAfterTheConstructor() {
        UmaZone z = uma.zcreate("zeroed", 64, (item, sz, arg, fl) -> {
            kernel.memory().fill(item, sz, 0xFF);
            return 0;
        }, null, null, null, Uma.UMA_ALIGN_PTR, 0);
        long item = z.alloc(M_WAITOK | M_ZERO);
        byte[] buf = new byte[64];
        kernel.memory().read(item, buf, 0, 64);
        assertArrayEquals(new byte[64], buf);
        assertEquals(0xFFFFFFFF, kernel.memory().read32(z.alloc(M_WAITOK)), "the ctor's work without M_ZERO");
    }

    @Test
    void uzfreeOfNullDoesNothing() {
        UmaZone z = counted("null", 64);
        z.free(0);
        assertEquals(0, calls[1]);
        assertEquals(0, z.requests());
    }

    @Test
    void mNovmNeverAsksForPages() {
        UmaZone z = counted("novm", 64);
        assertEquals(0, z.alloc(M_NOWAIT | M_NOVM));
        assertEquals(0, z.keg().pages());
    }

    // ---------------------------------------------------------------------------------------------------------
    // Limits

    @Test
    void setMaxRoundsUpToWholeSlabs() {
        UmaZone z = counted("max", 256);
        assertEquals(30, z.setMax(20));
        assertEquals(30, z.max());
        assertEquals(15, z.setMax(15));
        assertEquals(15, z.setMax(1));
        assertEquals(0, z.setMax(0), "no limit");
        assertEquals(0, z.limit());
    }

    @Test
    void aZoneAtItsLimitFailsNowaitAndSleepsWaitokUntilAnItemIsFreed() {
        atItsLimit(counted("limited", 256));
    }

    @Test
    void withoutInvariantsAPlainZoneAtItsLimitWakesTheSleeperAtTheNextFreeToo() {
        rebootWithoutInvariants();
        UmaZone z = plain("limited", 256);
        assertEquals(15, z.keg().itemsPerSlab(), "a 56-byte header: still 15 items a slab");
        atItsLimit(z);
    }

    private void atItsLimit(UmaZone z) {
        z.setMax(15);
        List<Long> items = new ArrayList<>();
        for (int i = 0; i < 15; i++) {
            items.add(z.alloc(M_WAITOK));
        }
        assertEquals(15, z.cur());
        assertEquals(0, z.alloc(M_NOWAIT));
        assertEquals(1, z.fails());
        long[] got = {-1};
        KThread waiter = kernel.scheduler().spawn("waiter", () -> got[0] = z.alloc(M_WAITOK), null);
        kernel.scheduler().yield();
        assertEquals(-1, got[0]);
        assertEquals("keglimit", waiter.wmesg());
        assertEquals(1, z.sleeps());
        z.free(items.get(7));
        kernel.scheduler().yield();
        assertEquals(items.get(7), got[0], "the freed item");
        assertEquals(15, z.cur());
        assertEquals(1, z.fails());
        assertEquals(1, z.sleeps());
    }

    @Test
    void preallocFillsTheKegWithWholeSlabs() {
        UmaZone z = counted("pre", 256);
        z.prealloc(100);
        assertEquals(7, z.keg().pages());
        assertEquals(105, z.keg().freeItems());
        assertEquals(105, z.freeItems());
        assertEquals(105, calls[2]);
        assertEquals(0, z.requests());
    }

    // ---------------------------------------------------------------------------------------------------------
    // Without INVARIANTS

    @Test
    void withoutInvariantsTheCacheStillRunsCtorAndDtorZeroesAndIgnoresNull() {
        rebootWithoutInvariants();
        UmaZone z = counted("counted", 256);
        for (int i = 0; i < 2; i++) {
            z.free(z.alloc(M_WAITOK));
        }
        assertArrayEquals(new int[] {2, 2, 75, 0}, calls, "the hooks on every trip through the cache");
        UmaZone plain = plain("plain", 64);
        long p = plain.alloc(M_WAITOK);
        kernel.memory().fill(p, 64, 0x5A);
        plain.free(p);
        plain.free(0);
        assertEquals(p, plain.alloc(M_WAITOK | M_ZERO), "NULL never entered the cache");
        assertEquals(0, kernel.memory().read32(p + 60), "M_ZERO zeroes a cached item");
        assertEquals(1, plain.used());
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void withoutInvariantsADestroyedZoneRefusesAllocationsAndFrees(boolean free) {
        rebootWithoutInvariants();
        UmaZone z = plain("gone", 64);
        long held = z.alloc(M_WAITOK);
        z.free(z.alloc(M_WAITOK));
        uma.zdestroy(z);
        if (free) {
            assertRefusedAsDestroyed("uma_zfree_arg", z, () -> z.free(held));
        } else {
            assertRefusedAsDestroyed("uma_zalloc_arg", z, () -> z.alloc(M_WAITOK));
        }
    }

    @Test
    void withoutInvariantsADoubleFreeIsCaughtWhenTheItemReachesItsSlab() {
        rebootWithoutInvariants();
        UmaZone z = plain("df", 64);
        long item = z.alloc(M_WAITOK);
        z.free(item);
        z.free(item); // into the cache twice, as FreeBSD would let it
        KernelPanic p = assertThrows(KernelPanic.class, uma::reclaim);
        assertTrue(p.getMessage().startsWith(String.format("Duplicate free of 0x%x from zone 0x%x(df) slab", item,
                z.va())), p.getMessage());
    }

    // ---------------------------------------------------------------------------------------------------------
    // Destruction

    @Test
    void destroyingAZoneThatStillHasItemsComplainsAndLosesTheirPagesSafely() {
        uma.reclaim();
        long free = kernel.vm().allocator().totalFreePages();
        UmaZone z = uma.zcreate("leaky_zone", 100, null, null, null, null, Uma.UMA_ALIGN_PTR, 0);
        long a = z.alloc(M_WAITOK);
        z.alloc(M_WAITOK);
        z.alloc(M_WAITOK);
        int mark = kernel.console().dmesg().length();
        uma.zdestroy(z);
        // 40 items a slab, a 125-item bucket: the three items handed out came from the fourth slab.
        assertEquals("Freed UMA keg (leaky_zone) was not empty (3 items).  Lost 1 pages of memory.\n",
                kernel.console().dmesg().substring(mark));
        uma.reclaim();
        assertEquals(free - 1, kernel.vm().allocator().totalFreePages(), "one page is lost, no more");
        int pfn = kernel.vm().virtToPfn(a);
        assertTrue(kernel.vm().pages().hasFlag(pfn, PageDescriptors.PG_SLAB), "and nobody else gets it");
        assertNull(uma.zone("leaky_zone"));
        assertRefusedAsDestroyed("uma_zalloc_arg", z, () -> z.alloc(M_WAITOK));
    }

    @Test
    void destroyingAnEmptyZoneGivesEverythingBack() {
        uma.reclaim();
        long free = kernel.vm().allocator().totalFreePages();
        long kegs = uma.kegsZone().used();
        long zones = uma.zonesZone().used();
        UmaZone z = counted("tidy", 256);
        assertEquals(kegs + 1, uma.kegsZone().used());
        assertEquals(zones + 1, uma.zonesZone().used());
        z.free(z.alloc(M_WAITOK));
        int mark = kernel.console().dmesg().length();
        uma.zdestroy(z);
        assertEquals("", kernel.console().dmesg().substring(mark));
        assertEquals(75, calls[3], "every item went through fini");
        assertEquals(kegs, uma.kegsZone().used());
        assertEquals(zones, uma.zonesZone().used());
        uma.reclaim();
        assertEquals(free, kernel.vm().allocator().totalFreePages());
    }
}
