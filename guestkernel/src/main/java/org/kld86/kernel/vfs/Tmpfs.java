package org.kld86.kernel.vfs;

import org.kld86.kernel.Kernel;
import org.kld86.kernel.proc.Ucred;
import org.kld86.kernel.vm.PageDescriptors;
import org.kld86.kernel.vm.PageRequests;
import org.kld86.kernel.vm.VmLayout;
import org.kld86.kernel.vm.Zone;

/**
 * tmpfs: a writable file system whose files live in memory (FreeBSD's fs/tmpfs). The tree is kept in
 * {@link TmpfsNode}s; a regular file's data lives in guest page frames from the page allocator, one frame per
 * 4 KiB page of the file, taken when a page is first written and given back when the file is truncated over it
 * or removed (after its last close). Pages never written are holes that read as zeroes.
 *
 * <p>Data frames come from the low zones, so that each has a direct-map address and every byte is moved by
 * uiomove through the kernel's page tables. Like FreeBSD's tmpfs_mem_avail(), a write that would leave fewer
 * than {@link #PAGES_MIN_RESERVED} pages free fails with ENOSPC instead of sleeping for memory: a file system
 * must not be able to starve the kernel. The pages in use are counted in the sysctl {@code vfs.tmpfs.pages_used}.
 */
public final class Tmpfs {

    /** TMPFS_PAGES_MINRESERVED: 4 MiB the file data may never eat into. */
    public static final long PAGES_MIN_RESERVED = (4L << 20) / VmLayout.PAGE_SIZE;

    private final Kernel kernel;
    private final Mount mount;
    private long pagesUsed;
    /** One page of zeroes: what a hole reads as (FreeBSD's zero_region). */
    private final long zeroPageVa;

    /** Creates a tmpfs whose root directory has {@code rootMode}, owned by root:wheel. */
    public Tmpfs(Kernel kernel, int fsid, int rootMode) {
        this.kernel = kernel;
        this.mount = new Mount(kernel, "tmpfs", fsid, false);
        mount.setRoot(new TmpfsNode(this, VType.VDIR, rootMode, Ucred.UID_ROOT, Ucred.GID_WHEEL));
        int pfn = kernel.pageRequests().allocPages(0, Zone.NORMAL, PageRequests.WAIT);
        this.zeroPageVa = kernel.vm().pfnToVirt(pfn);
        kernel.memory().fill(zeroPageVa, VmLayout.PAGE_SIZE, 0);
    }

    public Mount mount() {
        return mount;
    }

    Kernel kernel() {
        return kernel;
    }

    /** The number of page frames holding file data. */
    public long pagesUsed() {
        return pagesUsed;
    }

    long zeroPageVa() {
        return zeroPageVa;
    }

    /** A zeroed page frame for file data, or {@link PageDescriptors#NO_PFN} when memory is short. */
    int allocPage() {
        if (kernel.vm().allocator().totalFreePages() <= PAGES_MIN_RESERVED) {
            return PageDescriptors.NO_PFN;
        }
        int pfn = kernel.pageRequests().allocPages(0, Zone.NORMAL, PageRequests.NOWARN);
        if (pfn == PageDescriptors.NO_PFN) {
            return pfn;
        }
        kernel.memory().fill(kernel.vm().pfnToVirt(pfn), VmLayout.PAGE_SIZE, 0);
        pagesUsed++;
        return pfn;
    }

    void freePage(int pfn) {
        kernel.pageRequests().freePages(pfn, 0);
        pagesUsed--;
    }

    /** The direct-map address of a data frame. */
    long va(int pfn) {
        return kernel.vm().pfnToVirt(pfn);
    }
}
