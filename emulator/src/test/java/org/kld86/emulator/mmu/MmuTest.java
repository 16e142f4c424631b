package org.kld86.emulator.mmu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.kld86.emulator.mmu.PagingBits.*;
import static org.kld86.emulator.mmu.PagingFixture.hex;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The walk of {@link Mmu} by name, each expectation taken from the SDM (Vol. 3A §4.3 entry formats, §4.6
 * rights, §4.7 error code, §4.8 A/D) as MACHINE-SEMANTICS §1 summarises it: the rights matrix cell by cell,
 * the error codes, A/D, 4 MiB pages and their reserved bits, and kvm-unit-tests' regression scenarios moved to
 * two-level paging.
 */
class MmuTest {

    private static final int VA = 0x08048ABC;
    private static final int FRAME = PagingFixture.DATA_PA;
    private static final int STORED = 0xC0FFEE11;
    private static final int ORIGINAL = 0x0BADF00D;

    private final PagingFixture m = new PagingFixture();

    /**
     * One 32-bit access at CPL {@code cpl}: "ok", or the #PF it raised as "#PF 0x&lt;error code&gt;". A fault
     * must leave CR2 holding {@code va} exactly.
     */
    private String access(int cpl, boolean write, int va) {
        PagingFixture.Trap t = m.attempt(cpl, () -> {
            if (write) {
                m.mmu.write32(va, STORED);
            } else {
                m.mmu.read32(va);
            }
        });
        if (t == null) {
            return "ok";
        }
        assertEquals(VECTOR_PF, t.vector(), "vector");
        assertEquals(hex(va), hex(t.cr2()), "CR2 must be the faulting linear address, not page aligned");
        return String.format("#PF 0x%x", t.errorCode());
    }

    // =========================================================================================================
    // Rights (SDM §4.6)

    /**
     * MACHINE-SEMANTICS §1.6, the 486+ rights matrix, transcribed cell by cell. The columns are EUS,ERW =
     * 0,0 | 0,1 | 1,0 | 1,1, where EUS and ERW are the AND of U/S and of R/W over the walk.
     */
    private static final String[][] RIGHTS_MATRIX = {
        {"supervisor read",  "0", "ok",      "ok",      "ok",      "ok"},
        {"supervisor read",  "1", "ok",      "ok",      "ok",      "ok"},
        {"supervisor write", "0", "ok",      "ok",      "ok",      "ok"},
        {"supervisor write", "1", "#PF 0x3", "ok",      "#PF 0x3", "ok"},
        {"user read",        "0", "#PF 0x5", "#PF 0x5", "ok",      "ok"},
        {"user read",        "1", "#PF 0x5", "#PF 0x5", "ok",      "ok"},
        {"user write",       "0", "#PF 0x7", "#PF 0x7", "#PF 0x7", "ok"},
        {"user write",       "1", "#PF 0x7", "#PF 0x7", "#PF 0x7", "ok"},
    };

    private static String matrixCell(String[] row, int eus, int erw) {
        return row[2 + eus * 2 + erw];
    }

    static Stream<Arguments> rightsOf4KiBPages() {
        List<Arguments> cases = new ArrayList<>();
        for (String[] row : RIGHTS_MATRIX) {
            for (int pdeUs = 0; pdeUs < 2; pdeUs++) {
                for (int pdeRw = 0; pdeRw < 2; pdeRw++) {
                    for (int pteUs = 0; pteUs < 2; pteUs++) {
                        for (int pteRw = 0; pteRw < 2; pteRw++) {
                            cases.add(Arguments.of(row[0], row[1], pdeUs, pdeRw, pteUs, pteRw,
                                    matrixCell(row, pdeUs & pteUs, pdeRw & pteRw)));
                        }
                    }
                }
            }
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0}, WP={1}, PDE U/S={2} R/W={3}, PTE U/S={4} R/W={5}: {6}")
    @MethodSource("rightsOf4KiBPages")
    void rightsOf4KiBPagesAreTheAndOfBothLevels(String access, String wp, int pdeUs, int pdeRw, int pteUs,
            int pteRw, String expected) {
        int pde = PTE_P | (pdeUs == 1 ? PTE_US : 0) | (pdeRw == 1 ? PTE_RW : 0);
        int pte = FRAME | PTE_P | (pteUs == 1 ? PTE_US : 0) | (pteRw == 1 ? PTE_RW : 0);
        m.map4k(VA, FRAME, pde, pte & 0xFFF);
        m.enablePaging(wp.equals("1") ? CR0_WP : 0, 0);
        m.phys.write32(FRAME | (VA & 0xFFF), ORIGINAL);
        boolean user = access.startsWith("user");
        boolean write = access.endsWith("write");

        assertEquals(expected, access(user ? 3 : 0, write, VA));

        int wantData = expected.equals("ok") && write ? STORED : ORIGINAL;
        assertEquals(hex(wantData), hex(m.phys.read32(FRAME | (VA & 0xFFF))), "data");
        int wantPte = expected.equals("ok") ? pte | PTE_A | (write ? PTE_D : 0) : pte;
        assertEquals(hex(wantPte), hex(m.pte(VA)), "PTE: A/D set only when the access is allowed");
    }

    static Stream<Arguments> rightsOf4MiBPages() {
        List<Arguments> cases = new ArrayList<>();
        for (String[] row : RIGHTS_MATRIX) {
            for (int us = 0; us < 2; us++) {
                for (int rw = 0; rw < 2; rw++) {
                    cases.add(Arguments.of(row[0], row[1], us, rw, matrixCell(row, us, rw)));
                }
            }
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "4 MiB page: {0}, WP={1}, PDE U/S={2} R/W={3}: {4}")
    @MethodSource("rightsOf4MiBPages")
    void rightsOf4MiBPagesAreThePdesAlone(String access, String wp, int us, int rw, String expected) {
        int pde = PagingFixture.LARGE_PA | PDE_PS | PTE_P | (us == 1 ? PTE_US : 0) | (rw == 1 ? PTE_RW : 0);
        m.setPde(VA, pde);
        m.enablePaging(wp.equals("1") ? CR0_WP : 0, CR4_PSE);
        long pa = PagingFixture.LARGE_PA | (VA & 0x3FFFFF);
        m.phys.write32(pa, ORIGINAL);
        boolean user = access.startsWith("user");
        boolean write = access.endsWith("write");

        assertEquals(expected, access(user ? 3 : 0, write, VA));

        assertEquals(hex(expected.equals("ok") && write ? STORED : ORIGINAL), hex(m.phys.read32(pa)), "data");
        int wantPde = expected.equals("ok") ? pde | PTE_A | (write ? PTE_D : 0) : pde;
        assertEquals(hex(wantPde), hex(m.pde(VA)), "PDE (the leaf)");
    }

    @Test
    void userReadThroughASupervisorPteFaultsAlthoughThePdeAllowsIt() {
        m.map4k(VA, FRAME, PTE_P | PTE_RW | PTE_US, PTE_P | PTE_RW);
        m.enablePaging(0, 0);
        assertEquals("#PF 0x5", access(3, false, VA));
    }

    @Test
    void supervisorWriteUnderWpThroughAReadOnlyPteFaultsAlthoughThePdeIsWritable() {
        // JPC ORs the two R/W bits for supervisor pages and lets this through (MACHINE-SEMANTICS §1.10).
        m.map4k(VA, FRAME, PTE_P | PTE_RW, PTE_P);
        m.enablePaging(CR0_WP, 0);
        assertEquals("#PF 0x3", access(0, true, VA));
    }

    @Test
    void supervisorWriteUnderWpThroughAReadOnlyPdeFaultsAlthoughThePteIsWritable() {
        m.map4k(VA, FRAME, PTE_P, PTE_P | PTE_RW);
        m.enablePaging(CR0_WP, 0);
        assertEquals("#PF 0x3", access(0, true, VA));
    }

    @Test
    void supervisorWriteWithoutWpToAReadOnly4MiBPageSucceeds() {
        // JPC faults here (MACHINE-SEMANTICS §1.10); the SDM lets a supervisor write anywhere with WP=0.
        m.map4m(VA, PagingFixture.LARGE_PA, PTE_P);
        m.enablePaging(0, CR4_PSE);
        assertEquals("ok", access(0, true, VA));
        assertEquals(hex(STORED), hex(m.phys.read32(PagingFixture.LARGE_PA | (VA & 0x3FFFFF))));
    }

    // =========================================================================================================
    // Error code and CR2 (SDM §4.7, §6.15 "Interrupt 14")

    @ParameterizedTest(name = "not-present PDE: cpl {0}, write {1}: {2}")
    @MethodSource("notPresentCodes")
    void aNotPresentPdeFaultsWithPClear(int cpl, boolean write, String expected) {
        m.setPde(VA, 0xFFFFFFFE); // P=0: every other bit is the OS's
        m.enablePaging(CR0_WP, CR4_PSE);
        assertEquals(expected, access(cpl, write, VA));
        assertEquals(hex(0xFFFFFFFE), hex(m.pde(VA)), "a not-present entry is not written");
    }

    @ParameterizedTest(name = "not-present PTE: cpl {0}, write {1}: {2}")
    @MethodSource("notPresentCodes")
    void aNotPresentPteFaultsWithPClear(int cpl, boolean write, String expected) {
        m.map4k(VA, FRAME, PTE_P | PTE_RW | PTE_US, 0);
        m.setPte(VA, 0xFFFFFFFE);
        m.enablePaging(CR0_WP, CR4_PSE);
        assertEquals(expected, access(cpl, write, VA));
        assertEquals(hex(0xFFFFFFFE), hex(m.pte(VA)), "a not-present entry is not written");
    }

    static Stream<Arguments> notPresentCodes() {
        return Stream.of(Arguments.of(0, false, "#PF 0x0"), Arguments.of(0, true, "#PF 0x2"),
                Arguments.of(3, false, "#PF 0x4"), Arguments.of(3, true, "#PF 0x6"));
    }

    @Test
    void protectionFaultsSetP() {
        m.map4k(VA, FRAME, PTE_P | PTE_RW | PTE_US, PTE_P | PTE_US);
        m.enablePaging(CR0_WP, 0);
        assertEquals("#PF 0x3", access(0, true, VA), "supervisor write, read-only, WP=1");
        assertEquals("#PF 0x7", access(3, true, VA), "user write, read-only");
        m.setPte(VA, FRAME | PTE_P | PTE_RW);
        m.mmu.invlpg(VA);
        assertEquals("#PF 0x5", access(3, false, VA), "user read, supervisor page");
        assertEquals("#PF 0x7", access(3, true, VA), "user write, supervisor page (W is the access, not the rights)");
    }

    @ParameterizedTest(name = "reserved bit in a 4 MiB PDE: cpl {0}, write {1}: {2}")
    @MethodSource("reservedCodes")
    void aReservedBitFaultsWithRsvdAndP(int cpl, boolean write, String expected) {
        int pde = PagingFixture.LARGE_PA | PDE_PS | 1 << 13 | PTE_P | PTE_RW | PTE_US;
        m.setPde(VA, pde);
        m.enablePaging(CR0_WP, CR4_PSE);
        assertEquals(expected, access(cpl, write, VA));
        assertEquals(hex(pde), hex(m.pde(VA)), "an entry with a reserved bit is not used, so not written");
    }

    static Stream<Arguments> reservedCodes() {
        return Stream.of(Arguments.of(0, false, "#PF 0x9"), Arguments.of(0, true, "#PF 0xb"),
                Arguments.of(3, false, "#PF 0xd"), Arguments.of(3, true, "#PF 0xf"));
    }

    @Test
    void reservedBitsAreCheckedBeforeRights() {
        // A supervisor read-only page: a user write breaks both U/S and R/W, but RSVD is reported.
        m.map4m(VA, PagingFixture.LARGE_PA | 1 << 21, PTE_P);
        m.enablePaging(CR0_WP, CR4_PSE);
        assertEquals("#PF 0xf", access(3, true, VA));
        assertEquals("#PF 0xb", access(0, true, VA));
    }

    @Test
    void noPageFaultHandlerHandsThePageFaultToTheHost() {
        m.cpu.setGate(VECTOR_PF, null);
        m.map4k(VA, FRAME, PTE_P | PTE_RW | PTE_US, PTE_P);
        m.enablePaging(CR0_WP, 0);
        m.cpu.setCpl(3);
        PageFault pf = assertThrows(PageFault.class, () -> m.mmu.write32(VA + 1, 1));
        assertEquals(hex(VA + 1), hex(pf.linearAddress()));
        assertEquals(0x7, pf.errorCode());
        assertEquals(VECTOR_PF, pf.vector());
        assertEquals(hex(VA + 1), hex(m.mmu.cr2()));
        assertEquals(hex(FRAME | PTE_P), hex(m.pte(VA)), "the leaf is untouched");
    }

    @Test
    void cr2IsTheExactByteAddressOfAnAccessNotItsPage() {
        m.map4k(VA, FRAME, PTE_P | PTE_RW, 0);
        m.enablePaging(0, 0);
        m.mmu.setCr2(0x12345678);
        PagingFixture.Trap t = m.attempt(0, () -> m.mmu.read8(0x08048FFF));
        assertEquals(hex(0x08048FFF), hex(t.cr2()));
        assertEquals(0, t.errorCode());
    }

    @Test
    void aSuccessfulAccessLeavesCr2Alone() {
        m.map4k(VA, FRAME, PTE_P | PTE_RW, PTE_P | PTE_RW);
        m.enablePaging(0, 0);
        m.mmu.setCr2(0x12345678);
        assertEquals("ok", access(0, true, VA));
        assertEquals(hex(0x12345678), hex(m.mmu.cr2()));
    }

    // =========================================================================================================
    // Accessed and dirty (SDM §4.8)

    @Test
    void aReadSetsAInThePdeAndThePteButNoD() {
        m.map4k(VA, FRAME, PTE_P | PTE_RW, PTE_P | PTE_RW);
        m.enablePaging(0, 0);
        int pde = m.pde(VA);
        assertEquals("ok", access(0, false, VA));
        assertEquals(hex(pde | PTE_A), hex(m.pde(VA)));
        assertEquals(hex(FRAME | PTE_P | PTE_RW | PTE_A), hex(m.pte(VA)));
    }

    @Test
    void aWriteSetsDInTheLeafOnlyNeverInAPageTablePde() {
        m.map4k(VA, FRAME, PTE_P | PTE_RW, PTE_P | PTE_RW);
        m.enablePaging(0, 0);
        int pde = m.pde(VA);
        assertEquals("ok", access(0, true, VA));
        assertEquals(hex(pde | PTE_A), hex(m.pde(VA)), "bit 6 of a page-table PDE is ignored, not a dirty bit");
        assertEquals(hex(FRAME | PTE_P | PTE_RW | PTE_A | PTE_D), hex(m.pte(VA)));
    }

    @Test
    void aWriteThroughATlbEntryFilledByAReadStillSetsD() {
        m.map4k(VA, FRAME, PTE_P | PTE_RW, PTE_P | PTE_RW);
        m.enablePaging(0, 0);
        assertEquals("ok", access(0, false, VA));
        assertEquals(hex(FRAME | PTE_P | PTE_RW | PTE_A), hex(m.pte(VA)));
        assertEquals("ok", access(0, true, VA + 4));
        assertEquals(hex(FRAME | PTE_P | PTE_RW | PTE_A | PTE_D), hex(m.pte(VA)));
    }

    @Test
    void aWriteThroughA4MiBTlbEntryFilledByAReadStillSetsDInThePde() {
        int pde = PagingFixture.LARGE_PA | PDE_PS | PTE_P | PTE_RW;
        m.setPde(VA, pde);
        m.enablePaging(0, CR4_PSE);
        assertEquals("ok", access(0, false, VA));
        assertEquals(hex(pde | PTE_A), hex(m.pde(VA)));
        assertEquals("ok", access(0, true, VA));
        assertEquals(hex(pde | PTE_A | PTE_D), hex(m.pde(VA)));
    }

    @Test
    void aWriteThroughAUserEntryFilledByASupervisorReadStillSetsD() {
        m.map4k(VA, FRAME, PTE_P | PTE_RW | PTE_US, PTE_P | PTE_RW | PTE_US);
        m.enablePaging(CR0_WP, 0);
        assertEquals("ok", access(0, false, VA));
        assertEquals("ok", access(3, true, VA));
        assertEquals(hex(FRAME | PTE_P | PTE_RW | PTE_US | PTE_A | PTE_D), hex(m.pte(VA)));
    }

    @Test
    void aSupervisorWriteWithoutWpToAReadOnlyPageSetsD() {
        m.map4k(VA, FRAME, PTE_P, PTE_P);
        m.enablePaging(0, 0);
        assertEquals("ok", access(0, true, VA));
        assertEquals(hex(FRAME | PTE_P | PTE_A | PTE_D), hex(m.pte(VA)));
    }

    @Test
    void aFaultingAccessLeavesTheLeafAccessedAndDirtyBitsAsTheyWere() {
        m.map4k(VA, FRAME, PTE_P | PTE_RW | PTE_US, PTE_P | PTE_US);
        m.enablePaging(CR0_WP, 0);
        assertEquals("#PF 0x7", access(3, true, VA));
        assertEquals(hex(FRAME | PTE_P | PTE_US), hex(m.pte(VA)), "A must not be set by a failing write");
        m.setPte(VA, FRAME | PTE_P);
        m.mmu.invlpg(VA);
        assertEquals("#PF 0x5", access(3, false, VA));
        assertEquals(hex(FRAME | PTE_P), hex(m.pte(VA)));
    }

    @Test
    void theProcessorNeverClearsAOrD() {
        int pte = FRAME | PTE_P | PTE_RW | PTE_A | PTE_D;
        m.map4k(VA, FRAME, PTE_P | PTE_RW | PTE_A, pte & 0xFFF);
        m.enablePaging(0, 0);
        assertEquals("ok", access(0, false, VA));
        assertEquals(hex(pte), hex(m.pte(VA)));
    }

    @Test
    void dIsSetAgainAfterTheKernelClearsItAndInvalidates() {
        m.map4k(VA, FRAME, PTE_P | PTE_RW, PTE_P | PTE_RW);
        m.enablePaging(0, 0);
        assertEquals("ok", access(0, true, VA));
        m.setPte(VA, FRAME | PTE_P | PTE_RW); // a kernel writing back a clean page clears A and D
        m.mmu.invlpg(VA);
        assertEquals("ok", access(0, true, VA));
        assertEquals(hex(FRAME | PTE_P | PTE_RW | PTE_A | PTE_D), hex(m.pte(VA)));
    }

    // =========================================================================================================
    // 4 MiB pages (SDM §4.3, Table 4-4)

    @ParameterizedTest(name = "offset 0x{0}")
    @ValueSource(strings = {"0", "135a6", "200000", "3ff000", "3ffffc"})
    void a4MiBPageMapsBits21To0OfTheAddressOntoItsFrame(String offsetHex) {
        int offset = Integer.parseInt(offsetHex, 16);
        int va = 0x0C000000 | offset;
        m.map4m(va, 0x01400000, PTE_P | PTE_RW);
        m.enablePaging(0, CR4_PSE);
        m.phys.write32(0x01400000L | offset, 0x600D600D);
        assertEquals(hex(0x600D600D), hex(m.mmu.read32(va)));
        m.mmu.write32(va, 0x12345678);
        assertEquals(hex(0x12345678), hex(m.phys.read32(0x01400000L | offset)));
    }

    @Test
    void withoutPsePsIsIgnoredAndThePdePointsToAPageTable() {
        // The same PDE bits as a 4 MiB mapping of 0x00800000; with CR4.PSE=0 they name a page table there.
        int va = 0x0C0135A6;
        int pde = PagingFixture.LARGE_PA | PDE_PS | PTE_P | PTE_RW;
        m.setPde(va, pde);
        m.setPte(va, FRAME | PTE_P | PTE_RW);
        m.phys.write32(FRAME | (va & 0xFFF), 0x44332211);
        m.phys.write32(PagingFixture.LARGE_PA | (va & 0x3FFFFF), 0x55555555);
        m.enablePaging(0, 0);
        assertEquals(hex(0x44332211), hex(m.mmu.read32(va)));
        assertEquals(hex(pde | PTE_A), hex(m.pde(va)), "A, and no D in a page-table PDE");
        assertEquals(hex(FRAME | PTE_P | PTE_RW | PTE_A), hex(m.pte(va)), "the PTE was used");
    }

    @Test
    void withPseAPdeWithoutPsStillPointsToAPageTable() {
        m.map4k(VA, FRAME, PTE_P | PTE_RW, PTE_P | PTE_RW);
        m.enablePaging(0, CR4_PSE);
        m.phys.write32(FRAME | (VA & 0xFFF), 0x0A0B0C0D);
        assertEquals(hex(0x0A0B0C0D), hex(m.mmu.read32(VA)));
    }

    @Test
    void a4MiBWalkDoesNotTouchThePteSlotTheAddressWouldHaveInATable() {
        int va = 0x0C0135A6;
        int pde = PagingFixture.LARGE_PA | PDE_PS | PTE_P | PTE_RW;
        m.setPde(va, pde);
        long slot = PagingFixture.LARGE_PA + (((va >>> 12) & 0x3FF) << 2);
        m.phys.write32(slot, 0xAAAAAAA1);
        m.enablePaging(0, CR4_PSE);
        m.mmu.write32(va, 7);
        assertEquals(hex(0xAAAAAAA1), hex(m.phys.read32(slot)));
        assertEquals(hex(pde | PTE_A | PTE_D), hex(m.pde(va)));
    }

    // =========================================================================================================
    // Reserved bits (SDM §4.3 Table 4-5; reserved only in a present 4 MiB PDE, only with CR4.PSE=1)

    static IntStream reservedBits() {
        return IntStream.rangeClosed(13, 21);
    }

    @ParameterizedTest(name = "bit {0}")
    @MethodSource("reservedBits")
    void eachOfBits21To13OfA4MiBPdeIsReserved(int bit) {
        int pde = PagingFixture.LARGE_PA | 1 << bit | PDE_PS | PTE_P | PTE_RW;
        m.setPde(VA, pde);
        m.enablePaging(0, CR4_PSE);
        assertEquals("#PF 0x9", access(0, false, VA));
        assertEquals("#PF 0xb", access(0, true, VA));
        assertEquals(hex(pde), hex(m.pde(VA)));
    }

    @Test
    void bit13OfA4MiBPdeIsReserved() {
        m.setPde(VA, PagingFixture.LARGE_PA | 1 << 13 | PDE_PS | PTE_P | PTE_RW | PTE_US);
        m.enablePaging(0, CR4_PSE);
        assertEquals("#PF 0xd", access(3, false, VA));
    }

    @Test
    void bit21OfA4MiBPdeIsReserved() {
        m.setPde(VA, PagingFixture.LARGE_PA | 1 << 21 | PDE_PS | PTE_P | PTE_RW | PTE_US);
        m.enablePaging(0, CR4_PSE);
        assertEquals("#PF 0xf", access(3, true, VA));
    }

    @ParameterizedTest(name = "bits 0x{0}")
    @ValueSource(strings = {"2000", "200000", "3fe000"})
    void aNotPresentPdeNeverFaultsWithRsvd(String bitsHex) {
        int bits = Integer.parseInt(bitsHex, 16);
        m.setPde(VA, PagingFixture.LARGE_PA | bits | PDE_PS | PTE_RW | PTE_US);
        m.enablePaging(CR0_WP, CR4_PSE);
        assertEquals("#PF 0x0", access(0, false, VA));
        assertEquals("#PF 0x2", access(0, true, VA));
        assertEquals("#PF 0x4", access(3, false, VA));
        assertEquals("#PF 0x6", access(3, true, VA));
    }

    @Test
    void withoutPseBits13And21OfAPdeAreTableAddressBits() {
        int table = PagingFixture.LARGE_PA | 1 << 21 | 1 << 13;
        m.setPde(VA, table | PDE_PS | PTE_P | PTE_RW);
        m.setPte(VA, FRAME | PTE_P | PTE_RW);
        assertEquals(table + (((VA >>> 12) & 0x3FF) << 2), m.pteSlotPa(VA));
        m.phys.write32(FRAME | (VA & 0xFFF), 0x13211321);
        m.enablePaging(0, 0);
        assertEquals("ok", access(0, false, VA));
        assertEquals(hex(0x13211321), hex(m.mmu.read32(VA)));
        assertEquals(hex(FRAME | PTE_P | PTE_RW | PTE_A), hex(m.pte(VA)));
    }

    @Test
    void aPteHasNoReservedBits() {
        // Bits 21:13 and bit 7 (PAT) of a PTE: address bits and PAT, never RSVD.
        int frame = 0x00602000;
        m.map4k(VA, frame, PTE_P | PTE_RW, PTE_P | PTE_RW | 1 << 7);
        m.enablePaging(CR0_WP, CR4_PSE);
        m.phys.write32(frame | (VA & 0xFFF), 0x7E577E57);
        assertEquals(hex(0x7E577E57), hex(m.mmu.read32(VA)));
    }

    @Test
    void bit12OfA4MiBPdeIsPatNotReservedAndNotAnAddressBit() {
        // MACHINE-SEMANTICS §1.5: the machine advertises PAT and no PSE-36, so only bits 21:13 are reserved.
        int pde = PagingFixture.LARGE_PA | 1 << 12 | PDE_PS | PTE_P | PTE_RW;
        m.setPde(VA, pde);
        m.enablePaging(0, CR4_PSE);
        m.phys.write32(PagingFixture.LARGE_PA | (VA & 0x3FFFFF), 0x9A7B1712);
        assertEquals(hex(0x9A7B1712), hex(m.mmu.read32(VA)));
    }

    // =========================================================================================================
    // The walk's address arithmetic (SDM §4.3, Table 4-3)

    @Test
    void cr3Bits11To0AreNotPartOfTheDirectoryAddress() {
        m.map4k(VA, FRAME, PTE_P | PTE_RW, PTE_P | PTE_RW);
        m.phys.write32(FRAME | (VA & 0xFFF), 0x0C30C300);
        m.mmu.setCr3(PagingFixture.PD_PA | 0xFFF); // PWT, PCD and the ignored bits
        m.mmu.setCr0(CR0_PE | CR0_PG);
        assertEquals("ok", access(0, false, VA));
        assertEquals(hex(0x0C30C300), hex(m.mmu.read32(VA)));
    }

    @Test
    void aRecursiveDirectoryEntryServesAsBothPdeAndPte() {
        // PD[0x3FF] points to the directory itself: linear 0xFFC00000 + (i << 12) is page table i, and
        // 0xFFFFF000 is the directory, reached with the same entry used at both levels.
        int self = 0xFFFFF000;
        int selfPde = PagingFixture.PD_PA | PTE_P | PTE_RW;
        m.setPde(self, selfPde);
        m.map4k(VA, FRAME, PTE_P | PTE_RW, PTE_P | PTE_RW);
        m.enablePaging(CR0_WP, 0);

        int viaSelf = m.mmu.read32(self + (0x3FF << 2));
        assertEquals(hex(selfPde | PTE_A), hex(viaSelf), "A is set during translation, before the data access");
        assertEquals(hex(selfPde | PTE_A), hex(m.pde(self)), "read: A, and no D");

        // A kernel edits a PTE through the recursive window, then INVLPGs the page it maps.
        int pteVa = 0xFFC00000 + ((VA >>> 22) << 12) + (((VA >>> 12) & 0x3FF) << 2);
        assertEquals(hex(FRAME | PTE_P | PTE_RW), hex(m.mmu.read32(pteVa)));
        m.mmu.write32(pteVa, (FRAME + 0x1000) | PTE_P | PTE_RW);
        assertEquals(hex((FRAME + 0x1000) | PTE_P | PTE_RW), hex(m.pte(VA)));
        m.mmu.invlpg(VA);
        m.phys.write32((FRAME + 0x1000) | (VA & 0xFFF), 0x5E1F5E1F);
        assertEquals(hex(0x5E1F5E1F), hex(m.mmu.read32(VA)));

        m.mmu.write32(self + 0x10, 0); // a write through the self entry: it is the leaf, so it gets D
        assertEquals(hex(selfPde | PTE_A | PTE_D), hex(m.pde(self)));
    }

    @Test
    void aPageTableBeyondRamReadsAsAllOnesEntriesWithoutAHostException() {
        // Nothing answers at 0x40000000, so the PTE reads 0xFFFFFFFF: present, writable, user, frame
        // 0xFFFFF000 (the firmware flash, which reads all-ones). Its A/D stores go nowhere.
        m.setPde(VA, 0x40000000 | PTE_P | PTE_RW | PTE_US);
        m.enablePaging(CR0_WP, 0);
        assertEquals("ok", access(3, false, VA));
        assertEquals(-1, m.mmu.read32(VA));
        assertEquals("ok", access(3, true, VA));
    }

    @Test
    void aDirectoryBeyondRamGivesReservedBitFaultsUnderPse() {
        // CR3 points at nothing: every PDE reads 0xFFFFFFFF, with PS and bits 21:13 set.
        m.mmu.setCr3(0x40000000);
        m.mmu.setCr4(CR4_PSE);
        m.mmu.setCr0(CR0_PE | CR0_PG);
        assertEquals("#PF 0x9", access(0, false, VA));
        m.mmu.setCr4(0); // now a page table at 0xFFFFF000, which reads all-ones too
        assertEquals("ok", access(0, false, VA));
    }

    // =========================================================================================================
    // kvm-unit-tests x86/access.c regression scenarios, moved to two-level paging

    @Test
    void corruptHugepageTrigger() {
        // Two addresses map the same 4 MiB page, one read-only and one writable, with CR0.WP=1.
        int ro = 0x40000000;
        int rw = 0x80000000;
        int roPde = PagingFixture.LARGE_PA | PDE_PS | PTE_P;
        int rwPde = PagingFixture.LARGE_PA | PDE_PS | PTE_P | PTE_RW;
        m.setPde(ro, roPde);
        m.setPde(rw, rwPde);
        m.enablePaging(CR0_WP, CR4_PSE);
        assertEquals("ok", access(0, false, ro));
        assertEquals("ok", access(0, false, rw));
        assertEquals("ok", access(0, true, rw));
        assertEquals(hex(rwPde | PTE_A | PTE_D), hex(m.pde(rw)));
        assertEquals("#PF 0x3", access(0, true, ro), "the writable alias must not make the read-only one writable");
        assertEquals(hex(roPde | PTE_A), hex(m.pde(ro)));
    }

    @Test
    void checkLargePteDirtyForNoWp() {
        // Two read-only 4 MiB aliases with CR0.WP=0: each supervisor write sets D in the PDE it went through.
        int first = 0x40000000;
        int second = 0x80000000;
        int pde = PagingFixture.LARGE_PA | PDE_PS | PTE_P;
        m.setPde(first, pde);
        m.setPde(second, pde);
        m.enablePaging(0, CR4_PSE);
        assertEquals("ok", access(0, false, first));
        assertEquals("ok", access(0, true, second));
        assertEquals(hex(pde | PTE_A | PTE_D), hex(m.pde(second)));
        assertEquals(hex(pde | PTE_A), hex(m.pde(first)), "the other alias is still clean");
        assertEquals("ok", access(0, true, first));
        assertEquals(hex(pde | PTE_A | PTE_D), hex(m.pde(first)), "a write through the first alias sets its D");
    }

    @Test
    void checkEffectiveSpPermissions() {
        // Two PDEs share one page table: one user read-only, one user writable. The PTE is user writable.
        // The rights are the AND along the path actually walked, whichever path filled the TLB first.
        int roPath = 0x40000000 | 0x5000;
        int rwPath = 0x40400000 | 0x5000;
        int table = m.newTable();
        m.setPde(roPath, table | PTE_P | PTE_US | PTE_A);
        m.setPde(rwPath, table | PTE_P | PTE_US | PTE_RW | PTE_A);
        m.setPte(roPath, FRAME | PTE_P | PTE_US | PTE_RW | PTE_A);
        assertEquals(m.pteSlotPa(roPath), m.pteSlotPa(rwPath));
        m.enablePaging(CR0_WP, 0);
        assertEquals("ok", access(3, false, roPath));
        assertEquals("ok", access(3, true, rwPath));
        assertEquals("ok", access(3, false, roPath + 0x10));
        assertEquals("#PF 0x7", access(3, true, roPath), "the writable path must not lend its R/W");
        assertEquals("#PF 0x3", access(0, true, roPath), "nor to the kernel under WP");
        assertEquals("ok", access(3, true, rwPath + 0x10));
    }
}
