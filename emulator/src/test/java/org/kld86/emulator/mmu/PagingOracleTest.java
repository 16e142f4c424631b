package org.kld86.emulator.mmu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.kld86.emulator.mmu.PagingBits.*;

import org.junit.jupiter.api.Test;

/**
 * The oracle checked by hand against the worked examples of the SDM rules (MACHINE-SEMANTICS §1.5-§1.8), so
 * that the exhaustive test compares the MMU with something known to be right.
 */
class PagingOracleTest {

    private static final int TABLE = 0x00200000;
    private static final int FRAME = 0x00400000;
    private static final int LARGE = 0x00800000;

    @Test
    void userReadThroughSupervisorPteFaultsWith5() {
        // PDE US=1,RW=1 with PTE US=0 gives EUS=0.
        PagingOracle.Outcome o = PagingOracle.expect(TABLE | PTE_P | PTE_RW | PTE_US, FRAME | PTE_P | PTE_RW,
                true, false, false, false, false);
        assertTrue(o.fault());
        assertEquals(0x5, o.errorCode());
        assertEquals(FRAME | PTE_P | PTE_RW, o.pteAfter(), "a faulting access leaves the leaf alone");
        assertEquals(~PTE_A, o.pdeCompareMask(), "PDE.A after a fault is don't care");
    }

    @Test
    void supervisorWriteThroughReadOnlyPdeFaultsWith3OnlyUnderWp() {
        // PDE RW=0 with PTE RW=1 gives ERW=0.
        int pde = TABLE | PTE_P;
        int pte = FRAME | PTE_P | PTE_RW;
        PagingOracle.Outcome wp = PagingOracle.expect(pde, pte, false, true, true, false, false);
        assertTrue(wp.fault());
        assertEquals(0x3, wp.errorCode());
        PagingOracle.Outcome noWp = PagingOracle.expect(pde, pte, false, true, false, false, false);
        assertFalse(noWp.fault());
        assertEquals(pde | PTE_A, noWp.pdeAfter());
        assertEquals(pte | PTE_A | PTE_D, noWp.pteAfter());
    }

    @Test
    void notPresentComesBeforeReservedBits() {
        PagingOracle.Outcome o = PagingOracle.expect(LARGE | PDE_PS | 1 << 13 | PTE_RW, 0, true, true, true, true,
                false);
        assertTrue(o.fault());
        assertEquals(PF_W | PF_U, o.errorCode(), "P=0: no RSVD, no P");
    }

    @Test
    void reservedBitsComeBeforeRights() {
        PagingOracle.Outcome o = PagingOracle.expect(LARGE | PDE_PS | 1 << 21 | PTE_P, 0, true, true, true, true,
                false);
        assertTrue(o.fault());
        assertEquals(0xF, o.errorCode(), "user write, RSVD and P, although U/S and R/W also forbid it");
        assertEquals(~0, o.pdeCompareMask(), "an entry with a reserved bit is not used, so it is not written");
    }

    @Test
    void withoutPseTheSameBitsAreATableAddress() {
        int pde = LARGE | PDE_PS | 1 << 13 | PTE_P | PTE_RW;
        PagingOracle.Outcome o = PagingOracle.expect(pde, FRAME | PTE_P | PTE_RW, false, true, true, false, false);
        assertFalse(o.fault());
        assertFalse(o.largePage());
        assertEquals(pde | PTE_A, o.pdeAfter(), "a page-table PDE gets A, never D");
        assertEquals(FRAME | PTE_P | PTE_RW | PTE_A | PTE_D, o.pteAfter());
    }

    @Test
    void largePageWriteSetsAAndDInThePde() {
        int pde = LARGE | PDE_PS | PTE_P | PTE_RW | PTE_US;
        PagingOracle.Outcome o = PagingOracle.expect(pde, 0x1234, true, true, true, true, false);
        assertFalse(o.fault());
        assertTrue(o.largePage());
        assertEquals(pde | PTE_A | PTE_D, o.pdeAfter());
        assertEquals(0x1234, o.pteAfter(), "the PTE slot is not part of a 4 MiB walk");
    }
}
