package scullv;

import static org.kld86.kpi.Mm.PAGE_SHIFT;
import static org.kld86.kpi.Vmalloc.vmalloc_to_page;
import static org.kld86.kpi.VmOperationsStruct.VM_FAULT_NOPAGE;
import static scullv.Scullv.*;
import static org.kld86.kpi.Semaphore.down;
import static org.kld86.kpi.Semaphore.up;

import org.kld86.kpi.LinuxFile;
import org.kld86.kpi.PageRef;
import org.kld86.kpi.Struct;
import org.kld86.kpi.VmAreaStruct;
import org.kld86.kpi.VmFault;
import org.kld86.kpi.VmOperationsStruct;

/**
 * Memory mapping for scullv (LDD3's scullv/mmap.c): mmap sets up nothing; each page is handed out by the fault
 * method when the process first touches it. A quantum is a vmalloc area, contiguous only in kernel virtual
 * addresses, so the page is found with vmalloc_to_page ("since it's a vmalloc address, turn it into a struct
 * page"). A page past the device's size, or in a hole, is not given, and the process gets SIGBUS.
 *
 * <p>One change from LDD3: its fault method takes the page number in the device as the index of a quantum,
 * which is right only when a quantum is one page. scullv's quanta are {@code 1 << order} pages (16 by default),
 * so here the page number is split into the quantum and the page within it; a mapping then shows the same bytes
 * read() does, whatever the order.
 */
final class ScullvMmap {

    private ScullvMmap() {
    }

    /* open and close: just keep track of how many times the device is mapped, to avoid releasing it. */

    static void scullv_vma_open(VmAreaStruct vma) {
        scullv_dev dev = (scullv_dev) vma.vm_private_data;
        dev.vmas(dev.vmas() + 1);
    }

    static void scullv_vma_close(VmAreaStruct vma) {
        scullv_dev dev = (scullv_dev) vma.vm_private_data;
        dev.vmas(dev.vmas() - 1);
    }

    /**
     * The nopage method: the core of the file. It retrieves the page required from the scullv device and returns
     * it to the user (see {@link VmFault#page(PageRef)} for why this kernel needs no get_page).
     */
    static int scullv_vma_nopage(VmAreaStruct vma, VmFault vmf) {
        scullv_dev dev = (scullv_dev) vma.vm_private_data;
        long pageptr = 0; /* default to "missing" */
        int retval = VM_FAULT_NOPAGE;

        down(sem(dev));
        out: {
            long offset = (vmf.virtual_address - vma.vm_start) + (vma.vm_pgoff << PAGE_SHIFT);
            if (offset >= size(dev)) {
                break out; /* out of range */
            }

            /*
             * Now retrieve the scullv device from the list,then the page.
             * If the device has holes, the process receives a SIGBUS when
             * accessing the hole.
             */
            offset >>= PAGE_SHIFT; /* offset is a number of pages */
            long quantum = offset >> dev.order(); /* the quantum holding the page */
            long page_in_quantum = offset & ((1L << dev.order()) - 1);
            long ptr = Struct.addressOf(dev);
            while (ptr != 0 && quantum >= dev.qset()) {
                ptr = dev_at(ptr).next();
                quantum -= dev.qset();
            }
            if (ptr != 0 && dev_at(ptr).data() != 0 && Scullv.ptr(dev_at(ptr).data(), (int) quantum) != 0) {
                pageptr = Scullv.ptr(dev_at(ptr).data(), (int) quantum) + (page_in_quantum << PAGE_SHIFT);
            }
            if (pageptr == 0) {
                break out; /* hole or end-of-file */
            }

            /*
             * After scullv lookup, "page" is now the address of the page
             * needed by the current process. Since it's a vmalloc address,
             * turn it into a struct page.
             */
            PageRef page = vmalloc_to_page(pageptr);

            /* got it */
            vmf.page(page);
            retval = 0;
        }
        up(sem(dev));
        return retval;
    }

    static final VmOperationsStruct scullv_vm_ops = new VmOperationsStruct()
            .open(ScullvMmap::scullv_vma_open)
            .close(ScullvMmap::scullv_vma_close)
            .fault(ScullvMmap::scullv_vma_nopage);

    static int scullv_mmap(LinuxFile filp, VmAreaStruct vma) {
        /* don't do anything here: "nopage" will set up page table entries */
        vma.vm_ops = scullv_vm_ops;
        vma.vm_private_data = filp.private_data;
        scullv_vma_open(vma);
        return 0;
    }
}
