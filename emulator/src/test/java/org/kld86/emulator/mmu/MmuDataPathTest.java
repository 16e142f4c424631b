package org.kld86.emulator.mmu;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.kld86.emulator.mmu.PagingBits.*;
import static org.kld86.emulator.mmu.PagingFixture.hex;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.kld86.emulator.cpu.CpuException;
import org.kld86.emulator.memory.MmioHandler;
import org.kld86.emulator.memory.MmioWindow;
import org.kld86.emulator.memory.PhysicalMemory;

/**
 * How data moves through {@link Mmu}: accesses that cross a page boundary, bulk copies over several pages,
 * a fault handler that maps the page and returns, paging off, and addresses with nothing behind them.
 *
 * <p>Three consecutive linear pages are mapped to frames out of order (the second page's frame below the
 * first's), so an access that wrongly carries on in physical memory past a page end reads the wrong bytes.
 */
class MmuDataPathTest {

    /** Linear pages P0, P1, P2 and their frames. */
    private static final int P0 = 0x08048000;
    private static final int P1 = P0 + 0x1000;
    private static final int P2 = P0 + 0x2000;
    private static final int F0 = PagingFixture.DATA_PA + 0x5000;
    private static final int F1 = PagingFixture.DATA_PA + 0x2000;
    private static final int F2 = PagingFixture.DATA_PA + 0x9000;
    private static final int[] PAGES = {P0, P1, P2};
    private static final int[] FRAMES = {F0, F1, F2};

    private final PagingFixture m = new PagingFixture();

    /** Maps P0..P2 to F0..F2 with {@code pteFlags[i]}, fills each frame with its own byte pattern. */
    private void mapThreePages(int cr0Extra, int... pteFlags) {
        m.mapTable(P0, PTE_P | PTE_RW | PTE_US);
        for (int i = 0; i < 3; i++) {
            m.setPte(PAGES[i], FRAMES[i] | pteFlags[i]);
            for (int off = 0; off < PhysicalMemory.PAGE_SIZE; off++) {
                m.phys.write8(FRAMES[i] + off, pattern(i, off));
            }
        }
        m.enablePaging(cr0Extra, 0);
    }

    private static int pattern(int page, int off) {
        return (page * 71 + off * 13 + (off >> 8)) & 0xFF;
    }

    /** The bytes of linear [P0, P0+3 pages) as the frames hold them now. */
    private byte[] linearBytes() {
        byte[] all = new byte[3 * PhysicalMemory.PAGE_SIZE];
        for (int i = 0; i < 3; i++) {
            m.phys.read(FRAMES[i], all, i * PhysicalMemory.PAGE_SIZE, PhysicalMemory.PAGE_SIZE);
        }
        return all;
    }

    // =========================================================================================================
    // Accesses that cross a page boundary

    @Test
    void aCrossingLoadAssemblesItsBytesFromBothFrames() {
        mapThreePages(0, PTE_P, PTE_P, PTE_P);
        for (int off = 0xFFD; off <= 0xFFF; off++) {
            int want = 0;
            for (int k = 0; k < 4; k++) {
                int o = off + k;
                int b = o < 0x1000 ? pattern(0, o) : pattern(1, o - 0x1000);
                want |= b << (8 * k);
            }
            int va = P0 + off;
            assertEquals(hex(want), hex(m.mmu.read32(va)), "read32 at " + hex(va));
            assertEquals(hex(want & 0xFFFF), hex(m.mmu.read16(va)), "read16 at " + hex(va));
        }
    }

    @Test
    void aCrossingStoreWritesBothFramesAndDirtiesBothPages() {
        mapThreePages(CR0_WP, PTE_P | PTE_RW, PTE_P | PTE_RW, PTE_P);
        m.mmu.write32(P0 + 0xFFE, 0xDDCCBBAA);
        assertEquals(0xAA, m.phys.read8(F0 + 0xFFE));
        assertEquals(0xBB, m.phys.read8(F0 + 0xFFF));
        assertEquals(0xCC, m.phys.read8(F1));
        assertEquals(0xDD, m.phys.read8(F1 + 1));
        assertEquals(hex(F0 | PTE_P | PTE_RW | PTE_A | PTE_D), hex(m.pte(P0)));
        assertEquals(hex(F1 | PTE_P | PTE_RW | PTE_A | PTE_D), hex(m.pte(P1)));
    }

    @ParameterizedTest(name = "store of 4 bytes at page offset 0x{0}")
    @ValueSource(strings = {"ffd", "ffe", "fff"})
    void aCrossingStoreIntoAReadOnlySecondPageCommitsNothing(String offHex) {
        int va = P0 + Integer.parseInt(offHex, 16);
        mapThreePages(CR0_WP, PTE_P | PTE_RW, PTE_P, PTE_P);
        byte[] before = linearBytes();
        PagingFixture.Trap t = m.attempt(0, () -> m.mmu.write32(va, 0x11223344));
        assertEquals(0x3, t.errorCode());
        assertEquals(hex(P1), hex(t.cr2()), "CR2 is the first address in the page that faulted");
        assertArrayEquals(before, linearBytes(), "no byte of the store reached memory");
        assertEquals(hex(F1 | PTE_P), hex(m.pte(P1)), "the faulting leaf is untouched");
    }

    @Test
    void aCrossingUserStoreIntoASupervisorSecondPageCommitsNothing() {
        mapThreePages(0, PTE_P | PTE_RW | PTE_US, PTE_P | PTE_RW, PTE_P);
        byte[] before = linearBytes();
        PagingFixture.Trap t = m.attempt(3, () -> m.mmu.write16(P0 + 0xFFF, 0xBEEF));
        assertEquals(0x7, t.errorCode());
        assertEquals(hex(P1), hex(t.cr2()));
        assertArrayEquals(before, linearBytes());
    }

    @Test
    void aCrossingStoreIntoANotPresentSecondPageCommitsNothing() {
        mapThreePages(0, PTE_P | PTE_RW, 0, PTE_P);
        byte[] before = linearBytes();
        PagingFixture.Trap t = m.attempt(0, () -> m.mmu.write32(P0 + 0xFFE, 0x55667788));
        assertEquals(0x2, t.errorCode());
        assertEquals(hex(P1), hex(t.cr2()));
        assertArrayEquals(before, linearBytes());
    }

    @Test
    void aCrossingLoadFromANotPresentSecondPageFaultsThere() {
        mapThreePages(0, PTE_P | PTE_US, 0, PTE_P);
        PagingFixture.Trap t = m.attempt(3, () -> m.mmu.read32(P0 + 0xFFE));
        assertEquals(0x4, t.errorCode());
        assertEquals(hex(P1), hex(t.cr2()));
    }

    @Test
    void aCrossingStoreWhoseFirstPageFaultsReportsItsOwnAddress() {
        mapThreePages(0, 0, PTE_P | PTE_RW, PTE_P);
        PagingFixture.Trap t = m.attempt(0, () -> m.mmu.write32(P0 + 0xFFE, 1));
        assertEquals(0x2, t.errorCode());
        assertEquals(hex(P0 + 0xFFE), hex(t.cr2()));
    }

    @Test
    void aCrossingStoreRetriedAfterTheHandlerMapsTheSecondPageCompletes() {
        mapThreePages(0, PTE_P | PTE_RW, 0, PTE_P);
        m.onPageFault(t -> m.setPte(t.cr2(), F1 | PTE_P | PTE_RW));
        m.mmu.write32(P0 + 0xFFF, 0x04030201);
        assertEquals(1, m.traps.size(), "one fault, then the retry succeeds: " + m.traps);
        assertEquals(0x01, m.phys.read8(F0 + 0xFFF));
        assertEquals(hex(0x00040302), hex(m.phys.read32(F1) & 0xFFFFFF));
    }

    // =========================================================================================================
    // Bulk copies

    @Test
    void aBulkReadGathersBytesFromEachPagesFrame() {
        mapThreePages(0, PTE_P, PTE_P, PTE_P);
        byte[] want = Arrays.copyOfRange(linearBytes(), 0x800, 0x2A00);
        byte[] got = new byte[want.length + 6];
        m.mmu.read(P0 + 0x800, got, 3, want.length);
        assertArrayEquals(want, Arrays.copyOfRange(got, 3, 3 + want.length));
        assertEquals(0, got[0] | got[1] | got[2] | got[got.length - 1], "nothing outside dst[off..off+len)");
    }

    @Test
    void aBulkWriteScattersBytesOverEachPagesFrame() {
        mapThreePages(0, PTE_P | PTE_RW, PTE_P | PTE_RW, PTE_P | PTE_RW);
        byte[] want = linearBytes();
        byte[] src = new byte[0x2400];
        for (int i = 0; i < src.length; i++) {
            src[i] = (byte) (i * 7 + 3);
        }
        m.mmu.write(P0 + 0x700, src, 0x100, 0x2200);
        System.arraycopy(src, 0x100, want, 0x700, 0x2200);
        assertArrayEquals(want, linearBytes());
        assertEquals(hex(F2 | PTE_P | PTE_RW | PTE_A | PTE_D), hex(m.pte(P2)));
    }

    @Test
    void aBulkFillCoversEachPagesFrame() {
        mapThreePages(0, PTE_P | PTE_RW, PTE_P | PTE_RW, PTE_P | PTE_RW);
        byte[] want = linearBytes();
        m.mmu.fill(P0 + 0xFF0, 0x1020, 0x5A);
        Arrays.fill(want, 0xFF0, 0xFF0 + 0x1020, (byte) 0x5A);
        assertArrayEquals(want, linearBytes());
    }

    @ParameterizedTest(name = "copy from +0x{0} to +0x{1}, 0x{2} bytes")
    @ValueSource(strings = {"100 900 1c00", "900 100 1c00", "ff0 1010 ff0", "1010 ff0 ff0", "0 1000 2000",
        "fff 1fff 1001", "123 123 2000"})
    void anOverlappingCopyBehavesLikeMemmove(String spec) {
        String[] p = spec.split(" ");
        int src = Integer.parseInt(p[0], 16);
        int dst = Integer.parseInt(p[1], 16);
        int len = Integer.parseInt(p[2], 16);
        mapThreePages(0, PTE_P | PTE_RW, PTE_P | PTE_RW, PTE_P | PTE_RW);
        byte[] want = linearBytes();
        System.arraycopy(want, src, want, dst, len); // arraycopy is specified as if through a temporary copy
        m.mmu.copy(P0 + dst, P0 + src, len);
        assertArrayEquals(want, linearBytes());
    }

    @Test
    void aBulkWriteFaultingPartWayKeepsThePagesBeforeTheFaultLikeRepMovs() {
        mapThreePages(CR0_WP, PTE_P | PTE_RW, PTE_P | PTE_RW, PTE_P);
        byte[] before = linearBytes();
        byte[] src = new byte[0x2000];
        Arrays.fill(src, (byte) 0xC3);
        PagingFixture.Trap t = m.attempt(0, () -> m.mmu.write(P0 + 0x800, src, 0, src.length));
        assertEquals(0x3, t.errorCode());
        assertEquals(hex(P2), hex(t.cr2()), "the first byte that could not be stored");
        byte[] want = before.clone();
        Arrays.fill(want, 0x800, 0x2000, (byte) 0xC3);
        assertArrayEquals(want, linearBytes(), "the iterations before the fault are done, none after");
    }

    @Test
    void aBulkFillFaultingPartWayStopsAtTheNotPresentPage() {
        mapThreePages(0, PTE_P | PTE_RW, 0, PTE_P | PTE_RW);
        byte[] before = linearBytes();
        PagingFixture.Trap t = m.attempt(0, () -> m.mmu.fill(P0 + 0xC00, 0x1800, 0));
        assertEquals(0x2, t.errorCode());
        assertEquals(hex(P1), hex(t.cr2()));
        byte[] want = before.clone();
        Arrays.fill(want, 0xC00, 0x1000, (byte) 0);
        assertArrayEquals(want, linearBytes());
    }

    @Test
    void aCopyFromANotPresentSourcePageFaultsAsARead() {
        mapThreePages(0, PTE_P | PTE_RW, PTE_P | PTE_RW, 0);
        PagingFixture.Trap t = m.attempt(0, () -> m.mmu.copy(P0, P1 + 0x800, 0x1000));
        assertEquals(0x0, t.errorCode());
        assertEquals(hex(P2), hex(t.cr2()));
    }

    @Test
    void aUserBulkReadOfASupervisorPageFaultsWithTheUserBit() {
        mapThreePages(0, PTE_P | PTE_US, PTE_P, PTE_P | PTE_US);
        PagingFixture.Trap t = m.attempt(3, () -> m.mmu.read(P0 + 0xF00, new byte[0x200], 0, 0x200));
        assertEquals(0x5, t.errorCode());
        assertEquals(hex(P1), hex(t.cr2()));
    }

    // =========================================================================================================
    // A handler that maps the page and returns: the access is retried

    @Test
    void demandPagingRetriesAReadAfterTheHandlerMapsThePage() {
        m.mapTable(P0, PTE_P | PTE_RW | PTE_US);
        m.phys.write32(F0 + 0x44, 0xD00DFEED);
        m.enablePaging(CR0_WP, 0);
        m.onPageFault(t -> m.setPte(t.cr2(), F0 | PTE_P | PTE_RW | PTE_US));
        m.cpu.setCpl(3);
        int got = m.mmu.read32(P0 + 0x44); // an abandoned access would throw AccessAborted here
        assertEquals(3, m.cpu.cpl(), "IRET from the handler went back to CPL 3");
        assertEquals(hex(0xD00DFEED), hex(got));
        assertEquals(1, m.traps.size());
        assertEquals(0x4, m.traps.get(0).errorCode());
        assertEquals(hex(P0 + 0x44), hex(m.traps.get(0).cr2()));
    }

    @Test
    void demandPagingFillsEachPageOfABulkCopyOnItsFirstTouch() {
        m.mapTable(P0, PTE_P | PTE_RW);
        m.enablePaging(CR0_WP, 0);
        m.onPageFault(t -> {
            int page = (t.cr2() - P0) >>> 12;
            m.setPte(t.cr2(), FRAMES[page] | PTE_P | PTE_RW);
        });
        byte[] src = new byte[0x2100];
        for (int i = 0; i < src.length; i++) {
            src[i] = (byte) (i ^ i >> 8);
        }
        m.mmu.write(P0 + 0x700, src, 0, src.length);
        assertEquals(3, m.traps.size(), "one fault per page: " + m.traps);
        assertEquals(hex(P0 + 0x700), hex(m.traps.get(0).cr2()));
        assertEquals(hex(P1), hex(m.traps.get(1).cr2()));
        assertEquals(hex(P2), hex(m.traps.get(2).cr2()));
        byte[] back = new byte[src.length];
        m.mmu.read(P0 + 0x700, back, 0, back.length);
        assertArrayEquals(src, back);
    }

    @Test
    void copyOnWriteRetriesAWriteAfterTheHandlerMakesThePageWritable() {
        m.map4k(P0, F0, PTE_P | PTE_RW, PTE_P);
        m.enablePaging(CR0_WP, 0);
        m.mmu.read32(P0); // the read-only translation is in the TLB now
        m.onPageFault(t -> m.setPte(t.cr2(), F1 | PTE_P | PTE_RW)); // no INVLPG: the #PF dropped the entry
        m.mmu.write32(P0 + 8, 0xC0DE);
        assertEquals(1, m.traps.size());
        assertEquals(0x3, m.traps.get(0).errorCode());
        assertEquals(0xC0DE, m.phys.read32(F1 + 8));
        assertEquals(0, m.phys.read32(F0 + 8));
    }

    @Test
    void aHandlerThatNeverResolvesTheFaultEndsInTheHostNotInALoop() {
        m.mapTable(P0, PTE_P | PTE_RW);
        m.enablePaging(0, 0);
        m.onPageFault(t -> { });
        CpuException e = assertThrows(CpuException.class, () -> m.mmu.read32(P0));
        assertEquals(VECTOR_PF, e.vector());
    }

    // =========================================================================================================
    // Paging off; addresses with nothing behind them

    @Test
    void withPagingOffLinearIsPhysicalForEveryone() {
        m.mmu.setCr3(0x00FFF000); // a directory of zeros: it must not be consulted
        for (int cpl : new int[] {0, 3}) {
            m.cpu.setCpl(cpl);
            m.mmu.write32(0x00123456, 0x600DBEEF + cpl);
            assertEquals(hex(0x600DBEEF + cpl), hex(m.phys.read32(0x00123456)));
            m.phys.write32(0x01ABCDEF, 0x0DDF00D0 + cpl);
            assertEquals(hex(0x0DDF00D0 + cpl), hex(m.mmu.read32(0x01ABCDEF)));
        }
        m.cpu.setCpl(0);
        assertEquals(0, m.traps.size());
    }

    @Test
    void withPagingOffTheIsaHoleReadsAllOnesAndDropsWrites() {
        assertDoesNotThrow(() -> m.mmu.write32(0xB8000, 0x07410741));
        assertEquals(-1, m.mmu.read32(0xB8000));
        assertEquals(0xFFFF, m.mmu.read16(0xB8002));
        assertEquals(0xFF, m.mmu.read8(0xB8001));
    }

    @Test
    void aPageMappedBeyondRamReadsAllOnesDropsWritesAndStillGetsAAndD() {
        int beyond = 0x40000000;
        m.map4k(P0, beyond, PTE_P | PTE_RW, PTE_P | PTE_RW);
        m.enablePaging(0, 0);
        assertDoesNotThrow(() -> m.mmu.write32(P0 + 0x10, 0x12345678));
        assertEquals(-1, m.mmu.read32(P0 + 0x10));
        assertEquals(0xFF, m.mmu.read8(P0 + 0xFFF));
        assertEquals(hex(beyond | PTE_P | PTE_RW | PTE_A | PTE_D), hex(m.pte(P0)), "the translation succeeded");
    }

    @Test
    void aPageMappedOntoTheIsaHoleReadsAllOnes() {
        m.map4k(P0, 0xB8000, PTE_P | PTE_RW, PTE_P | PTE_RW);
        m.enablePaging(0, 0);
        m.mmu.write16(P0, 0x0741);
        assertEquals(0xFFFF, m.mmu.read16(P0));
    }

    @Test
    void aCrossingLoadFromRamIntoNothingReadsAllOnesForTheMissingBytes() {
        m.mapTable(P0, PTE_P | PTE_RW);
        m.setPte(P0, F0 | PTE_P | PTE_RW);
        m.setPte(P1, 0x40000000 | PTE_P | PTE_RW);
        m.phys.write16(F0 + 0xFFE, 0x4433);
        m.enablePaging(0, 0);
        assertEquals(hex(0xFFFF4433), hex(m.mmu.read32(P0 + 0xFFE)));
        assertDoesNotThrow(() -> m.mmu.write32(P0 + 0xFFE, 0));
        assertEquals(0, m.phys.read16(F0 + 0xFFE), "the RAM half of the store landed");
    }

    @Test
    void aPageMappedOntoAnMmioWindowReachesTheDeviceWithOffsetAndSize() {
        List<String> log = new ArrayList<>();
        MmioWindow w = m.phys.addMmio("test", 0xFEB00000L, 0x2000, new MmioHandler() {
            @Override
            public long read(long offset, int size) {
                log.add("r " + Long.toHexString(offset) + "/" + size);
                return 0x87654321L;
            }

            @Override
            public void write(long offset, int size, long value) {
                log.add("w " + Long.toHexString(offset) + "/" + size + "=" + Long.toHexString(value));
            }
        });
        w.setEnabled(true);
        m.map4k(P0, 0xFEB01000, PTE_P | PTE_RW | PTE_US, PTE_P | PTE_RW | PTE_US | PTE_PCD);
        m.enablePaging(0, 0);
        m.cpu.setCpl(3);
        assertEquals(hex(0x87654321), hex(m.mmu.read32(P0 + 0x10)));
        m.mmu.write16(P0 + 0x22, 0xABCD);
        assertEquals(hex(0x87654321), hex(m.mmu.read32(P0 + 0x10)), "every access goes to the device");
        m.cpu.setCpl(0);
        assertEquals(List.of("r 1010/4", "w 1022/2=abcd", "r 1010/4"), log);
    }

    @Test
    void aWindowEnabledOverCachedRamTakesOverAtOnce() {
        m.map4k(P0, F0, PTE_P | PTE_RW, PTE_P | PTE_RW);
        m.enablePaging(0, 0);
        m.phys.write32(F0, 0x0000AA55);
        assertEquals(0x0000AA55, m.mmu.read32(P0));
        MmioWindow w = m.phys.addMmio("over-ram", F0, 0x1000, new MmioHandler() {
            @Override
            public long read(long offset, int size) {
                return 0x12121212L;
            }

            @Override
            public void write(long offset, int size, long value) {
            }
        });
        w.setEnabled(true);
        assertEquals(hex(0x12121212), hex(m.mmu.read32(P0)), "the TLB's host page for the frame was dropped");
    }

    @Test
    void bulkAccessesAcrossTheStartOfTheIsaHoleSeeRamThenAllOnes() {
        int start = (int) PhysicalMemory.ISA_HOLE_START - 0x800;
        m.phys.fill(start, 0x800, 0x21);
        byte[] got = new byte[0x1000];
        m.mmu.read(start, got, 0, got.length);
        byte[] want = new byte[0x1000];
        Arrays.fill(want, 0, 0x800, (byte) 0x21);
        Arrays.fill(want, 0x800, 0x1000, (byte) 0xFF);
        assertArrayEquals(want, got);

        assertDoesNotThrow(() -> m.mmu.fill(start, 0x1000, 0x42));
        assertDoesNotThrow(() -> m.mmu.write(start, new byte[0x1000], 0, 0x1000));
        assertDoesNotThrow(() -> m.mmu.copy(0x10000, 0xB8000 - 0x10, 0x20));
        byte[] copied = new byte[0x20];
        m.phys.read(0x10000, copied, 0, 0x20);
        byte[] wantCopied = new byte[0x20];
        Arrays.fill(wantCopied, (byte) 0xFF);
        assertArrayEquals(wantCopied, copied, "a copy out of the hole brings all-ones");
        assertEquals(-1, m.mmu.read32((int) PhysicalMemory.ISA_HOLE_START));
    }
}
