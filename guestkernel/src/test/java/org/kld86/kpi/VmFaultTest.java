package org.kld86.kpi;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** struct vm_fault: a fault handler answers with a struct page pointer, the frame's entry in mem_map. */
class VmFaultTest {

    @Test
    void aPageAnswersWithItsMemMapAddress() {
        VmFault vmf = new VmFault(0, 3, 0x4000_3000L);
        vmf.page(new PageRef(0x123));
        // mem_map follows the kernel image (loaded at 4 MiB, 0x1E0000 bytes) in the direct map, 32 bytes a frame.
        assertEquals(0xC000_0000L + 0x40_0000L + 0x1E_0000L + 0x123 * 32, vmf.page);
        vmf.page(null);
        assertEquals(0, vmf.page, "no page: nothing mapped, the fault is SIGBUS");
    }
}
