package org.kld86.kernel.vm;

import static org.kld86.emulator.mmu.PagingBits.*;

import java.util.ArrayList;
import java.util.List;
import org.kld86.emulator.memory.PhysicalMemory;
import org.kld86.emulator.mmu.Mmu;

/**
 * The kernel's page tables, built in guest RAM and read by the MMU: the physical map layer (FreeBSD's pmap,
 * Linux's arch/x86/mm).
 *
 * <p>Every page directory, the kernel's and each process's, shares the kernel half (PDE 768-1023). Low memory
 * is direct-mapped there with 4 MiB global pages (CR4.PSE, CR4.PGE), a partial last 4 MiB with a page table.
 * The rest of the kernel half (vmalloc, kmem, kmap) gets page tables on demand; when one is created its PDE is
 * written into every page directory at once, so no directory ever misses a kernel mapping (i386 Linux syncs
 * the same PDEs lazily from its fault handler instead).
 *
 * <p>Page-table pages come from the page allocator, zeroed, marked PG_PGTABLE. Writes to the tables go to
 * physical memory, as a kernel writing through its direct map would; a removed mapping is INVLPG'd.
 */
public final class Pmap {

    /** Kernel PDE index of PAGE_OFFSET. */
    public static final int KERNEL_PDE_FIRST = (int) (VmLayout.PAGE_OFFSET >>> 22);

    private final PhysicalMemory phys;
    private final Mmu mmu;
    private final PageAllocator allocator;
    private final VmLayout layout;
    private final long kernelPdPa;
    private final List<Long> directories = new ArrayList<>();
    private long pageTablePages;

    Pmap(PhysicalMemory phys, Mmu mmu, PageAllocator allocator, VmLayout layout) {
        this.phys = phys;
        this.mmu = mmu;
        this.allocator = allocator;
        this.layout = layout;
        this.kernelPdPa = allocTablePage();
        directories.add(kernelPdPa);
    }

    /** Physical address of the kernel's page directory (what CR3 holds when no process runs). */
    public long kernelDirectory() {
        return kernelPdPa;
    }

    /** Pages spent on page directories and page tables. */
    public long pageTablePages() {
        return pageTablePages;
    }

    private long allocTablePage() {
        int pfn = allocator.alloc(0, Zone.NORMAL, PageAllocator.ALLOC_NO_WATERMARKS);
        if (pfn == PageDescriptors.NO_PFN) {
            throw new OutOfMemoryError("pmap: no page for a page table");
        }
        allocator.pages().setFlag(pfn, PageDescriptors.PG_PGTABLE);
        long pa = (long) pfn << VmLayout.PAGE_SHIFT;
        phys.fill(pa, VmLayout.PAGE_SIZE, 0);
        pageTablePages++;
        return pa;
    }

    /**
     * Maps low memory at PAGE_OFFSET: 4 MiB global pages where a whole 4 MiB of RAM range fits, 4 KiB pages for
     * the tail.
     */
    void mapLowMemory() {
        long top = layout.lowmemTopBytes();
        long pa = 0;
        while (pa < top) {
            long va = VmLayout.PAGE_OFFSET + pa;
            if (pa + (4L << 20) <= top) {
                setKernelPde((int) (va >>> 22), (int) pa | PDE_PS | PTE_G | PTE_RW | PTE_P | PTE_A | PTE_D);
                pa += 4L << 20;
            } else {
                enterKernel(va, pa, PTE_RW | PTE_G);
                pa += VmLayout.PAGE_SIZE;
            }
        }
    }

    private void setKernelPde(int index, int pde) {
        for (long pd : directories) {
            phys.write32(pd + 4L * index, pde);
        }
    }

    /** Registers a new (process) page directory and copies the kernel half into it. */
    public void addDirectory(long pdPa) {
        for (int i = KERNEL_PDE_FIRST; i < 1024; i++) {
            phys.write32(pdPa + 4L * i, phys.read32(kernelPdPa + 4L * i));
        }
        directories.add(pdPa);
    }

    /** Forgets a page directory that is being freed. */
    public void removeDirectory(long pdPa) {
        directories.remove(pdPa);
    }

    /**
     * Maps the kernel page at {@code va} to the frame at {@code pa} (pmap_kenter). {@code flags} adds PTE bits
     * (R/W, G, PCD for device memory); P is implied. The old translation, if any, is invalidated.
     */
    public void enterKernel(long va, long pa, int flags) {
        if (va < VmLayout.PAGE_OFFSET) {
            throw new IllegalArgumentException(String.format("pmap_kenter: 0x%x is not a kernel address", va));
        }
        long ptePa = pteAddress(va, true);
        phys.write32(ptePa, (int) (pa & 0xFFFFF000L) | flags | PTE_P);
        mmu.invlpg((int) va);
    }

    /** Removes the kernel mapping of {@code va} (pmap_kremove) and returns the old PTE (0 if none). */
    public int removeKernel(long va) {
        long ptePa = pteAddress(va, false);
        if (ptePa < 0) {
            return 0;
        }
        int old = phys.read32(ptePa);
        phys.write32(ptePa, 0);
        mmu.invlpg((int) va);
        return old;
    }

    /** The physical address of the PTE for kernel {@code va}, creating its page table if asked; -1 if none. */
    private long pteAddress(long va, boolean create) {
        int pdeIndex = (int) (va >>> 22);
        int pde = phys.read32(kernelPdPa + 4L * pdeIndex);
        if ((pde & PTE_P) == 0) {
            if (!create) {
                return -1;
            }
            long pt = allocTablePage();
            pde = (int) pt | PTE_P | PTE_RW;
            setKernelPde(pdeIndex, pde);
        } else if ((pde & PDE_PS) != 0) {
            throw new IllegalStateException(String.format("pmap: 0x%x lies in a 4 MiB mapping", va));
        }
        return (pde & FRAME_4K & 0xFFFFFFFFL) + (((va >>> 12) & 0x3FF) << 2);
    }

    // ---------------------------------------------------------------------------------------------------------
    // User mappings (the lower 3 GiB of one directory)

    /**
     * Maps the user page {@code va} of the directory {@code pdPa} to the frame {@code pa} with PTE bits
     * {@code flags} (U/S and P implied), creating the page table on demand. Invalidates the TLB if the directory
     * is the one in CR3.
     */
    public void enterUser(long pdPa, long va, long pa, int flags) {
        if (va >= VmLayout.PAGE_OFFSET) {
            throw new IllegalArgumentException(String.format("pmap_enter: 0x%x is not a user address", va));
        }
        long pdeAddr = pdPa + 4L * (va >>> 22);
        int pde = phys.read32(pdeAddr);
        if ((pde & PTE_P) == 0) {
            long pt = allocTablePage();
            pde = (int) pt | PTE_P | PTE_RW | PTE_US;
            phys.write32(pdeAddr, pde);
        }
        long pteAddr = (pde & FRAME_4K & 0xFFFFFFFFL) + (((va >>> 12) & 0x3FF) << 2);
        phys.write32(pteAddr, (int) (pa & 0xFFFFF000L) | flags | PTE_US | PTE_P);
        if ((mmu.cr3() & FRAME_4K) == pdPa) {
            mmu.invlpg((int) va);
        }
    }

    /** Removes the user mapping of {@code va} in {@code pdPa}; returns the old PTE (0 if none). */
    public int removeUser(long pdPa, long va) {
        int pde = phys.read32(pdPa + 4L * (va >>> 22));
        if ((pde & PTE_P) == 0) {
            return 0;
        }
        long pteAddr = (pde & FRAME_4K & 0xFFFFFFFFL) + (((va >>> 12) & 0x3FF) << 2);
        int old = phys.read32(pteAddr);
        phys.write32(pteAddr, 0);
        if ((old & PTE_P) != 0 && (mmu.cr3() & FRAME_4K) == pdPa) {
            mmu.invlpg((int) va);
        }
        return old;
    }

    /** A new, empty user page directory sharing the kernel half; registered so kernel PDEs reach it. */
    public long newUserDirectory() {
        long pd = allocTablePage();
        addDirectory(pd);
        return pd;
    }

    /**
     * Frees a user directory: every page table of the user half (the frames they map are the caller's to free
     * first) and the directory itself.
     */
    public void freeUserDirectory(long pdPa) {
        removeDirectory(pdPa);
        for (int i = 0; i < KERNEL_PDE_FIRST; i++) {
            int pde = phys.read32(pdPa + 4L * i);
            if ((pde & PTE_P) != 0) {
                freeTablePage(pde & FRAME_4K & 0xFFFFFFFFL);
            }
        }
        freeTablePage(pdPa);
    }

    private void freeTablePage(long pa) {
        int pfn = (int) (pa >>> VmLayout.PAGE_SHIFT);
        allocator.pages().clearFlag(pfn, PageDescriptors.PG_PGTABLE);
        allocator.free(pfn, 0);
        pageTablePages--;
    }

    /** Calls {@code visitor} with (va, pte) for every present user PTE of {@code pdPa}, in address order. */
    public void forEachUserPte(long pdPa, java.util.function.BiConsumer<Long, Integer> visitor) {
        for (int i = 0; i < KERNEL_PDE_FIRST; i++) {
            int pde = phys.read32(pdPa + 4L * i);
            if ((pde & PTE_P) == 0) {
                continue;
            }
            long pt = pde & FRAME_4K & 0xFFFFFFFFL;
            for (int j = 0; j < 1024; j++) {
                int pte = phys.read32(pt + 4L * j);
                if ((pte & PTE_P) != 0) {
                    visitor.accept(((long) i << 22) | ((long) j << 12), pte);
                }
            }
        }
    }

    /**
     * pmap_extract / vtophys: the physical address {@code va} maps to through the page directory at {@code pdPa},
     * by walking the tables in RAM (not the TLB); -1 if unmapped.
     */
    public long extract(long pdPa, long va) {
        int pde = phys.read32(pdPa + 4L * ((va >>> 22) & 0x3FF));
        if ((pde & PTE_P) == 0) {
            return -1;
        }
        if ((pde & PDE_PS) != 0) {
            return (pde & FRAME_4M & 0xFFFFFFFFL) | (va & 0x3FFFFF);
        }
        int pte = phys.read32((pde & FRAME_4K & 0xFFFFFFFFL) + (((va >>> 12) & 0x3FF) << 2));
        if ((pte & PTE_P) == 0) {
            return -1;
        }
        return (pte & FRAME_4K & 0xFFFFFFFFL) | (va & 0xFFF);
    }

    /** vtophys of a kernel address through the kernel's own directory. */
    public long extract(long va) {
        return extract(kernelPdPa, va);
    }

    /** Turns paging on with the kernel directory: CR4.PSE|PGE, CR3, then CR0.PG|WP. */
    void activate() {
        mmu.setCr4(mmu.cr4() | CR4_PSE | CR4_PGE);
        mmu.setCr3((int) kernelPdPa);
        mmu.setCr0(mmu.cr0() | CR0_PG | CR0_WP);
    }
}
