package org.kld86.kernel.kld;

import org.kld86.emulator.mmu.PagingBits;
import org.kld86.kernel.Kernel;
import org.kld86.kernel.vm.PageRequests;
import org.kld86.kernel.vm.VmLayout;
import org.kld86.kernel.vm.Zone;

/**
 * A loaded file's image in kernel memory: the .ko's bytes copied into pages mapped in the kmem arena, as the ELF
 * linker maps a file, so a loaded module really occupies guest RAM and kldstat shows where and how big it is.
 */
final class KernelImage {

    private KernelImage() {
    }

    /** Copies the .ko into kernel memory, as the ELF linker maps a file: kldstat shows where and how big. */
    static void load(Kernel kernel, LinkerFile f, byte[] bytes) {
        long size = (bytes.length + VmLayout.PAGE_SIZE - 1) & ~(VmLayout.PAGE_SIZE - 1L);
        long va = kernel.vm().kmemArena().alloc(size, VmLayout.PAGE_SIZE);
        if (va < 0) {
            throw kernel.panic("link_elf: no kernel address space for %s", f.filename);
        }
        for (long off = 0; off < size; off += VmLayout.PAGE_SIZE) {
            int pfn = kernel.pageRequests().allocPages(0, Zone.NORMAL, PageRequests.WAIT);
            kernel.vm().pmap().enterKernel(va + off, (long) pfn << VmLayout.PAGE_SHIFT, PagingBits.PTE_RW | PagingBits.PTE_G);
        }
        kernel.memory().write(va, bytes, 0, bytes.length);
        f.address = va;
        f.size = bytes.length;
    }

    static void free(Kernel kernel, LinkerFile f, boolean isKernel) {
        if (f.address == 0 || isKernel) {
            return;
        }
        long size = kernel.vm().kmemArena().free(f.address);
        for (long off = 0; off < size; off += VmLayout.PAGE_SIZE) {
            int pte = kernel.vm().pmap().removeKernel(f.address + off);
            if ((pte & PagingBits.PTE_P) != 0) {
                kernel.pageRequests().freePages(pte >>> VmLayout.PAGE_SHIFT, 0);
            }
        }
        f.address = 0;
    }

}
