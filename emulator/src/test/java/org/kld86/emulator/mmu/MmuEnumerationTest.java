package org.kld86.emulator.mmu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.kld86.emulator.mmu.PagingBits.*;
import static org.kld86.emulator.mmu.PagingFixture.hex;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * Every combination of the two-level subset that kvm-unit-tests' access.c and Xen XTF's pagetable-emulation
 * enumerate, run through the MMU and checked against {@link PagingOracle}: PTE {P, RW, US, A, D}, PDE {P, RW,
 * US, A, D, PS, bit 13, bit 21}, access {user, write, twice}, CR0.WP and CR4.PSE, 2^18 cases.
 *
 * <p>Each case rewrites its tables, INVLPGs the address, sets CR2 to a sentinel and makes one 32-bit access (two
 * with "twice": a supervisor read first, as kvm-unit-tests does, so the second access goes through a TLB entry
 * the first one filled). It compares fault or not, the error code, CR2 (the exact linear address), the data,
 * the PTE exactly and the PDE in the bits the oracle defines.
 *
 * <pre>
 * linear address 0x0C0135A6: directory 0x030, table 0x013, offset 0x5A6 (0x0135A6 in a 4 MiB page)
 * PDE frame 0x00800000 | bit 21 | bit 13   (with PS and PSE: a 4 MiB page there, bits 21:13 reserved;
 *                                           otherwise a page table at 0x00800000, 0x00802000, 0x00A00000
 *                                           or 0x00A02000, since bits 21:13 are then address bits)
 * PTE frame 0x00400000
 * </pre>
 */
class MmuEnumerationTest {

    private static final int VA = 0x0C0135A6;
    private static final int PDE_FRAME = PagingFixture.LARGE_PA;
    private static final int PDE_BIT13 = 1 << 13;
    private static final int PDE_BIT21 = 1 << 21;
    private static final int PTE_FRAME = PagingFixture.DATA_PA;
    private static final long SMALL_DATA_PA = PTE_FRAME | (VA & 0xFFF);
    private static final long LARGE_DATA_PA = PDE_FRAME | (VA & 0x3FFFFF);
    private static final int CR2_SENTINEL = 0xC2C2C2C2;
    /** Every table the PDE can point to, for bits 13 and 21 both ways. */
    private static final int[] TABLES = {PDE_FRAME, PDE_FRAME | PDE_BIT13, PDE_FRAME | PDE_BIT21,
        PDE_FRAME | PDE_BIT21 | PDE_BIT13};

    private static final int CASE_BITS = 18;
    private static final int MAX_REPORTED = 25;

    /** One combination, decoded from the bits of its number so a failure names it and can be rerun. */
    record Case(int number, int pde, int pte, boolean user, boolean write, boolean twice, boolean wp,
            boolean pse) {

        static Case decode(int n) {
            int pte = PTE_FRAME
                    | bit(n, 0, PTE_P) | bit(n, 1, PTE_RW) | bit(n, 2, PTE_US) | bit(n, 3, PTE_A) | bit(n, 4, PTE_D);
            int pde = PDE_FRAME
                    | bit(n, 5, PTE_P) | bit(n, 6, PTE_RW) | bit(n, 7, PTE_US) | bit(n, 8, PTE_A) | bit(n, 9, PTE_D)
                    | bit(n, 10, PDE_PS) | bit(n, 11, PDE_BIT13) | bit(n, 12, PDE_BIT21);
            return new Case(n, pde, pte, (n & 1 << 13) != 0, (n & 1 << 14) != 0, (n & 1 << 15) != 0,
                    (n & 1 << 16) != 0, (n & 1 << 17) != 0);
        }

        private static int bit(int n, int index, int value) {
            return (n >>> index & 1) != 0 ? value : 0;
        }

        @Override
        public String toString() {
            return String.format("case #%d: PDE %s [%s] PTE %s [%s], %s %s%s, CR0.WP=%d CR4.PSE=%d", number,
                    hex(pde), flags(pde, true), hex(pte), flags(pte, false), user ? "user" : "supervisor",
                    write ? "write" : "read", twice ? " after a supervisor read" : "", wp ? 1 : 0, pse ? 1 : 0);
        }

        private static String flags(int e, boolean isPde) {
            StringBuilder s = new StringBuilder();
            s.append((e & PTE_P) != 0 ? "P" : "-").append((e & PTE_RW) != 0 ? " RW" : " --")
                    .append((e & PTE_US) != 0 ? " US" : " --").append((e & PTE_A) != 0 ? " A" : " -")
                    .append((e & PTE_D) != 0 ? " D" : " -");
            if (isPde) {
                s.append((e & PDE_PS) != 0 ? " PS" : " --").append((e & PDE_BIT13) != 0 ? " b13" : " ---")
                        .append((e & PDE_BIT21) != 0 ? " b21" : " ---");
            }
            return s.toString();
        }
    }

    @Test
    void everyCombinationMatchesTheOracle() {
        PagingFixture m = new PagingFixture();
        m.enablePaging(0, 0);
        List<String> failures = new ArrayList<>();
        int failed = 0;
        Map<String, Integer> seen = new TreeMap<>();
        for (int n = 0; n < 1 << CASE_BITS; n++) {
            Case c = Case.decode(n);
            List<String> problems = run(m, c, seen);
            if (!problems.isEmpty()) {
                failed++;
                if (failures.size() < MAX_REPORTED) {
                    failures.add(c + "\n      " + String.join("\n      ", problems));
                }
            }
        }
        if (failed > 0) {
            fail(failed + " of " + (1 << CASE_BITS) + " cases disagree with the SDM oracle; the first "
                    + failures.size() + ":\n  " + String.join("\n  ", failures));
        }
        // The enumeration must reach every outcome, or it proves less than it seems to.
        for (String outcome : List.of("ok", "#PF 0x0", "#PF 0x2", "#PF 0x4", "#PF 0x6", "#PF 0x3", "#PF 0x5",
                "#PF 0x7", "#PF 0x9", "#PF 0xb", "#PF 0xd", "#PF 0xf")) {
            assertTrue(seen.getOrDefault(outcome, 0) > 0, "no case produced " + outcome + "; seen " + seen);
        }
    }

    /** Runs one case on the machine and returns what disagreed with the oracle (empty if nothing). */
    private static List<String> run(PagingFixture m, Case c, Map<String, Integer> seen) {
        List<String> problems = new ArrayList<>();
        m.cpu.setCpl(0);
        m.traps.clear();

        // Fresh tables: only the table this PDE points to holds the PTE, the others hold zero.
        int pteSlotOffset = ((VA >>> 12) & 0x3FF) << 2;
        for (int table : TABLES) {
            m.phys.write32(table + pteSlotOffset, 0);
        }
        long pteSlotPa = (c.pde & FRAME_4K) + pteSlotOffset;
        m.phys.write32(pteSlotPa, c.pte);
        m.phys.write32(PagingFixture.pdeSlotPa(VA), c.pde);
        int smallValue = 0x51000000 | c.number;
        int largeValue = 0x1A000000 | c.number;
        int storeValue = 0x7E000000 | c.number;
        m.phys.write32(SMALL_DATA_PA, smallValue);
        m.phys.write32(LARGE_DATA_PA, largeValue);
        m.mmu.setCr4(c.pse ? CR4_PSE : 0);
        m.mmu.setCr0(CR0_PE | CR0_PG | (c.wp ? CR0_WP : 0));
        m.mmu.invlpg(VA);
        m.mmu.setCr2(CR2_SENTINEL);

        int pde = c.pde;
        int pte = c.pte;
        int pdeMask = ~0;
        if (c.twice) {
            PagingOracle.Outcome first = PagingOracle.expect(pde, pte, false, false, c.wp, c.pse, false);
            int[] got = new int[1];
            PagingFixture.Trap t = m.attempt(0, () -> got[0] = m.mmu.read32(VA));
            compareFault("first (supervisor read)", first, t, problems);
            pde = first.pdeAfter();
            pte = first.pteAfter();
            pdeMask = first.pdeCompareMask();
            m.mmu.setCr2(CR2_SENTINEL);
            m.traps.clear();
        }

        PagingOracle.Outcome want = PagingOracle.expect(pde, pte, c.user, c.write, c.wp, c.pse, false);
        int[] got = new int[1];
        PagingFixture.Trap t = m.attempt(c.user ? 3 : 0, () -> {
            if (c.write) {
                m.mmu.write32(VA, storeValue);
            } else {
                got[0] = m.mmu.read32(VA);
            }
        });
        seen.merge(want.fault() ? String.format("#PF 0x%x", want.errorCode()) : "ok", 1, Integer::sum);
        compareFault("access", want, t, problems);
        if (m.traps.size() > 1) {
            problems.add("took " + m.traps.size() + " exceptions: " + m.traps);
        }
        int cr2 = m.mmu.cr2();
        int wantCr2 = want.fault() ? VA : CR2_SENTINEL;
        if (cr2 != wantCr2) {
            problems.add("CR2 " + hex(cr2) + ", expected " + hex(wantCr2));
        }

        // Data: a read returns the mapped frame's bytes; a write lands there and only there.
        long targetPa = want.largePage() ? LARGE_DATA_PA : SMALL_DATA_PA;
        int small = m.phys.read32(SMALL_DATA_PA);
        int large = m.phys.read32(LARGE_DATA_PA);
        if (!want.fault() && !c.write) {
            int wantValue = want.largePage() ? largeValue : smallValue;
            if (got[0] != wantValue) {
                problems.add("read " + hex(got[0]) + ", expected " + hex(wantValue) + " from PA " + hex((int) targetPa));
            }
        }
        boolean stored = !want.fault() && c.write;
        int wantSmall = stored && !want.largePage() ? storeValue : smallValue;
        int wantLarge = stored && want.largePage() ? storeValue : largeValue;
        if (small != wantSmall || large != wantLarge) {
            problems.add("memory at 4 KiB target " + hex(small) + " (expected " + hex(wantSmall) + "), at 4 MiB target "
                    + hex(large) + " (expected " + hex(wantLarge) + ")");
        }

        // Entries: the PTE exactly, the PDE in the bits the oracle (and the first access's) defines.
        int pteNow = m.phys.read32(pteSlotPa);
        if (pteNow != want.pteAfter()) {
            problems.add("PTE " + hex(pteNow) + ", expected " + hex(want.pteAfter()));
        }
        int mask = want.fault() ? want.pdeCompareMask() & pdeMask : want.pdeCompareMask();
        int pdeNow = m.phys.read32(PagingFixture.pdeSlotPa(VA));
        if ((pdeNow & mask) != (want.pdeAfter() & mask)) {
            problems.add("PDE " + hex(pdeNow) + ", expected " + hex(want.pdeAfter()) + " in mask " + hex(mask));
        }
        for (int table : TABLES) {
            if (table + pteSlotOffset != pteSlotPa && m.phys.read32(table + pteSlotOffset) != 0) {
                problems.add("a table the PDE does not point to was written at " + hex(table + pteSlotOffset));
            }
        }
        return problems;
    }

    private static void compareFault(String which, PagingOracle.Outcome want, PagingFixture.Trap t,
            List<String> problems) {
        if (want.fault() && t == null) {
            problems.add(which + ": no fault, expected #PF " + String.format("0x%x", want.errorCode()));
        } else if (!want.fault() && t != null) {
            problems.add(which + ": took " + t + ", expected no fault");
        } else if (t != null) {
            if (t.vector() != VECTOR_PF || t.errorCode() != want.errorCode() || t.cr2() != VA) {
                problems.add(which + ": took " + t + ", expected vector 14, error "
                        + String.format("0x%x", want.errorCode()) + ", CR2 " + hex(VA));
            }
        }
    }

    @Test
    void caseNumbersDecodeToTheFlagsTheyName() {
        Case c = Case.decode((1 << CASE_BITS) - 1);
        assertEquals(PDE_FRAME | PDE_BIT21 | PDE_BIT13 | PDE_PS | PTE_D | PTE_A | PTE_US | PTE_RW | PTE_P, c.pde());
        assertEquals(PTE_FRAME | PTE_D | PTE_A | PTE_US | PTE_RW | PTE_P, c.pte());
        assertTrue(c.user() && c.write() && c.twice() && c.wp() && c.pse());
        Case zero = Case.decode(0);
        assertEquals(PDE_FRAME, zero.pde());
        assertEquals(PTE_FRAME, zero.pte());
    }
}
