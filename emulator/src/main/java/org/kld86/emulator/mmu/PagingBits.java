package org.kld86.emulator.mmu;

/**
 * The bits of the i386 paging registers and of 32-bit (non-PAE) paging entries, Intel SDM Vol. 3A §4.3
 * (Tables 4-4 to 4-6, Figure 4-4).
 *
 * <pre>
 * linear address:   31        22 21        12 11          0
 *                   +-----------+-----------+-------------+
 *                   | directory |   table   |   offset    |    4 KiB page
 *                   +-----------+-----------+-------------+
 *                   | directory |        offset            |    4 MiB page (CR4.PSE=1, PDE.PS=1)
 *                   +-----------+--------------------------+
 *
 * PTE / PDE:  31               12 11  9  8   7   6   5   4   3   2   1   0
 *             +-------------------+-----+---+---+---+---+---+---+---+---+---+
 *             |  frame / table    | AVL | G |PS | D | A |PCD|PWT|U/S|R/W| P |
 *             +-------------------+-----+---+---+---+---+---+---+---+---+---+
 *             (PS only in a PDE; in a PTE bit 7 is PAT. G only in a leaf.)
 *
 * 4 MiB PDE:  31        22 21     13 12  ...  0
 *             +-----------+---------+---+---------+
 *             | frame     |reserved |PAT| as above|    bits 21:13 must be 0 (no PSE-36)
 *             +-----------+---------+---+---------+
 * </pre>
 */
public final class PagingBits {

    private PagingBits() {
    }

    public static final int PTE_P = 1;
    public static final int PTE_RW = 1 << 1;
    public static final int PTE_US = 1 << 2;
    public static final int PTE_PWT = 1 << 3;
    public static final int PTE_PCD = 1 << 4;
    public static final int PTE_A = 1 << 5;
    public static final int PTE_D = 1 << 6;
    /** In a PDE: the entry maps a 4 MiB page (honoured only with CR4.PSE). */
    public static final int PDE_PS = 1 << 7;
    public static final int PTE_G = 1 << 8;
    /** Frame bits of a PTE or of a PDE that points to a page table. */
    public static final int FRAME_4K = 0xFFFFF000;
    /** Frame bits of a 4 MiB PDE. */
    public static final int FRAME_4M = 0xFFC00000;
    /** Bits 21:13 of a 4 MiB PDE: reserved without PSE-36 (SDM §4.3, Table 4-5). */
    public static final int PDE_4M_RESERVED = 0x003FE000;

    public static final int CR0_PE = 1;
    public static final int CR0_WP = 1 << 16;
    public static final int CR0_PG = 1 << 31;

    public static final int CR4_PSE = 1 << 4;
    public static final int CR4_PAE = 1 << 5;
    public static final int CR4_PGE = 1 << 7;
    /** The CR4 bits this CPU implements; setting any other raises #GP(0). */
    public static final int CR4_SUPPORTED = CR4_PSE | CR4_PGE | 1 /* VME */ | 1 << 1 /* PVI */ | 1 << 2 /* TSD */
            | 1 << 3 /* DE */ | 1 << 6 /* MCE */ | 1 << 8 /* PCE */;

    /** #PF error code: the fault was a protection (or reserved-bit) violation, not a non-present entry. */
    public static final int PF_P = 1;
    /** #PF error code: the access was a write. */
    public static final int PF_W = 1 << 1;
    /** #PF error code: the access was made at CPL 3. */
    public static final int PF_U = 1 << 2;
    /** #PF error code: a reserved bit was set in a present paging entry. */
    public static final int PF_RSVD = 1 << 3;

    /** Interrupt vector of the page fault exception. */
    public static final int VECTOR_PF = 14;
    /** Interrupt vector of the general protection exception. */
    public static final int VECTOR_GP = 13;
}
