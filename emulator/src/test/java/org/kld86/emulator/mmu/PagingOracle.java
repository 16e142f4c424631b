package org.kld86.emulator.mmu;

import static org.kld86.emulator.mmu.PagingBits.*;

/**
 * What the Intel SDM says one data access does under two-level (32-bit, non-PAE) paging, written from the
 * rules and not from {@link Mmu}: it takes the PDE and PTE in memory, the access and the control bits, and
 * answers whether the access faults, with which error code, and what the two entries hold afterwards. The
 * exhaustive test runs it against the MMU.
 *
 * <p>The order is that of Xen XTF's {@code calc_fault} and Bochs' "error checking order" (SDM §4.7): an
 * entry with P=0 first (nothing else in it matters), then reserved bits (only bits 21:13 of a 4 MiB PDE, and
 * only with CR4.PSE=1, SDM §4.3 Table 4-5), then rights (SDM §4.6, the AND of R/W and of U/S along the walk).
 * A/D follow kvm-unit-tests' {@code ac_emulate_access}: on success A is set in the PDE and the leaf and D in
 * the leaf on a write; a faulting access leaves the leaf as it was, and a non-leaf PDE's A after a fault is
 * "don't care" (the processor may set it while walking, before it sees the PTE).
 */
final class PagingOracle {

    private PagingOracle() {
    }

    /** PDE bits 21:13, reserved in a 4 MiB PDE with no PSE-36 (MAXPHYADDR = 32). */
    static final int PDE_4M_RSVD_BITS = 0x003FE000;

    /**
     * The outcome of one access.
     *
     * @param fault          whether a #PF is raised
     * @param errorCode      the #PF error code (meaningful only with {@code fault})
     * @param largePage      whether the PDE is the leaf (a 4 MiB page), so the PTE slot is not read at all
     * @param pdeAfter       the PDE expected in memory afterwards, in the bits of {@code pdeCompareMask}
     * @param pdeCompareMask the PDE bits whose value is defined; A of a non-leaf PDE after a fault is not
     * @param pteAfter       the PTE expected in memory afterwards, every bit
     */
    record Outcome(boolean fault, int errorCode, boolean largePage, int pdeAfter, int pdeCompareMask,
            int pteAfter) {

        @Override
        public String toString() {
            return (fault ? String.format("#PF 0x%x", errorCode) : "no fault")
                    + String.format(" pde'=0x%08x (mask 0x%08x) pte'=0x%08x%s", pdeAfter, pdeCompareMask, pteAfter,
                            largePage ? " [4 MiB]" : "");
        }
    }

    /**
     * @param pde   the page directory entry for the address
     * @param pte   the page table entry the PDE's table holds for it (ignored if the PDE is a 4 MiB leaf)
     * @param user  a CPL 3 access
     * @param write a write (else a read)
     * @param wp    CR0.WP
     * @param pse   CR4.PSE
     * @param pge   CR4.PGE: G only says how long a TLB entry lives, never whether one access faults, so it
     *              changes nothing here; it is a parameter so that callers say which setting they mean
     */
    static Outcome expect(int pde, int pte, boolean user, boolean write, boolean wp, boolean pse, boolean pge) {
        int accessBits = (write ? PF_W : 0) | (user ? PF_U : 0);

        // Level 2. An entry with P=0 is used for nothing and not written: compare it whole.
        if ((pde & PTE_P) == 0) {
            return fault(accessBits, false, pde, ~0, pte);
        }
        // PS is honoured only with CR4.PSE=1 (SDM §4.3: "if CR4.PSE = 0 ... PS is ignored").
        if (pse && (pde & PDE_PS) != 0) {
            if ((pde & PDE_4M_RSVD_BITS) != 0) {
                // A reserved bit makes the entry unused: no translation, no A (SDM §4.3, §4.7).
                return fault(accessBits | PF_P | PF_RSVD, true, pde, ~0, pte);
            }
            if (!allowed(pde, pde, user, write, wp)) {
                return fault(accessBits | PF_P, true, pde, ~0, pte);
            }
            int pdeAfter = pde | PTE_A | (write ? PTE_D : 0);
            return new Outcome(false, 0, true, pdeAfter, ~0, pte);
        }

        // Level 1. Bits 21:13 of a page-table PDE are address bits; a PTE has no reserved bits at all.
        if ((pte & PTE_P) == 0) {
            return fault(accessBits, false, pde, ~PTE_A, pte);
        }
        if (!allowed(pde, pte, user, write, wp)) {
            return fault(accessBits | PF_P, false, pde, ~PTE_A, pte);
        }
        // D is never set in a non-leaf entry: bit 6 of a page-table PDE is ignored and left alone.
        return new Outcome(false, 0, false, pde | PTE_A, ~0, pte | PTE_A | (write ? PTE_D : 0));
    }

    /**
     * The 486+ rights rule of SDM §4.6 for a data access, with the effective rights the AND of both levels.
     * A user access needs U/S=1; a write needs R/W=1 unless it is a supervisor write with CR0.WP=0.
     */
    static boolean allowed(int pde, int leaf, boolean user, boolean write, boolean wp) {
        boolean effectiveUser = (pde & leaf & PTE_US) != 0;
        boolean effectiveWritable = (pde & leaf & PTE_RW) != 0;
        if (user && !effectiveUser) {
            return false;
        }
        boolean kernelMayWriteAnything = !user && !wp;
        return !write || effectiveWritable || kernelMayWriteAnything;
    }

    private static Outcome fault(int errorCode, boolean large, int pde, int pdeMask, int pte) {
        return new Outcome(true, errorCode, large, pde, pdeMask, pte);
    }
}
