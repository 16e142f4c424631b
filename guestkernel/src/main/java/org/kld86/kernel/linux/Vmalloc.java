package org.kld86.kernel.linux;

import static org.kld86.emulator.mmu.PagingBits.PTE_G;
import static org.kld86.emulator.mmu.PagingBits.PTE_RW;
import static org.kld86.kernel.linux.Gfp.*;

import java.util.Arrays;
import org.kld86.kernel.Kernel;
import org.kld86.kernel.vm.PageDescriptors;
import org.kld86.kernel.vm.VmLayout;

/**
 * vmalloc(9) as Linux 3.10 has it ({@code mm/vmalloc.c}): memory that is contiguous in kernel virtual addresses
 * but not physically, for large buffers that no device needs to reach (LDD3 ch. 8: scullv).
 *
 * <p>{@code vmalloc(size)} rounds the size up to pages, takes an area of the vmalloc address space with one
 * unmapped guard page after it, allocates order-0 pages one at a time with {@code GFP_KERNEL | __GFP_HIGHMEM}
 * (so on a machine with more than 896 MiB they come from HighMem first), marks them PG_VMALLOC and maps them
 * one after another. The pages are wherever the buddy allocator had them: on a fragmented machine they are
 * scattered. A request for more pages than the machine has, for 0 bytes, or for more than the address space
 * holds returns NULL with {@code vmalloc: allocation failure: %lu bytes} and the page allocation failure line
 * (the latter case preceded by {@code vmap allocation for size %lu failed: use vmalloc=<size> to increase
 * size.}).
 *
 * <p>Like 3.10, an area of more than 1024 pages keeps its array of page pointers in a second, nested vmalloc
 * area (flag VM_VPAGES, shown as " vpages"), which /proc/vmallocinfo lists too. 3.10 kmallocs smaller arrays;
 * here they stay bookkeeping, because a kmalloc'ed array would leave a slab page in the kmalloc caches after
 * vfree, and the page accounting of {@link LinuxMemory} (a vfree gives back exactly what the vmalloc took)
 * would then hold only after a reclaim.
 *
 * <p>The traps: vmalloc may sleep and sets up page tables, so calling it in interrupt context is a bug
 * (BUG_ON(in_interrupt()), a panic here); its memory is not physically contiguous, so it is no use for DMA;
 * and vfree must be given exactly the address vmalloc returned.
 */
public final class Vmalloc {

    /** GFP_RECLAIM_MASK (mm/internal.h, 3.10): the flags the nested pages array inherits. */
    static final int GFP_RECLAIM_MASK = __GFP_WAIT | __GFP_HIGH | __GFP_IO | __GFP_FS | __GFP_NOWARN | __GFP_REPEAT
            | __GFP_NOFAIL | __GFP_NORETRY | __GFP_MEMALLOC | __GFP_NOMEMALLOC;

    private final Kernel kernel;
    private final VmAreas areas;
    private final PageAlloc pages;
    private final Bug bug;

    Vmalloc(Kernel kernel, VmAreas areas, PageAlloc pages, Bug bug) {
        this.kernel = kernel;
        this.areas = areas;
        this.pages = pages;
        this.bug = bug;
    }

    /** vmalloc(): {@code size} bytes, page-rounded, virtually contiguous, not zeroed; 0 on failure. */
    public long vmalloc(long size) {
        return vmallocNodeRange(size, GFP_KERNEL | __GFP_HIGHMEM, VmAreas.caller(), "vmalloc");
    }

    /** vzalloc(): as vmalloc, zeroed. */
    public long vzalloc(long size) {
        return vmallocNodeRange(size, GFP_KERNEL | __GFP_HIGHMEM | __GFP_ZERO, VmAreas.caller(), "vzalloc");
    }

    /** __vmalloc_node_range(). */
    private long vmallocNodeRange(long size, int gfp, String caller, String who) {
        if (size < 0 || size > 0xFFFF_FFFFL) {
            throw new IllegalArgumentException(String.format("%s: size %d is not an unsigned 32-bit length", who, size));
        }
        long rounded = VmAreas.pageAlign(size);
        if (rounded != 0 && (rounded >>> VmLayout.PAGE_SHIFT) <= kernel.vm().managedPages()) {
            VmArea area = areas.get(rounded, VmArea.VM_ALLOC, caller, who);
            if (area != null) {
                return vmallocAreaNode(area, gfp, caller);
            }
        }
        pages.warnAllocFailed(gfp, 0, "vmalloc: allocation failure: %d bytes%n", size);
        return 0;
    }

    /** __vmalloc_area_node(): backs a fresh area with pages and maps them. */
    private long vmallocAreaNode(VmArea area, int gfp, String caller) {
        int nrPages = (int) (area.usableSize() >>> VmLayout.PAGE_SHIFT);
        long arrayBytes = 4L * nrPages;
        if (arrayBytes > VmLayout.PAGE_SIZE) {
            int nested = (gfp & GFP_RECLAIM_MASK) | __GFP_ZERO | __GFP_HIGHMEM;
            long array = vmallocNodeRange(arrayBytes, nested, caller, "vmalloc");
            if (array == 0) {
                areas.remove(area.addr());
                return 0;
            }
            area.pagesArrayVa = array;
            area.flags |= VmArea.VM_VPAGES;
        }
        int[] pfns = new int[nrPages];
        for (int i = 0; i < nrPages; i++) {
            Page page = pages.alloc_page(gfp | __GFP_NOWARN);
            if (page == null) {
                area.pfns = Arrays.copyOf(pfns, i);
                pages.warnAllocFailed(gfp, 0, "vmalloc: allocation failure, allocated %d of %d bytes%n",
                        (long) i * VmLayout.PAGE_SIZE, area.size());
                vfree(area.addr());
                return 0;
            }
            pfns[i] = page.pfn();
            kernel.vm().pages().setFlag(page.pfn(), PageDescriptors.PG_VMALLOC);
            if (area.pagesArrayVa != 0) {
                kernel.memory().write32(area.pagesArrayVa + 4L * i, (int) page.memMapAddress());
            }
        }
        area.pfns = pfns;
        for (int i = 0; i < nrPages; i++) {
            kernel.vm().pmap().enterKernel(area.addr() + ((long) i << VmLayout.PAGE_SHIFT),
                    (long) pfns[i] << VmLayout.PAGE_SHIFT, PTE_RW | PTE_G);
        }
        return area.addr();
    }

    /**
     * vfree(): unmaps and frees an area vmalloc returned; 0 is a no-op. A misaligned address or one where no
     * area starts is a WARN (Linux's words, the address printed as 3.10's %p: eight hex digits) and nothing is
     * freed. 3.10 defers a vfree in interrupt context to a work item; nothing here sleeps, so it is done at once.
     */
    public void vfree(long addr) {
        if (addr == 0) {
            return;
        }
        __vunmap(addr);
    }

    private void __vunmap(long addr) {
        if ((addr & (VmLayout.PAGE_SIZE - 1)) != 0) {
            bug.warn("Trying to vfree() bad address (%08x)%n", addr);
            return;
        }
        VmArea area = areas.remove(addr);
        if (area == null) {
            bug.warn("Trying to vfree() nonexistent vm area (%08x)%n", addr);
            return;
        }
        for (int pfn : area.pfns) {
            pages.__free_page(new Page(pfn));
        }
        if ((area.flags() & VmArea.VM_VPAGES) != 0) {
            vfree(area.pagesArrayVa);
        }
    }

    /** vmalloc_to_page(): the page mapped at {@code addr}, found by walking the kernel page tables; null if none. */
    public Page vmalloc_to_page(long addr) {
        long pa = kernel.vm().pmap().extract(addr);
        return pa < 0 ? null : new Page((int) (pa >>> VmLayout.PAGE_SHIFT));
    }

    /**
     * vmalloc_to_pfn(): the frame mapped at {@code addr}. With nothing mapped Linux computes page_to_pfn(NULL), a
     * meaningless number; this returns -1.
     */
    public long vmalloc_to_pfn(long addr) {
        Page page = vmalloc_to_page(addr);
        return page == null ? -1 : page.pfn();
    }

    /** is_vmalloc_addr(): whether {@code addr} lies between VMALLOC_START and VMALLOC_END. */
    public boolean is_vmalloc_addr(long addr) {
        return addr >= areas.start() && addr < areas.end();
    }

    /** find_vm_area(): the area starting at {@code addr}, or null. */
    public VmArea find_vm_area(long addr) {
        return areas.find(addr);
    }

    /** VMALLOC_START. */
    public long vmallocStart() {
        return areas.start();
    }

    /** VMALLOC_END. */
    public long vmallocEnd() {
        return areas.end();
    }
}
