package org.kld86.kernel.linux;

import static org.kld86.emulator.mmu.PagingBits.PTE_G;
import static org.kld86.emulator.mmu.PagingBits.PTE_RW;

import java.util.HashMap;
import java.util.Map;
import org.kld86.kernel.Kernel;
import org.kld86.kernel.vm.Pmap;
import org.kld86.kernel.vm.VmLayout;

/**
 * Temporary kernel mappings of HighMem pages, which have no permanent address: kmap/kunmap through the pkmap area
 * ({@code mm/highmem.c}) and kmap_atomic/kunmap_atomic through per-CPU fixmap slots
 * ({@code arch/x86/mm/highmem_32.c}), both as in Linux 3.10. A low page needs neither: both return its
 * direct-map address.
 *
 * <pre>
 *   PKMAP_BASE 0xFF800000 +------------------------------+
 *                         | pkmap: LAST_PKMAP = 1024     |  kmap(): slot n at PKMAP_BASE + n * 4096,
 *                         |   slots, counted             |  slot 0 is used last (the scan starts after it)
 *   FIXADDR_START         +------------------------------+ 0xFFC00000
 *                         | ...                          |
 *                         | kmap_atomic slots 19 .. 0    |  slot i at FIXADDR_TOP - (FIX_KMAP_BEGIN + i) * 4096
 *   FIXADDR_TOP           +------------------------------+ 0xFFFFF000 (FIX_HOLE, never mapped)
 * </pre>
 *
 * <p>pkmap_count[n] is 0 for a free slot, 1 for a slot still mapped but unused (its mapping is kept, and
 * page_address() still finds it, until the allocator next wraps around and flush_all_zero_pkmaps() clears every
 * such slot), and 1 + the number of users otherwise. When all 1024 slots are in use, kmap sleeps until a kunmap
 * frees one. kmap may sleep, so it is refused in interrupt context; kmap_atomic never sleeps and its slots are a
 * stack: unmap in the reverse order of mapping.
 *
 * <p>Unlike a non-debug Linux, kunmap_atomic clears the slot's PTE (what CONFIG_DEBUG_HIGHMEM does), so a use
 * after kunmap_atomic faults instead of reading whatever page the slot held.
 */
public final class Highmem {

    public static final long PKMAP_BASE = VmLayout.PKMAP_BASE;
    public static final int LAST_PKMAP = VmLayout.LAST_PKMAP;
    static final int LAST_PKMAP_MASK = LAST_PKMAP - 1;
    /** __FIXADDR_TOP on i386: the last page of the address space. */
    public static final long FIXADDR_TOP = 0xFFFF_F000L;
    public static final long FIXADDR_START = VmLayout.FIXADDR_START;
    /**
     * The first kmap_atomic fixmap index. Linux's enum fixed_addresses puts the VDSO, APIC and IO-APIC slots
     * before it; this kernel has none of those, so it follows FIX_HOLE (index 0).
     */
    public static final int FIX_KMAP_BEGIN = 1;
    /** kmap_atomic slots per CPU (include/asm-generic/kmap_types.h). One CPU. */
    public static final int KM_TYPE_NR = 20;

    private final Kernel kernel;
    private final Pmap pmap;
    private final long lowmemPages;
    private final Bug bug;
    private final int[] pkmapCount = new int[LAST_PKMAP];
    /** page_address_htable: the pkmap address of each kmapped HighMem page. */
    private final Map<Integer, Long> pageAddress = new HashMap<>();
    private final Object pkmapMapWait = new Object();
    private int lastPkmapNr;
    private int kmapAtomicIdx;

    Highmem(Kernel kernel, Bug bug) {
        this.kernel = kernel;
        this.pmap = kernel.vm().pmap();
        this.lowmemPages = kernel.vm().layout().lowmemPages();
        this.bug = bug;
    }

    /** PKMAP_ADDR(nr). */
    public static long pkmapAddr(int nr) {
        return PKMAP_BASE + ((long) nr << VmLayout.PAGE_SHIFT);
    }

    /** PKMAP_NR(virt). */
    static int pkmapNr(long va) {
        return (int) ((va - PKMAP_BASE) >>> VmLayout.PAGE_SHIFT);
    }

    /** __fix_to_virt(idx). */
    public static long fixToVirt(int idx) {
        return FIXADDR_TOP - ((long) idx << VmLayout.PAGE_SHIFT);
    }

    /** PageHighMem(): whether the frame lies above low memory and so has no permanent kernel address. */
    public boolean PageHighMem(Page page) {
        return page.pfn() >= lowmemPages;
    }

    /**
     * page_address(): the kernel virtual address of a page: its direct-map address for low memory, its pkmap
     * address for a HighMem page that is kmapped (or was, and has not been flushed yet), 0 otherwise.
     */
    public long page_address(Page page) {
        if (!PageHighMem(page)) {
            return VmLayout.PAGE_OFFSET + page.phys();
        }
        return pageAddress.getOrDefault(page.pfn(), 0L);
    }

    /** How many users the pkmap slot {@code nr} has, plus one while it is mapped (pkmap_count[nr]). */
    public int pkmapCount(int nr) {
        return pkmapCount[nr];
    }

    // ---------------------------------------------------------------------------------------------------------
    // kmap / kunmap

    /** kmap(): a kernel address for {@code page} until kunmap; may sleep when every pkmap slot is taken. */
    public long kmap(Page page) {
        bug.mightSleep();
        if (!PageHighMem(page)) {
            return page_address(page);
        }
        return kmapHigh(page);
    }

    private long kmapHigh(Page page) {
        long va = pageAddress.getOrDefault(page.pfn(), 0L);
        if (va == 0) {
            va = mapNewVirtual(page);
        }
        int nr = pkmapNr(va);
        pkmapCount[nr]++;
        if (pkmapCount[nr] < 2) {
            throw bug.bug("kmap_high: pkmap slot %d of %s has count %d", nr, page, pkmapCount[nr]);
        }
        return va;
    }

    private long mapNewVirtual(Page page) {
        while (true) {
            int count = LAST_PKMAP;
            boolean found = false;
            while (!found) {
                lastPkmapNr = (lastPkmapNr + 1) & LAST_PKMAP_MASK;
                if (lastPkmapNr == 0) {
                    flushAllZeroPkmaps();
                    count = LAST_PKMAP;
                }
                if (pkmapCount[lastPkmapNr] == 0) {
                    found = true;
                } else if (--count == 0) {
                    break;
                }
            }
            if (found) {
                long va = pkmapAddr(lastPkmapNr);
                pmap.enterKernel(va, page.phys(), PTE_RW | PTE_G);
                pkmapCount[lastPkmapNr] = 1;
                pageAddress.put(page.pfn(), va);
                return va;
            }
            // Every slot is in use: sleep until a kunmap frees one. Somebody may have mapped our page meanwhile.
            kernel.scheduler().sleep(pkmapMapWait, "kmap", 0);
            long va = pageAddress.getOrDefault(page.pfn(), 0L);
            if (va != 0) {
                return va;
            }
        }
    }

    /** Unmaps every slot nobody uses any more (count 1), so they can be handed out again. */
    private void flushAllZeroPkmaps() {
        for (int i = 0; i < LAST_PKMAP; i++) {
            if (pkmapCount[i] != 1) {
                continue;
            }
            pkmapCount[i] = 0;
            int pte = pmap.removeKernel(pkmapAddr(i));
            if (pte == 0) {
                throw bug.bug("flush_all_zero_pkmaps: pkmap slot %d has no mapping", i);
            }
            pageAddress.remove(pte >>> VmLayout.PAGE_SHIFT);
        }
    }

    /** kunmap(): releases a kmap of {@code page}. */
    public void kunmap(Page page) {
        if (kernel.inInterrupt()) {
            throw bug.bug("kunmap: called in interrupt context");
        }
        if (!PageHighMem(page)) {
            return;
        }
        long va = pageAddress.getOrDefault(page.pfn(), 0L);
        if (va == 0) {
            throw bug.bug("kunmap_high: %s is not kmapped", page);
        }
        int nr = pkmapNr(va);
        int left = --pkmapCount[nr];
        if (left == 0) {
            throw bug.bug("kunmap_high: unbalanced kunmap of %s", page);
        }
        if (left == 1 && kernel.scheduler().hasSleepers(pkmapMapWait)) {
            kernel.scheduler().wakeup(pkmapMapWait);
        }
    }

    // ---------------------------------------------------------------------------------------------------------
    // kmap_atomic / kunmap_atomic

    /** kmap_atomic(): a mapping for the current CPU that needs no sleeping; release with kunmap_atomic. */
    public long kmap_atomic(Page page) {
        if (!PageHighMem(page)) {
            return page_address(page);
        }
        int idx = kmapAtomicIdx++;
        if (idx >= KM_TYPE_NR) {
            kmapAtomicIdx--;
            throw bug.bug("kmap_atomic: more than %d nested atomic kmaps", KM_TYPE_NR);
        }
        long va = fixToVirt(FIX_KMAP_BEGIN + idx);
        pmap.enterKernel(va, page.phys(), PTE_RW | PTE_G);
        return va;
    }

    /** kunmap_atomic(): releases the most recent kmap_atomic, given the address it returned. */
    public void kunmap_atomic(long va) {
        long pageVa = va & ~(long) (VmLayout.PAGE_SIZE - 1);
        if (pageVa < FIXADDR_START) {
            return; // a low page's direct-map address: nothing was mapped
        }
        int idx = kmapAtomicIdx - 1;
        if (idx < 0 || pageVa != fixToVirt(FIX_KMAP_BEGIN + idx)) {
            throw bug.bug("kunmap_atomic: 0x%08x is not the last atomic kmap", va);
        }
        pmap.removeKernel(pageVa);
        kmapAtomicIdx = idx;
    }
}
