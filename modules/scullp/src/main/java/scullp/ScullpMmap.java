package scullp;

import static org.kld86.kpi.Errno.ENODEV;
import static org.kld86.kpi.Inode.iminor;
import static org.kld86.kpi.LinuxFile.file_inode;
import static org.kld86.kpi.Mm.PAGE_SHIFT;
import static org.kld86.kpi.Mm.virt_to_page;
import static org.kld86.kpi.VmOperationsStruct.VM_FAULT_NOPAGE;
import static scullp.Scullp.*;
import static org.kld86.kpi.Semaphore.down;
import static org.kld86.kpi.Semaphore.up;

import org.kld86.kpi.Inode;
import org.kld86.kpi.LinuxFile;
import org.kld86.kpi.PageRef;
import org.kld86.kpi.Struct;
import org.kld86.kpi.VmAreaStruct;
import org.kld86.kpi.VmFault;
import org.kld86.kpi.VmOperationsStruct;

/**
 * Memory mapping for scullp (LDD3's scullp/mmap.c): mmap sets up nothing; each page is handed out by the fault
 * method when the process first touches it, found in the device's lists as read() would find it. A page past the
 * device's size, or in a hole, is not given, and the process gets SIGBUS.
 *
 * <p>Only order 0 can be mapped ("refuse to map if order is not 0", ENODEV): as LDD3 explains, Linux counts a
 * mapped page's references one page at a time, and the pages inside a multi-page block have no count of their
 * own. The mappings are counted in {@code vmas}, and trim refuses to free the pages while any is left.
 */
final class ScullpMmap {

    private ScullpMmap() {
    }

    /* open and close: just keep track of how many times the device is mapped, to avoid releasing it. */

    static void scullp_vma_open(VmAreaStruct vma) {
        scullp_dev dev = (scullp_dev) vma.vm_private_data;
        dev.vmas(dev.vmas() + 1);
    }

    static void scullp_vma_close(VmAreaStruct vma) {
        scullp_dev dev = (scullp_dev) vma.vm_private_data;
        dev.vmas(dev.vmas() - 1);
    }

    /**
     * The nopage method: the core of the file. It retrieves the page required from the scullp device and returns
     * it to the user. (LDD3 increments the page's count here, because Linux decrements it at unmap; see
     * {@link VmFault#page(PageRef)} for why this kernel needs no get_page.)
     */
    static int scullp_vma_nopage(VmAreaStruct vma, VmFault vmf) {
        scullp_dev dev = (scullp_dev) vma.vm_private_data;
        long pageptr = 0; /* default to "missing" */
        int retval = VM_FAULT_NOPAGE;

        down(sem(dev));
        out: {
            long offset = (vmf.virtual_address - vma.vm_start) + (vma.vm_pgoff << PAGE_SHIFT);
            if (offset >= size(dev)) {
                break out; /* out of range */
            }

            /*
             * Now retrieve the scullp device from the list,then the page.
             * If the device has holes, the process receives a SIGBUS when
             * accessing the hole.
             */
            offset >>= PAGE_SHIFT; /* offset is a number of pages */
            long ptr = Struct.addressOf(dev);
            while (ptr != 0 && offset >= dev.qset()) {
                ptr = dev_at(ptr).next();
                offset -= dev.qset();
            }
            if (ptr != 0 && dev_at(ptr).data() != 0) {
                pageptr = Scullp.ptr(dev_at(ptr).data(), (int) offset);
            }
            if (pageptr == 0) {
                break out; /* hole or end-of-file */
            }
            PageRef page = virt_to_page(pageptr);

            /* got it */
            vmf.page(page);
            retval = 0;
        }
        up(sem(dev));
        return retval;
    }

    static final VmOperationsStruct scullp_vm_ops = new VmOperationsStruct()
            .open(ScullpMmap::scullp_vma_open)
            .close(ScullpMmap::scullp_vma_close)
            .fault(ScullpMmap::scullp_vma_nopage);

    static int scullp_mmap(LinuxFile filp, VmAreaStruct vma) {
        Inode inode = file_inode(filp);

        /* refuse to map if order is not 0 */
        if (scullp_device(iminor(inode)).order() != 0) {
            return -ENODEV;
        }

        /* don't do anything here: "nopage" will set up page table entries */
        vma.vm_ops = scullp_vm_ops;
        vma.vm_private_data = filp.private_data;
        scullp_vma_open(vma);
        return 0;
    }
}
