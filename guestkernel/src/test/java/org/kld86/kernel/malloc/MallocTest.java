package org.kld86.kernel.malloc;

import static org.junit.jupiter.api.Assertions.*;
import static org.kld86.kernel.malloc.MallocFlags.*;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.kld86.emulator.Machine;
import org.kld86.emulator.MachineConfig;
import org.kld86.emulator.cpu.InterruptController;
import org.kld86.kernel.Kernel;
import org.kld86.kernel.KernelOptions;
import org.kld86.kernel.KernelPanic;
import org.kld86.kernel.sysctl.Sysctl;
import org.kld86.kernel.uma.Trash;
import org.kld86.kernel.uma.Uma;
import org.kld86.kernel.uma.UmaZone;
import org.kld86.kernel.vm.PageDescriptors;
import org.kld86.kernel.vm.PageRequests;
import org.kld86.kernel.vm.VmLayout;
import org.kld86.kernel.vm.Zone;

class MallocTest {

    private final List<Kernel> kernels = new ArrayList<>();
    private Kernel kernel = boot("64M", KernelOptions.defaults());
    private Malloc malloc = kernel.malloc();
    private final MallocType echo = malloc.define("echo_buffer", "buffer for echo driver");

    private Kernel boot(String ram, KernelOptions options) {
        Machine m = new Machine(MachineConfig.builder().ram(ram).clearDevices().build());
        Kernel k = Kernel.boot(m, options);
        kernels.add(k);
        return k;
    }

    /** Replaces the test's kernel by one booted with other options or RAM. */
    private void reboot(String ram, KernelOptions options) {
        kernel.shutdown();
        kernel = boot(ram, options);
        malloc = kernel.malloc();
    }

    @AfterEach
    void tearDown() {
        for (Kernel k : kernels) {
            k.shutdown();
        }
    }

    private String dmesgSince(int mark) {
        return kernel.console().dmesg().substring(mark);
    }

    // ---------------------------------------------------------------------------------------------------------
    // Boot

    @Test
    void theKernelBootsWithMallocAndItsOwnThreeTypes() {
        assertSame(malloc, kernel.malloc());
        List<String> names = malloc.types().stream().map(MallocType::shortdesc).toList();
        assertEquals(List.of("cache", "devbuf", "temp", "echo_buffer"), names, "oldest first");
        assertEquals(4, ((Sysctl.LongNode) kernel.sysctl().lookup("kern.malloc_count")).getter().getAsLong());
    }

    // ---------------------------------------------------------------------------------------------------------
    // Checklist 2: rounding and routing

    @Test
    void requestsRoundToSixteenThenToThePowerOfTwoZone() {
        long[][] cases = {{0, 16}, {1, 16}, {16, 16}, {17, 32}, {33, 64}, {100, 128}, {129, 256}, {260, 512},
            {513, 1024}, {2048, 2048}, {2049, 4096}, {4096, 4096}};
        for (long[] c : cases) {
            long p = malloc.malloc(c[0], echo, M_WAITOK);
            assertNotEquals(0, p, "malloc(" + c[0] + ")");
            assertEquals(c[1], malloc.mallocUsableSize(p), "malloc(" + c[0] + ")");
            assertEquals(Long.toString(c[1]), malloc.zoneFor(c[0]).name());
            malloc.free(p, echo);
        }
    }

    @Test
    void mallocZeroIsASixteenByteItemNotAPanic() {
        long p = malloc.malloc(0, echo, M_WAITOK);
        assertNotEquals(0, p);
        assertEquals(16, malloc.mallocUsableSize(p));
        assertEquals(1, echo.sizeMask(), "zone 0, the 16-byte one");
    }

    @Test
    void onAMachineOfAtMost128MiBRequestsOverAPageArePageRoundedLargeAllocations() {
        assertEquals(VmLayout.PAGE_SIZE, malloc.kmemZmax());
        assertEquals(4096L, ((Sysctl.LongNode) kernel.sysctl().lookup("vm.kmem_zmax")).getter().getAsLong());
        long p = malloc.malloc(5000, echo, M_WAITOK);
        assertEquals(8192, malloc.mallocUsableSize(p));
        assertTrue(kernel.vm().kmemArena().contains(p), "large allocations live in the kmem arena");
        assertEquals(8192, echo.memalloced());
        assertEquals(0, echo.sizeMask(), "a large allocation uses no zone");
        long size = sysctl("vm.kmem_size");
        long mapSize = sysctl("vm.kmem_map_size");
        assertEquals(kernel.vm().kmemArena().end() - kernel.vm().kmemArena().start(), size);
        assertEquals(size, mapSize + sysctl("vm.kmem_map_free"));
        malloc.free(p, echo);
        assertEquals(mapSize - 8192, sysctl("vm.kmem_map_size"), "the free gave the arena its two pages back");
        reboot("128M", KernelOptions.defaults());
        assertEquals(4096, malloc.kmemZmax(), "exactly 128 MiB is still a small machine");
    }

    @Test
    void onALargerMachineTheZonesGoUpTo65536() {
        reboot("256M", KernelOptions.defaults());
        assertEquals(65536, malloc.kmemZmax());
        MallocType t = malloc.define("big", "big");
        long p = malloc.malloc(5000, t, M_WAITOK);
        assertEquals(8192, malloc.mallocUsableSize(p));
        assertTrue(kernel.vm().layout().isDirectMapped(p), "a zone item");
        assertEquals(1 << 9, t.sizeMask(), "zone 9 is 8192");
        long q = malloc.malloc(65537, t, M_WAITOK);
        assertEquals(69632, malloc.mallocUsableSize(q), "17 pages");
    }

    // ---------------------------------------------------------------------------------------------------------
    // Checklist 3: statistics count rounded sizes

    @Test
    void statisticsCountWhatWasHandedOut() {
        long a = malloc.malloc(1, echo, M_WAITOK);
        long b = malloc.malloc(260, echo, M_WAITOK);
        assertEquals(16 + 512, echo.memalloced());
        assertEquals(2, echo.numallocs());
        assertEquals((1 << 0) | (1 << 5), echo.sizeMask());
        malloc.free(a, echo);
        assertEquals(16, echo.memfreed());
        assertEquals(1, echo.inUse());
        assertEquals(512, echo.bytesInUse());
        malloc.free(b, echo);
        assertEquals(2, echo.numallocs(), "Requests never go down");
        assertEquals(0, echo.inUse());
    }

    // ---------------------------------------------------------------------------------------------------------
    // Checklist 4: free(NULL) and unknown addresses

    @Test
    void freeOfNullDoesNothing() {
        malloc.free(0, echo);
        malloc.zfree(0, echo);
        assertEquals(0, echo.numfrees());
    }

    @Test
    void freeingAnAddressMallocDidNotHandOutPanicsWithTheAddressAndItsPage() {
        long image = VmLayout.PAGE_OFFSET + VmLayout.KERNEL_LOAD_PA + 0x123;
        KernelPanic p = assertThrows(KernelPanic.class, () -> malloc.free(image, echo));
        assertEquals("free: address 0xc0400123(0xc0400000) has not been allocated.", p.getMessage());
    }

    @Test
    void freeingAUserAddressPanicsToo() {
        KernelPanic p = assertThrows(KernelPanic.class, () -> malloc.free(0x0804_8010L, echo));
        assertEquals("free: address 0x8048010(0x8048000) has not been allocated.", p.getMessage());
    }

    @Test
    void freeingAnItemOfAnOrdinaryZonePanicsAsFreeBsdFindsNoMallocSlabThere() {
        var zone = malloc.uma().zcreate("plain", 64, null, null, null, null, 3, 0);
        long item = zone.alloc(M_WAITOK);
        KernelPanic p = assertThrows(KernelPanic.class, () -> malloc.free(item, echo));
        assertTrue(p.getMessage().startsWith("free: address 0x" + Long.toHexString(item)), p.getMessage());
    }

    @Test
    void withoutInvariantsFreeRefusesTheSameAddressesAndTypes() {
        reboot("64M", KernelOptions.defaults().withInvariants(false));
        MallocType t = malloc.define("plain_type", "plain");
        malloc.free(0, t);
        long image = VmLayout.PAGE_OFFSET + VmLayout.KERNEL_LOAD_PA + 0x123;
        KernelPanic p = assertThrows(KernelPanic.class, () -> malloc.free(image, t));
        assertEquals("free: address 0xc0400123(0xc0400000) has not been allocated.", p.getMessage());
        reboot("64M", KernelOptions.defaults().withInvariants(false));
        long item = malloc.uma().zcreate("plain", 64, null, null, null, null, 3, 0).alloc(M_WAITOK);
        p = assertThrows(KernelPanic.class, () -> malloc.free(item, malloc.M_TEMP));
        assertTrue(p.getMessage().startsWith("free: address 0x" + Long.toHexString(item)), p.getMessage());
        reboot("64M", KernelOptions.defaults().withInvariants(false));
        long k = kernel.linux().kmalloc().kmalloc(64, org.kld86.kernel.linux.Gfp.GFP_KERNEL);
        p = assertThrows(KernelPanic.class, () -> malloc.free(k, malloc.M_TEMP));
        assertTrue(p.getMessage().startsWith("free: address 0x" + Long.toHexString(k)), p.getMessage());
        reboot("64M", KernelOptions.defaults().withInvariants(false));
        MallocType gone = malloc.define("gone", "gone");
        long q = malloc.malloc(64, gone, M_WAITOK);
        malloc.uninit(gone);
        p = assertThrows(KernelPanic.class, () -> malloc.free(q, gone));
        assertEquals("free: malloc type gone is not registered", p.getMessage());
        assertThrows(IllegalArgumentException.class, () -> malloc.free(q, null));
        UmaZone z = malloc.zoneFor(64);
        long frees = z.requests() - z.used();
        long free = z.freeItems();
        malloc.free(q, malloc.M_TEMP);
        assertEquals(1, malloc.M_TEMP.numfrees());
        assertEquals(64, malloc.M_TEMP.memfreed());
        assertEquals(frees + 1, z.requests() - z.used());
        assertEquals(free + 1, z.freeItems(), "into the zone's cache");
    }

    @Test
    void doubleFreeUnderInvariantsIsUmasDuplicateFree() {
        long p = malloc.malloc(64, echo, M_WAITOK);
        malloc.free(p, echo);
        KernelPanic e = assertThrows(KernelPanic.class, () -> malloc.free(p, echo));
        assertTrue(e.getMessage().startsWith(String.format("Duplicate free of 0x%x from zone 0x%x(64) slab 0x", p,
                malloc.zoneFor(64).va())), e.getMessage());
    }

    // ---------------------------------------------------------------------------------------------------------
    // Checklist 5: flags

    @Test
    void neitherOrBothWaitFlagsPrintBadMallocFlagsOnceAndActAsWaitok() {
        int mark = kernel.console().dmesg().length();
        long a = malloc.malloc(32, echo, 0);
        long b = malloc.malloc(32, echo, M_WAITOK | M_NOWAIT);
        long c = malloc.malloc(32, echo, M_ZERO);
        assertNotEquals(0, a);
        assertNotEquals(0, b);
        assertNotEquals(0, c);
        assertEquals("Bad malloc flags: 0\n", dmesgSince(mark), "printed once, for the first call");
        assertEquals(0, kernel.memory().read32(c), "M_ZERO still applies");
    }

    @Test
    void bothFlagsAreReportedWithTheirValue() {
        int mark = kernel.console().dmesg().length();
        malloc.malloc(32, echo, M_WAITOK | M_NOWAIT);
        assertEquals("Bad malloc flags: 3\n", dmesgSince(mark));
    }

    @Test
    void withoutInvariantsBadFlagsAreNotChecked() {
        reboot("64M", KernelOptions.defaults().withInvariants(false));
        int mark = kernel.console().dmesg().length();
        assertNotEquals(0, malloc.malloc(32, malloc.M_TEMP, 0));
        assertEquals("", dmesgSince(mark));
    }

    /** Runs {@code body} as the handler of vector 0x40, delivered once at the next safepoint. */
    private void inInterrupt(Runnable body) {
        kernel.machine().cpu().setGate(0x40, (v, e) -> body.run());
        kernel.machine().cpu().setInterruptController(new InterruptController() {
            boolean pending = true;

            @Override
            public boolean intr() {
                return pending;
            }

            @Override
            public int acknowledge() {
                pending = false;
                return 0x40;
            }
        });
        kernel.machine().cpu().safepoint(1);
    }

    @Test
    void mWaitokInInterruptContextPanics() {
        KernelPanic p = assertThrows(KernelPanic.class, () -> inInterrupt(() -> malloc.malloc(16, echo, M_WAITOK)));
        assertEquals("malloc(M_WAITOK) in interrupt context", p.getMessage());
    }

    @Test
    void mNowaitInInterruptContextIsFine() {
        long[] got = new long[1];
        inInterrupt(() -> got[0] = malloc.malloc(16, echo, M_NOWAIT));
        assertNotEquals(0, got[0]);
    }

    @Test
    void mWaitokNeverReturnsNullItSleepsUntilMemoryIsFreed() {
        malloc.uma().reclaim();
        PageRequests pr = kernel.pageRequests();
        List<Integer> held = new ArrayList<>();
        int pfn;
        while ((pfn = pr.allocPages(0, Zone.NORMAL, PageRequests.NOWARN)) != PageDescriptors.NO_PFN) {
            held.add(pfn);
        }
        assertEquals(0, malloc.malloc(64, echo, M_NOWAIT), "no page for a slab without sleeping");
        long[] got = {-1};
        kernel.scheduler().spawn("waiter", () -> got[0] = malloc.malloc(64, echo, M_WAITOK), null);
        kernel.scheduler().yield();
        assertEquals(-1, got[0], "the waiter sleeps in vmwait");
        assertEquals(1, pr.waits());
        pr.freePages(held.remove(0), 0);
        kernel.scheduler().yield();
        assertNotEquals(-1, got[0]);
        assertNotEquals(0, got[0]);
    }

    @Test
    void mUseReserveDipsIntoTheReserveWhereAnOrdinaryRequestFails() {
        malloc.uma().reclaim();
        PageRequests pr = kernel.pageRequests();
        while (pr.allocPages(0, Zone.NORMAL, PageRequests.NOWARN) != PageDescriptors.NO_PFN) {
            // take every page an ordinary request can get
        }
        assertEquals(0, malloc.malloc(64, echo, M_NOWAIT));
        assertNotEquals(0, malloc.malloc(64, echo, M_NOWAIT | M_USE_RESERVE));
    }

    @Test
    void otherFlagsAreAccepted() {
        for (int f : new int[] {M_NODUMP, M_EXEC, M_FIRSTFIT, M_BESTFIT}) {
            assertNotEquals(0, malloc.malloc(100, echo, M_WAITOK | f));
        }
    }

    @Test
    void mNovmTakesOnlyWhatTheCachesHold() {
        MallocType t = malloc.define("novm", "novm");
        assertEquals(0, malloc.malloc(3000, t, M_NOWAIT | M_NOVM), "the 4096 zone holds nothing yet");
        long p = malloc.malloc(3000, t, M_WAITOK);
        malloc.free(p, t);
        assertEquals(p, malloc.malloc(3000, t, M_NOWAIT | M_NOVM), "the freed item is cached");
    }

    @Test
    void mZeroZeroesTheWholeItem() {
        long p = malloc.malloc(100, echo, M_WAITOK | M_ZERO);
        byte[] buf = new byte[128];
        kernel.memory().read(p, buf, 0, buf.length);
        assertArrayEquals(new byte[128], buf);
    }

    // ---------------------------------------------------------------------------------------------------------
    // Checklist 6: realloc

    @Test
    void reallocKeepsTheBlockWhileTheNewSizeFillsMoreThanHalfOfIt() {
        long p = malloc.malloc(100, echo, M_WAITOK); // a 128-byte block
        assertEquals(p, malloc.realloc(p, 128, echo, M_WAITOK));
        assertEquals(p, malloc.realloc(p, 65, echo, M_WAITOK));
        assertEquals(1, echo.numallocs(), "no new block");
    }

    @Test
    void reallocMovesToASmallerBlockAtHalfOrLessAndCopiesTheNewSize() {
        long p = malloc.malloc(100, echo, M_WAITOK);
        for (int i = 0; i < 128; i++) {
            kernel.memory().write8(p + i, i);
        }
        long q = malloc.realloc(p, 64, echo, M_WAITOK);
        assertNotEquals(p, q);
        assertEquals(64, malloc.mallocUsableSize(q));
        for (int i = 0; i < 64; i++) {
            assertEquals(i, kernel.memory().read8(q + i));
        }
        assertEquals(2, echo.numallocs());
        assertEquals(1, echo.numfrees(), "the old block was freed");
    }

    @Test
    void reallocGrowsIntoANewBlockCopyingTheOldSize() {
        long p = malloc.malloc(100, echo, M_WAITOK);
        for (int i = 0; i < 128; i++) {
            kernel.memory().write8(p + i, 0xA0 ^ i);
        }
        long q = malloc.realloc(p, 129, echo, M_WAITOK);
        assertEquals(256, malloc.mallocUsableSize(q));
        for (int i = 0; i < 128; i++) {
            assertEquals(0xA0 ^ i, kernel.memory().read8(q + i));
        }
    }

    @Test
    void reallocToZeroGivesANewSixteenByteBlockUnlessTheBlockIsSixteenBytes() {
        long p = malloc.malloc(100, echo, M_WAITOK);
        long q = malloc.realloc(p, 0, echo, M_WAITOK);
        assertNotEquals(p, q);
        assertEquals(16, malloc.mallocUsableSize(q));
        assertEquals(q, malloc.realloc(q, 0, echo, M_WAITOK), "alloc == MINALLOCSIZE keeps it");
        assertEquals(q, malloc.realloc(q, 1, echo, M_WAITOK));
        assertEquals(q, malloc.realloc(q, 8, echo, M_WAITOK), "8 is not more than half of 16, but 16 is kept");
    }

    @Test
    void reallocOfNullIsMalloc() {
        long p = malloc.realloc(0, 50, echo, M_WAITOK);
        assertNotEquals(0, p);
        assertEquals(64, malloc.mallocUsableSize(p));
        assertEquals(1, echo.numallocs());
    }

    @Test
    void mZeroOnlyAffectsNewlyAllocatedBlocks() {
        long p = malloc.malloc(100, echo, M_WAITOK);
        kernel.memory().write32(p, 0x12345678);
        assertEquals(p, malloc.realloc(p, 120, echo, M_WAITOK | M_ZERO));
        assertEquals(0x12345678, kernel.memory().read32(p), "a kept block is not zeroed");
        long q = malloc.realloc(p, 200, echo, M_WAITOK | M_ZERO);
        assertEquals(0x12345678, kernel.memory().read32(q), "copied");
        assertEquals(0, kernel.memory().read32(q + 128), "the new tail is zero");
    }

    @Test
    void reallocOfAnUnknownAddressPanics() {
        KernelPanic p = assertThrows(KernelPanic.class, () -> malloc.realloc(0xc0400010L, 8, echo, M_WAITOK));
        assertEquals("realloc: address 0xc0400010 out of range", p.getMessage());
    }

    private void setFailureRate(long n) {
        ((Sysctl.LongNode) kernel.sysctl().lookup("debug.malloc.failure_rate")).setter().accept(n);
    }

    @Test
    void aFailedReallocReturnsNullAndLeavesTheOldBlockIntact() {
        reboot("64M", KernelOptions.defaults().withMallocMakeFailures(true));
        MallocType t = malloc.define("re", "re");
        long p = malloc.malloc(100, t, M_WAITOK);
        kernel.memory().write32(p, 0xCAFEF00D);
        setFailureRate(1);
        assertEquals(0, malloc.realloc(p, 1000, t, M_NOWAIT));
        assertEquals(0xCAFEF00D, kernel.memory().read32(p));
        assertEquals(128, malloc.mallocUsableSize(p), "still allocated");
        assertEquals(0, t.numfrees());
        malloc.free(p, t);
    }

    @Test
    void reallocfFreesTheOldBlockWhenItFails() {
        reboot("64M", KernelOptions.defaults().withMallocMakeFailures(true));
        MallocType t = malloc.define("ref", "ref");
        long p = malloc.malloc(100, t, M_WAITOK);
        setFailureRate(1);
        assertEquals(0, malloc.reallocf(p, 1000, t, M_NOWAIT));
        assertEquals(1, t.numfrees());
        assertEquals(0, t.inUse());
    }

    @Test
    void reallocfThatSucceedsIsRealloc() {
        long p = malloc.malloc(100, echo, M_WAITOK);
        long q = malloc.reallocf(p, 1000, echo, M_WAITOK);
        assertEquals(1024, malloc.mallocUsableSize(q));
        assertEquals(1, echo.inUse());
    }

    // ---------------------------------------------------------------------------------------------------------
    // Checklist 7: mallocarray

    @Test
    void mallocarrayMultiplies() {
        long p = malloc.mallocarray(10, 26, echo, M_WAITOK);
        assertEquals(512, malloc.mallocUsableSize(p));
    }

    @Test
    void mallocarrayOverflowPanicsWithTheNumbers() {
        KernelPanic p = assertThrows(KernelPanic.class, () -> malloc.mallocarray(65536, 65536, echo, M_WAITOK));
        assertEquals("mallocarray: 65536 * 65536 overflowed", p.getMessage());
    }

    @Test
    void mallocarrayAtTheLimitDoesNotPanicButCannotBeHadWithoutWaiting() {
        assertEquals(0, malloc.mallocarray(65535, 65537, echo, M_NOWAIT), "4 GiB - 1 fits a size_t, not the arena");
        assertEquals(16, malloc.mallocUsableSize(malloc.mallocarray(0, 0xFFFF_FFFFL, echo, M_WAITOK)), "malloc(0)");
    }

    // ---------------------------------------------------------------------------------------------------------
    // Checklist 8: the leak warning

    @Test
    void uninitOfATypeThatStillHoldsMemoryPrintsTheLeakWarning() {
        MallocType t = malloc.define("debugfsint", "leaky");
        malloc.malloc(40, t, M_WAITOK);
        malloc.malloc(10, t, M_WAITOK);
        int mark = kernel.console().dmesg().length();
        malloc.uninit(t);
        assertEquals("Warning: memory type debugfsint leaked memory on destroy (2 allocations, 80 bytes leaked).\n",
                dmesgSince(mark));
        assertFalse(t.registered());
        assertEquals(4, malloc.types().size());
    }

    @Test
    void uninitOfATypeThatFreedEverythingIsSilent() {
        MallocType t = malloc.define("tidy", "tidy");
        malloc.free(malloc.malloc(40, t, M_WAITOK), t);
        int mark = kernel.console().dmesg().length();
        malloc.uninit(t);
        assertEquals("", dmesgSince(mark));
    }

    @Test
    void aContigmallocLeakCountsItsPages() {
        MallocType t = malloc.define("dma", "dma");
        malloc.contigmalloc(260, t, M_WAITOK, 0, 0xffffffffL, VmLayout.PAGE_SIZE, 1 << 20);
        int mark = kernel.console().dmesg().length();
        malloc.uninit(t);
        assertEquals("Warning: memory type dma leaked memory on destroy (1 allocations, 4096 bytes leaked).\n",
                dmesgSince(mark));
    }

    @Test
    void usingATypeAfterUninitPanics() {
        MallocType t = malloc.define("gone", "gone");
        malloc.uninit(t);
        KernelPanic p = assertThrows(KernelPanic.class, () -> malloc.malloc(16, t, M_WAITOK));
        assertEquals("malloc: malloc type gone is not registered", p.getMessage());
    }

    @Test
    void uninitOfATypeNotRegisteredIsFreeBsdsKassert() {
        KernelPanic p = assertThrows(KernelPanic.class, () -> malloc.uninit(new MallocType("never", "never")));
        assertEquals("malloc_deregister: cookie NULL", p.getMessage());
    }

    @Test
    void aTypeWithABadMagicIsRefused() {
        KernelPanic p = assertThrows(KernelPanic.class, () -> malloc.init(new MallocType("bad", "bad", 42)));
        assertEquals("malloc_init: bad malloc type magic", p.getMessage());
    }

    @Test
    void mallocWithABadMagicPanicsUnderInvariants() {
        KernelPanic p = assertThrows(KernelPanic.class,
                () -> malloc.malloc(16, new MallocType("bad", "bad", 42), M_WAITOK));
        assertEquals("malloc: bad malloc type magic", p.getMessage());
    }

    // ---------------------------------------------------------------------------------------------------------
    // Checklist 9: INVARIANTS junk

    @Test
    void newMemoryHoldsJunkWordsAndTheLastWordIsTheFreeingType() {
        long p = malloc.malloc(32, echo, M_WAITOK);
        for (int off = 0; off < 28; off += 4) {
            assertEquals(Trash.JUNK, kernel.memory().read32(p + off), "word at " + off);
        }
        assertEquals(0, kernel.memory().read32(p + 28), "never freed: no type yet");
        malloc.free(p, echo);
        for (int off = 0; off < 28; off += 4) {
            assertEquals(Trash.JUNK, kernel.memory().read32(p + off));
        }
        assertNotEquals(0, kernel.memory().read32(p + 28), "the type that freed it");
        assertEquals(p, malloc.malloc(32, malloc.M_TEMP, M_WAITOK), "last freed, first reused");
    }

    @Test
    void aWriteAfterFreeIsCaughtAtTheNextAllocationNamingTheFreeingType() {
        long p = malloc.malloc(64, echo, M_WAITOK);
        malloc.free(p, echo);
        kernel.memory().write32(p + 8, 0x41414141);
        int mark = kernel.console().dmesg().length();
        KernelPanic e = assertThrows(KernelPanic.class, () -> malloc.malloc(64, malloc.M_TEMP, M_WAITOK));
        assertEquals("Most recently used by echo_buffer", e.getMessage());
        assertTrue(dmesgSince(mark).startsWith(String.format(
                "Memory modified after free 0x%x(60) val=41414141 @ 0x%x\npanic: Most recently used by echo_buffer\n",
                p, p + 8)), dmesgSince(mark));
    }

    @Test
    void aWriteToAnItemNoTypeHasFreedNamesNone() {
        long p = malloc.malloc(16, echo, M_WAITOK);
        long next = p - 16; // the bucket hands out the slab's items from the top down
        kernel.memory().write8(next + 4, 0);
        int mark = kernel.console().dmesg().length();
        KernelPanic e = assertThrows(KernelPanic.class, () -> malloc.malloc(16, echo, M_WAITOK));
        assertEquals("Most recently used by none", e.getMessage());
        assertTrue(dmesgSince(mark).startsWith(String.format(
                "Memory modified after free 0x%x(12) val=deadc000 @ 0x%x\n", next, next + 4)), dmesgSince(mark));
    }

    @Test
    void withoutInvariantsNothingIsJunked() {
        reboot("64M", KernelOptions.defaults().withInvariants(false));
        long p = malloc.malloc(64, malloc.M_TEMP, M_WAITOK);
        kernel.memory().write32(p, 7);
        malloc.free(p, malloc.M_TEMP);
        kernel.memory().write32(p + 8, 0x41414141);
        assertEquals(p, malloc.malloc(64, malloc.M_TEMP, M_WAITOK));
        assertEquals(7, kernel.memory().read32(p));
    }

    @Test
    void largeAllocationsAreNotJunked() {
        long p = malloc.malloc(8192, echo, M_WAITOK);
        kernel.memory().fill(p, 8192, 0x11);
        malloc.free(p, echo);
        long q = malloc.malloc(8192, echo, M_WAITOK);
        assertEquals(p, q, "the same range of the arena");
        assertEquals(0x11111111, kernel.memory().read32(q + 4096 - 4));
    }

    @Test
    void diagnosticFillsTheRequestedBytesWith0x70() {
        reboot("64M", KernelOptions.defaults().withDiagnostic(true));
        long p = malloc.malloc(10, malloc.M_TEMP, M_WAITOK);
        assertEquals(0x70707070, kernel.memory().read32(p + 4));
        assertEquals(0xdead7070, kernel.memory().read32(p + 8), "bytes 8 and 9 requested, 10 and 11 still junk");
        assertEquals(0, kernel.memory().read32(p + 12), "the type word, never written");
    }

    // ---------------------------------------------------------------------------------------------------------
    // Checklist 10: MALLOC_MAKE_FAILURES

    @Test
    void everyNthNowaitMallocFailsAndIsCounted() {
        reboot("64M", KernelOptions.defaults().withMallocMakeFailures(true));
        setFailureRate(3);
        List<Boolean> ok = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            ok.add(malloc.malloc(32, malloc.M_TEMP, M_NOWAIT) != 0);
            assertNotEquals(0, malloc.malloc(32, malloc.M_TEMP, M_WAITOK), "M_WAITOK neither fails nor counts");
        }
        assertEquals(List.of(true, true, false, true, true, false, true), ok);
        assertEquals(2L, ((Sysctl.LongNode) kernel.sysctl().lookup("debug.malloc.failure_count")).getter().getAsLong());
        assertNull(((Sysctl.LongNode) kernel.sysctl().lookup("debug.malloc.failure_count")).setter(), "read-only");
        assertEquals(5 + 7, malloc.M_TEMP.numallocs());
    }

    @Test
    void aFailureRateOfZeroIsOff() {
        reboot("64M", KernelOptions.defaults().withMallocMakeFailures(true));
        for (int i = 0; i < 10; i++) {
            assertNotEquals(0, malloc.malloc(32, malloc.M_TEMP, M_NOWAIT));
        }
        assertEquals(0, malloc.failureCount());
    }

    @Test
    void withoutTheOptionTheSysctlsDoNotExist() {
        assertNull(kernel.sysctl().lookup("debug.malloc.failure_rate"));
        assertNull(kernel.sysctl().lookup("debug.malloc.failure_count"));
    }

    // ---------------------------------------------------------------------------------------------------------
    // zfree and malloc_usable_size

    @Test
    void zfreeZeroesTheBlockBeforeFreeingIt() {
        reboot("64M", KernelOptions.defaults().withInvariants(false));
        long p = malloc.malloc(64, malloc.M_TEMP, M_WAITOK);
        kernel.memory().fill(p, 64, 0x5A);
        malloc.zfree(p, malloc.M_TEMP);
        byte[] buf = new byte[64];
        kernel.memory().read(p, buf, 0, 64);
        assertArrayEquals(new byte[64], buf);
        assertEquals(1, malloc.M_TEMP.numfrees());
    }

    @Test
    void mallocUsableSizeOfNullIsZeroAndOfAnUnknownAddressPanics() {
        assertEquals(0, malloc.mallocUsableSize(0));
        KernelPanic p = assertThrows(KernelPanic.class, () -> malloc.mallocUsableSize(0xc0400123L));
        assertEquals("malloc_usable_size: address 0xc0400123(0xc0400000) is not allocated.", p.getMessage());
    }

    // ---------------------------------------------------------------------------------------------------------
    // Random sequences (seeded repeats)

    /** A live allocation: how it was made, where, how much of it may be used, and the tag in its first byte. */
    private record Live(char kind, long va, long usable, long size, int tag) {
    }

    static IntStream seeds() {
        return IntStream.range(0, 24);
    }

    private long[][] buddyCounts() {
        Zone[] zones = kernel.vm().allocator().zones();
        long[][] out = new long[zones.length][Zone.NR_PAGE_ORDERS];
        for (int z = 0; z < zones.length; z++) {
            for (int o = 0; o < Zone.NR_PAGE_ORDERS; o++) {
                out[z][o] = zones[z].freeBlocks(o);
            }
        }
        return out;
    }

    /** Adds {@code l}, checking it overlaps no live allocation. */
    private static void addLive(TreeMap<Long, Live> live, Live l) {
        Map.Entry<Long, Live> below = live.floorEntry(l.va());
        if (below != null) {
            assertTrue(below.getKey() + below.getValue().usable() <= l.va(),
                    String.format("%s at 0x%x overlaps %s", l, l.va(), below.getValue()));
        }
        Map.Entry<Long, Live> above = live.ceilingEntry(l.va());
        if (above != null) {
            assertTrue(l.va() + l.usable() <= above.getKey(), String.format("%s overlaps %s", l, above.getValue()));
        }
        live.put(l.va(), l);
    }

    private static Live pick(TreeMap<Long, Live> live, Random rnd, char kind) {
        List<Live> of = live.values().stream().filter(l -> l.kind() == kind).toList();
        return of.isEmpty() ? null : of.get(rnd.nextInt(of.size()));
    }

    private void checkTag(Live l) {
        assertEquals(l.tag(), kernel.memory().read8(l.va()), "the first byte of " + l + " was overwritten");
    }

    /**
     * Random mixes of malloc, free, realloc, contigmalloc, contigfree, uma_zalloc and uma_zfree: live
     * allocations never overlap, contigmalloc meets every constraint with physically contiguous pages, and once
     * everything is freed and reclaimed the page allocator is exactly as boot left it.
     */
    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void randomSequencesNeverOverlapMeetTheirConstraintsAndGiveEveryPageBack(int seed) {
        Uma uma = malloc.uma();
        // Boot drained the caches; the test's own echo type holds one mt_zone item, as any registered type does.
        uma.reclaim();
        long freeBefore = kernel.vm().allocator().totalFreePages();
        long[][] buddyBefore = buddyCounts();
        Random rnd = new Random(seed);
        MallocType t = malloc.define("prop", "property test");
        int zsize = 1 + rnd.nextInt(3000);
        UmaZone zone = uma.zcreate("prop_zone", zsize, null, null, null, null,
                rnd.nextBoolean() ? Uma.UMA_ALIGN_PTR : Uma.UMA_ALIGN_CACHE, 0);
        TreeMap<Long, Live> live = new TreeMap<>();
        for (int step = 0; step < 400; step++) {
            int tag = rnd.nextInt(256);
            switch (rnd.nextInt(10)) {
                case 0, 1, 2 -> {
                    double r = rnd.nextDouble();
                    long size = r < 0.5 ? rnd.nextInt(129) : r < 0.85 ? rnd.nextInt(4097) : rnd.nextInt(70000);
                    boolean zero = rnd.nextBoolean();
                    long p = malloc.malloc(size, t, M_WAITOK | (zero ? M_ZERO : 0));
                    assertNotEquals(0, p);
                    long usable = malloc.mallocUsableSize(p);
                    assertTrue(usable >= Math.max(size, 16));
                    if (zero) {
                        byte[] buf = new byte[(int) usable];
                        kernel.memory().read(p, buf, 0, buf.length);
                        assertArrayEquals(new byte[buf.length], buf, "M_ZERO");
                    }
                    kernel.memory().write8(p, tag);
                    addLive(live, new Live('m', p, usable, size, tag));
                }
                case 3 -> {
                    Live l = pick(live, rnd, 'm');
                    if (l != null) {
                        checkTag(l);
                        live.remove(l.va());
                        malloc.free(l.va(), t);
                    }
                }
                case 4 -> {
                    Live l = pick(live, rnd, 'm');
                    if (l != null) {
                        checkTag(l);
                        long size = rnd.nextBoolean() ? rnd.nextInt(300) : rnd.nextInt(9000);
                        live.remove(l.va());
                        long q = malloc.realloc(l.va(), size, t, M_WAITOK);
                        assertNotEquals(0, q);
                        long usable = malloc.mallocUsableSize(q);
                        if (size > 0) {
                            assertEquals(l.tag(), kernel.memory().read8(q), "realloc keeps the contents");
                        }
                        kernel.memory().write8(q, tag);
                        addLive(live, new Live('m', q, usable, size, tag));
                    }
                }
                case 5 -> {
                    int npages = 1 + rnd.nextInt(4);
                    long size = (long) npages * VmLayout.PAGE_SIZE - rnd.nextInt(VmLayout.PAGE_SIZE);
                    long alignment = rnd.nextInt(3) == 0 ? 0 : 1L << (12 + rnd.nextInt(6));
                    long boundary = rnd.nextInt(3) == 0 ? 0 : 1L << (13 + rnd.nextInt(10));
                    long low = (long) rnd.nextInt(40) << 20;
                    long high = rnd.nextInt(4) == 0 ? 0xffffffffL : low + ((long) rnd.nextInt(24) << 20) + 0xFFFFF;
                    int flags = (rnd.nextBoolean() ? M_NOWAIT : M_WAITOK) | (rnd.nextBoolean() ? M_ZERO : 0);
                    long p = malloc.contigmalloc(size, t, flags, low, high, alignment, boundary);
                    if (p == 0) {
                        break;
                    }
                    long bytes = (long) npages * VmLayout.PAGE_SIZE;
                    long pa = kernel.vm().pmap().extract(p);
                    for (int i = 0; i < npages; i++) {
                        assertEquals(pa + (long) i * VmLayout.PAGE_SIZE,
                                kernel.vm().pmap().extract(p + (long) i * VmLayout.PAGE_SIZE), "contiguous");
                    }
                    assertTrue(pa >= low && pa + bytes - 1 <= high,
                            String.format("0x%x in [0x%x, 0x%x]", pa, low, high));
                    if (alignment != 0) {
                        assertEquals(0, pa % alignment, "aligned");
                    }
                    if (boundary != 0) {
                        assertEquals(pa / boundary, (pa + bytes - 1) / boundary, "within a boundary");
                    }
                    if ((flags & M_ZERO) != 0) {
                        byte[] buf = new byte[(int) bytes];
                        kernel.memory().read(p, buf, 0, buf.length);
                        assertArrayEquals(new byte[buf.length], buf, "M_ZERO");
                    }
                    kernel.memory().write8(p, tag);
                    addLive(live, new Live('c', p, bytes, size, tag));
                }
                case 6 -> {
                    Live l = pick(live, rnd, 'c');
                    if (l != null) {
                        checkTag(l);
                        live.remove(l.va());
                        malloc.contigfree(l.va(), l.size(), t);
                    }
                }
                case 7 -> {
                    long item = zone.alloc(M_WAITOK);
                    assertNotEquals(0, item);
                    kernel.memory().write8(item, tag);
                    addLive(live, new Live('z', item, zone.size(), zone.size(), tag));
                }
                case 8 -> {
                    Live l = pick(live, rnd, 'z');
                    if (l != null) {
                        checkTag(l);
                        live.remove(l.va());
                        zone.free(l.va());
                    }
                }
                default -> uma.reclaim();
            }
        }
        List<Live> rest = new ArrayList<>(live.values());
        java.util.Collections.shuffle(rest, rnd);
        for (Live l : rest) {
            checkTag(l);
            switch (l.kind()) {
                case 'm' -> malloc.free(l.va(), t);
                case 'c' -> malloc.contigfree(l.va(), l.size(), t);
                default -> zone.free(l.va());
            }
        }
        int mark = kernel.console().dmesg().length();
        uma.zdestroy(zone);
        malloc.uninit(t);
        assertEquals("", dmesgSince(mark), "nothing leaked");
        uma.reclaim();
        assertEquals(freeBefore, kernel.vm().allocator().totalFreePages(), "free pages");
        assertArrayEquals(buddyBefore, buddyCounts(), "free blocks of every zone and order");
    }

    private long sysctl(String name) {
        return ((Sysctl.LongNode) kernel.sysctl().lookup(name)).getter().getAsLong();
    }
}
