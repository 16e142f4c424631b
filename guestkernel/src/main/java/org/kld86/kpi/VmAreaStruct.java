package org.kld86.kpi;

import org.kld86.kernel.Kernel;

/**
 * {@code struct vm_area_struct}: the part of a process's address space a driver's mmap method is asked to fill,
 * {@code [vm_start, vm_end)}, starting {@code vm_pgoff} pages into the device. The method either maps all of it
 * at once with {@link #remap_pfn_range}, or sets {@code vm_ops} whose fault method gives each page when the
 * process first touches it.
 */
public final class VmAreaStruct {

    public static final int VM_READ = 0x0001;
    public static final int VM_WRITE = 0x0002;
    public static final int VM_EXEC = 0x0004;
    public static final int VM_SHARED = 0x0008;
    public static final int VM_IO = 0x4000;
    public static final int VM_PFNMAP = 0x0400;
    public static final int VM_DONTEXPAND = 0x0004_0000;
    public static final int VM_DONTDUMP = 0x0400_0000;

    public final long vm_start;
    public final long vm_end;
    public final long vm_pgoff;
    public int vm_flags;
    /** The protection the pages get (PROT_READ|PROT_WRITE). */
    public final int vm_page_prot;
    public final LinuxFile vm_file;
    public VmOperationsStruct vm_ops;
    public Object vm_private_data;

    /** Made by the kernel for mmap(2). */
    public VmAreaStruct(long start, long end, long pgoff, int flags, int pageProt, LinuxFile file) {
        this.vm_start = start;
        this.vm_end = end;
        this.vm_pgoff = pgoff;
        this.vm_flags = flags;
        this.vm_page_prot = pageProt;
        this.vm_file = file;
    }

    /**
     * remap_pfn_range(): maps {@code size} bytes from user address {@code addr} to the frames from {@code pfn}
     * on; 0, or -EINVAL for a range outside the area or not page-aligned. Marks the area VM_IO | VM_PFNMAP |
     * VM_DONTEXPAND | VM_DONTDUMP, as Linux does.
     */
    public static int remap_pfn_range(VmAreaStruct vma, long addr, long pfn, long size, int prot) {
        return Kernel.current().devices().chrdevs().remapPfnRange(vma, addr, pfn, size);
    }

    /** vm_insert_pfn(): maps the one page at {@code addr} to frame {@code pfn}; 0 or -EFAULT outside the area. */
    public static int vm_insert_pfn(VmAreaStruct vma, long addr, long pfn) {
        return Kernel.current().devices().chrdevs().insertPfn(vma, addr, pfn);
    }

    @Override
    public String toString() {
        return String.format("vma %08x-%08x pgoff %x", vm_start, vm_end, vm_pgoff);
    }
}
