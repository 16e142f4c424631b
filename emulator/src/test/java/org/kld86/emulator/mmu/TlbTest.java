package org.kld86.emulator.mmu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.kld86.emulator.mmu.PagingBits.*;
import static org.kld86.emulator.mmu.PagingFixture.hex;

import org.junit.jupiter.api.Test;
import org.kld86.emulator.cpu.CpuException;

/**
 * The TLB rules of SDM §4.10 (MACHINE-SEMANTICS §1.9), observed through the MMU: a translation is kept after
 * its entry changes in memory until something invalidates it, and each invalidation drops exactly what the
 * SDM says. A stale translation is seen by reading: each page's frame holds a different word, so a read tells
 * which frame the TLB still points to.
 */
class TlbTest {

    private static final int VA = 0x08048000;
    private static final int OLD_FRAME = PagingFixture.DATA_PA;
    private static final int NEW_FRAME = PagingFixture.DATA_PA + 0x10000;
    private static final int OLD_WORD = 0x01D01D01;
    private static final int NEW_WORD = 0x0E30E30E;

    private final PagingFixture m = new PagingFixture();

    TlbTest() {
        m.phys.write32(OLD_FRAME, OLD_WORD);
        m.phys.write32(NEW_FRAME, NEW_WORD);
    }

    /** Maps {@code va} to the old frame with {@code pteFlags}, then reads it so that the TLB holds it. */
    private void mapAndCache(int va, int pteFlags) {
        if ((m.pde(va) & PTE_P) == 0) {
            m.mapTable(va, PTE_P | PTE_RW | PTE_US);
        }
        m.setPte(va, OLD_FRAME | pteFlags);
        assertEquals(hex(OLD_WORD), hex(m.mmu.read32(va)), "first read, through a fresh walk");
    }

    /** Rewrites the PTE of {@code va} to the new frame, with no invalidation. */
    private void remapWithoutInvalidation(int va, int pteFlags) {
        m.setPte(va, NEW_FRAME | pteFlags);
    }

    private void assertSees(int va, int word, String why) {
        assertEquals(hex(word), hex(m.mmu.read32(va)), why);
    }

    // ---------------------------------------------------------------------------------------------------------
    // Keeping and dropping one page

    @Test
    void aPteChangedWithoutInvlpgKeepsTheStaleTranslation() {
        m.enablePaging(0, 0);
        mapAndCache(VA, PTE_P | PTE_RW);
        remapWithoutInvalidation(VA, PTE_P | PTE_RW);
        assertSees(VA, OLD_WORD, "the TLB still holds the old frame");
        m.mmu.invlpg(VA + 0x123);
        assertSees(VA, NEW_WORD, "INVLPG of any address in the page drops it");
    }

    @Test
    void aPteClearedWithoutInvlpgStillTranslatesUntilInvalidated() {
        m.enablePaging(0, 0);
        mapAndCache(VA, PTE_P | PTE_RW);
        m.setPte(VA, 0);
        assertSees(VA, OLD_WORD, "a cached translation outlives its entry");
        m.mmu.invlpg(VA);
        PagingFixture.Trap t = m.attempt(0, () -> m.mmu.read32(VA + 8));
        assertEquals(0, t.errorCode());
        assertEquals(hex(VA + 8), hex(t.cr2()));
    }

    @Test
    void aPageMadePresentNeedsNoInvalidation() {
        // SDM §4.10.2.3: no translation is cached for a not-present entry, so P 0->1 is seen at once.
        m.enablePaging(0, 0);
        m.mapTable(VA, PTE_P | PTE_RW);
        assertEquals(0, m.attempt(0, () -> m.mmu.read32(VA)).errorCode());
        m.setPte(VA, NEW_FRAME | PTE_P);
        assertSees(VA, NEW_WORD, "no negative caching");
    }

    @Test
    void invlpgDropsOnlyThePageItNames() {
        m.enablePaging(0, 0);
        mapAndCache(VA, PTE_P);
        mapAndCache(VA + 0x1000, PTE_P);
        remapWithoutInvalidation(VA, PTE_P);
        remapWithoutInvalidation(VA + 0x1000, PTE_P);
        m.mmu.invlpg(VA);
        assertSees(VA, NEW_WORD, "invalidated");
        assertSees(VA + 0x1000, OLD_WORD, "a neighbour keeps its entry");
    }

    @Test
    void invlpgDropsAGlobalEntry() {
        m.enablePaging(0, CR4_PGE);
        mapAndCache(VA, PTE_P | PTE_G);
        remapWithoutInvalidation(VA, PTE_P | PTE_G);
        m.mmu.invlpg(VA);
        assertSees(VA, NEW_WORD, "INVLPG drops global entries too (SDM §4.10.4.1)");
    }

    @Test
    void invlpgInsideA4MiBPageDropsTheTranslationOfEveryPieceOfIt() {
        int base = 0x40000000;
        int[] pieces = {base, base + 0x1000, base + 0x155000, base + 0x3FF000};
        m.setPde(base, PagingFixture.LARGE_PA | PDE_PS | PTE_P | PTE_RW);
        int newLarge = PagingFixture.LARGE_PA + 0x400000;
        for (int i = 0; i < pieces.length; i++) {
            m.phys.write32(PagingFixture.LARGE_PA | (pieces[i] & 0x3FFFFF), 0x01D00000 | i);
            m.phys.write32(newLarge | (pieces[i] & 0x3FFFFF), 0x0E300000 | i);
        }
        m.enablePaging(0, CR4_PSE);
        for (int i = 0; i < pieces.length; i++) {
            assertSees(pieces[i], 0x01D00000 | i, "first read of piece " + i);
        }
        m.setPde(base, newLarge | PDE_PS | PTE_P | PTE_RW);
        assertSees(pieces[1], 0x01D00001, "stale until invalidated");
        m.mmu.invlpg(base + 0x2AB000); // a piece never touched
        for (int i = 0; i < pieces.length; i++) {
            assertSees(pieces[i], 0x0E300000 | i, "piece " + i + " after INVLPG elsewhere in the 4 MiB page");
        }
    }

    @Test
    void invlpgAtCpl3RaisesGeneralProtectionAndInvalidatesNothing() {
        m.enablePaging(0, 0);
        mapAndCache(VA, PTE_P | PTE_US);
        remapWithoutInvalidation(VA, PTE_P | PTE_US);
        m.traps.clear();
        m.cpu.setCpl(3);
        m.mmu.invlpg(VA);
        assertEquals(1, m.traps.size());
        assertEquals(VECTOR_GP, m.traps.get(0).vector());
        assertEquals(0, m.traps.get(0).errorCode(), "#GP(0)");
        assertEquals(3, m.cpu.cpl(), "the #GP handler returned to CPL 3");
        assertSees(VA, OLD_WORD, "the faulting INVLPG did nothing");
        m.cpu.setCpl(0);
        m.mmu.invlpg(VA);
        assertSees(VA, NEW_WORD, "at CPL 0 it works");
    }

    @Test
    void invlpgAtCpl3WithNoGpHandlerReachesTheHostAsVector13() {
        m.cpu.setGate(VECTOR_GP, null);
        m.enablePaging(0, 0);
        m.cpu.setCpl(3);
        CpuException e = assertThrows(CpuException.class, () -> m.mmu.invlpg(VA));
        assertEquals(VECTOR_GP, e.vector());
        assertEquals(0, e.errorCode());
    }

    @Test
    void pagesThatShareATlbSlotKeepTheirOwnTranslations() {
        // VA and VA + 4 MiB have the same linear page number bits 21:12.
        int other = VA + 0x400000;
        m.enablePaging(CR0_WP, 0);
        m.mapTable(VA, PTE_P | PTE_RW | PTE_US);
        m.mapTable(other, PTE_P | PTE_RW | PTE_US);
        m.setPte(VA, OLD_FRAME | PTE_P | PTE_RW | PTE_US);
        m.setPte(other, NEW_FRAME | PTE_P | PTE_US);
        for (int round = 0; round < 3; round++) {
            assertSees(VA, OLD_WORD, "round " + round);
            assertSees(other, NEW_WORD, "round " + round);
            m.mmu.write32(VA + 4, round);
            assertEquals(0x3, m.attempt(0, () -> m.mmu.write32(other + 4, 99)).errorCode(),
                    "the read-only page must not borrow its slot-mate's rights");
            m.cpu.setCpl(3);
            assertEquals(hex(OLD_WORD), hex(m.mmu.read32(VA)));
            m.cpu.setCpl(0);
        }
        assertEquals(2, m.phys.read32(OLD_FRAME + 4));
        assertEquals(0, m.phys.read32(NEW_FRAME + 4));
    }

    @Test
    void invlpgStillReachesA4MiBPageAfterOtherPagesTookSomeOfItsSlots() {
        int base = 0x40000000;
        int small = 0x08001000; // same TLB slot as base + 0x1000
        m.setPde(base, PagingFixture.LARGE_PA | PDE_PS | PTE_P);
        m.map4k(small, OLD_FRAME, PTE_P, PTE_P);
        m.phys.write32(PagingFixture.LARGE_PA + 0x2000, OLD_WORD);
        m.phys.write32(PagingFixture.LARGE_PA + 0x400000 + 0x2000, NEW_WORD);
        m.enablePaging(0, CR4_PSE);
        m.mmu.read32(base + 0x1000);
        m.mmu.read32(base + 0x2000);
        m.mmu.read32(small); // evicts the piece at base + 0x1000
        m.mmu.invlpg(small);
        m.setPde(base, (PagingFixture.LARGE_PA + 0x400000) | PDE_PS | PTE_P);
        m.mmu.invlpg(base + 0x3000);
        assertSees(base + 0x2000, NEW_WORD, "the remaining piece was dropped too");
    }

    @Test
    void movToCr3LeavesExactlyTheGlobalEntries() {
        m.enablePaging(0, CR4_PGE);
        for (int i = 0; i < 5; i++) {
            mapAndCache(VA + i * 0x1000, PTE_P | (i < 2 ? PTE_G : 0));
        }
        assertEquals(5, m.mmu.tlbEntries());
        m.mmu.setCr3(m.mmu.cr3());
        assertEquals(2, m.mmu.tlbEntries());
        m.mmu.setCr4(0);
        assertEquals(0, m.mmu.tlbEntries());
    }

    // ---------------------------------------------------------------------------------------------------------
    // MOV to CR3, CR4, CR0

    @Test
    void movToCr3DropsNonGlobalEntriesAndKeepsGlobalOnesUnderPge() {
        int global = VA;
        int local = VA + 0x1000;
        m.enablePaging(0, CR4_PGE);
        mapAndCache(global, PTE_P | PTE_G);
        mapAndCache(local, PTE_P);
        remapWithoutInvalidation(global, PTE_P | PTE_G);
        remapWithoutInvalidation(local, PTE_P);
        m.mmu.setCr3(m.mmu.cr3());
        assertSees(local, NEW_WORD, "non-global: dropped by MOV to CR3");
        assertSees(global, OLD_WORD, "global: kept across MOV to CR3");
    }

    @Test
    void gIsIgnoredWithoutPge() {
        m.enablePaging(0, 0);
        mapAndCache(VA, PTE_P | PTE_G);
        remapWithoutInvalidation(VA, PTE_P | PTE_G);
        m.mmu.setCr3(m.mmu.cr3());
        assertSees(VA, NEW_WORD, "with CR4.PGE=0 a G entry is flushed like any other");
    }

    @Test
    void gInAPageTablePdeIsIgnored() {
        // G counts only in the leaf (SDM Table 4-4: bit 8 of a page-table PDE is ignored).
        m.enablePaging(0, CR4_PGE);
        m.mapTable(VA, PTE_P | PTE_RW | PTE_G);
        mapAndCache(VA, PTE_P);
        remapWithoutInvalidation(VA, PTE_P);
        m.mmu.setCr3(m.mmu.cr3());
        assertSees(VA, NEW_WORD, "a non-global leaf under a PDE with bit 8 set is flushed by MOV to CR3");
    }

    @Test
    void aGlobal4MiBPageSurvivesMovToCr3() {
        int base = 0x40000000;
        m.setPde(base, PagingFixture.LARGE_PA | PDE_PS | PTE_G | PTE_P);
        m.phys.write32(PagingFixture.LARGE_PA, OLD_WORD);
        m.phys.write32(PagingFixture.LARGE_PA + 0x400000, NEW_WORD);
        m.enablePaging(0, CR4_PSE | CR4_PGE);
        assertSees(base, OLD_WORD, "fill");
        m.setPde(base, (PagingFixture.LARGE_PA + 0x400000) | PDE_PS | PTE_G | PTE_P);
        m.mmu.setCr3(m.mmu.cr3());
        assertSees(base, OLD_WORD, "global 4 MiB translation kept");
        m.mmu.invlpg(base);
        assertSees(base, NEW_WORD, "and dropped by INVLPG");
    }

    @Test
    void clearingPgeFlushesGlobalEntries() {
        m.enablePaging(0, CR4_PGE);
        mapAndCache(VA, PTE_P | PTE_G);
        remapWithoutInvalidation(VA, PTE_P | PTE_G);
        m.mmu.setCr4(0);
        assertSees(VA, NEW_WORD, "MOV to CR4 changing PGE flushes everything (SDM §4.10.4.1)");
    }

    @Test
    void settingPgeFlushesToo() {
        m.enablePaging(0, 0);
        mapAndCache(VA, PTE_P | PTE_G);
        remapWithoutInvalidation(VA, PTE_P | PTE_G);
        m.mmu.setCr4(CR4_PGE);
        assertSees(VA, NEW_WORD, "MOV to CR4 changing PGE flushes everything");
    }

    @Test
    void writingCr4WithPgeUnchangedKeepsEntries() {
        m.enablePaging(0, CR4_PGE);
        mapAndCache(VA, PTE_P);
        remapWithoutInvalidation(VA, PTE_P);
        m.mmu.setCr4(CR4_PGE);
        assertSees(VA, OLD_WORD, "no PGE change, no flush: the entry may stay, and this TLB keeps it");
    }

    @Test
    void clearingPagingFlushesEverythingGlobalIncluded() {
        m.enablePaging(0, CR4_PGE);
        mapAndCache(VA, PTE_P | PTE_G);
        mapAndCache(VA + 0x1000, PTE_P);
        remapWithoutInvalidation(VA, PTE_P | PTE_G);
        remapWithoutInvalidation(VA + 0x1000, PTE_P);
        m.mmu.setCr0(CR0_PE);
        m.mmu.setCr0(CR0_PE | CR0_PG);
        assertSees(VA, NEW_WORD, "global entry flushed by clearing CR0.PG");
        assertSees(VA + 0x1000, NEW_WORD, "non-global entry flushed by clearing CR0.PG");
    }

    // ---------------------------------------------------------------------------------------------------------
    // CR0.WP and page faults

    @Test
    void togglingWpTakesEffectWithNoFlush() {
        // kvm-unit-tests check_toggle_cr0_wp: a supervisor write to a read-only page, no INVLPG in between.
        m.enablePaging(0, 0);
        m.mapTable(VA, PTE_P | PTE_A);
        m.setPte(VA, OLD_FRAME | PTE_P | PTE_A);
        assertNull(m.attempt(0, () -> m.mmu.write32(VA, 1)), "WP=0: the write succeeds");
        m.mmu.setCr0(CR0_PE | CR0_PG | CR0_WP);
        PagingFixture.Trap t = m.attempt(0, () -> m.mmu.write32(VA, 2));
        assertEquals(0x3, t.errorCode(), "WP=1: the same entry must now refuse the write");
        assertEquals(1, m.phys.read32(OLD_FRAME));
        m.mmu.setCr0(CR0_PE | CR0_PG);
        assertNull(m.attempt(0, () -> m.mmu.write32(VA, 3)), "WP=0 again");
        assertEquals(3, m.phys.read32(OLD_FRAME));
    }

    @Test
    void settingWpStopsWritesThroughAnEntryFilledByAReadOrAWrite() {
        m.enablePaging(0, 0);
        m.mapTable(VA, PTE_P | PTE_A);
        m.setPte(VA, OLD_FRAME | PTE_P | PTE_A | PTE_D);
        m.setPte(VA + 0x1000, NEW_FRAME | PTE_P | PTE_A | PTE_D);
        m.mmu.read32(VA);
        m.mmu.write32(VA + 0x1000, 5);
        m.mmu.setCr0(CR0_PE | CR0_PG | CR0_WP);
        assertEquals(0x3, m.attempt(0, () -> m.mmu.write32(VA, 9)).errorCode());
        assertEquals(0x3, m.attempt(0, () -> m.mmu.write32(VA + 0x1000, 9)).errorCode());
    }

    @Test
    void aStaleEntryThatRefusesAnAccessFaultsAtMostOnceAndThenSeesTheNewEntry() {
        // SDM §4.10.4.3: after U/S or R/W goes 0->1 without invalidation, a spurious #PF may occur, at most
        // once per address, because a #PF invalidates the TLB entries for the faulting address (§4.10.4.1).
        m.enablePaging(CR0_WP, 0);
        mapAndCache(VA, PTE_P);
        remapWithoutInvalidation(VA, PTE_P | PTE_US | PTE_RW);
        m.onPageFault(t -> { });
        m.traps.clear();
        int[] got = new int[1];
        m.attempt(3, () -> got[0] = m.mmu.read32(VA));
        assertTrue(m.traps.size() <= 1, "spurious faults: " + m.traps);
        assertEquals(hex(NEW_WORD), hex(got[0]), "the user read went through the new entry");
        m.traps.clear();
        m.attempt(3, () -> m.mmu.write32(VA + 4, 0x77));
        assertTrue(m.traps.isEmpty(), "the refetched entry allows user writes: " + m.traps);
        assertEquals(0x77, m.phys.read32(NEW_FRAME + 4));
    }

    @Test
    void aReadOnlyEntryMadeWritableFaultsAtMostOnce() {
        m.enablePaging(CR0_WP, 0);
        mapAndCache(VA, PTE_P);
        m.setPte(VA, OLD_FRAME | PTE_P | PTE_RW | PTE_A);
        m.onPageFault(t -> { });
        m.traps.clear();
        m.attempt(0, () -> m.mmu.write32(VA, 0x5EE));
        assertTrue(m.traps.size() <= 1, "spurious faults: " + m.traps);
        assertEquals(0x5EE, m.phys.read32(OLD_FRAME));
        assertEquals(hex(OLD_FRAME | PTE_P | PTE_RW | PTE_A | PTE_D), hex(m.pte(VA)));
    }

    @Test
    void aPageFaultDropsTheStaleEntryForItsAddress() {
        // A user read through a cached supervisor entry faults (the entry refuses it); the fault drops the entry,
        // so the supervisor read that follows sees the frame the PTE names now.
        m.enablePaging(0, 0);
        mapAndCache(VA, PTE_P);
        remapWithoutInvalidation(VA, PTE_P);
        PagingFixture.Trap t = m.attempt(3, () -> m.mmu.read32(VA));
        assertEquals(0x5, t.errorCode());
        assertSees(VA, NEW_WORD, "the #PF invalidated the faulting page's entry");
    }
}
