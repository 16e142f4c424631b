package org.kld86.kpi;

/**
 * {@code struct vm_operations_struct}: what a driver's mapping does when it is opened (duplicated), closed
 * (munmap, exit) and touched where no page is mapped yet. LDD3's scullp fills {@code fault} (2.6's
 * {@code nopage}) to hand out the device's pages one by one, and counts its mappings in open and close.
 */
public class VmOperationsStruct {

    public static final int VM_FAULT_OOM = 0x0001;
    public static final int VM_FAULT_SIGBUS = 0x0002;
    public static final int VM_FAULT_MAJOR = 0x0004;
    public static final int VM_FAULT_NOPAGE = 0x0100;
    public static final int VM_FAULT_LOCKED = 0x0200;
    /** VM_FAULT_ERROR: the outcomes that end in a signal. */
    public static final int VM_FAULT_ERROR = VM_FAULT_OOM | VM_FAULT_SIGBUS;

    /** {@code void (*open)(struct vm_area_struct *)} and {@code close}. */
    @FunctionalInterface
    public interface VmaHook {
        void call(VmAreaStruct vma);
    }

    /** {@code int (*fault)(struct vm_area_struct *, struct vm_fault *)}: 0 with vmf.page set, or VM_FAULT_*. */
    @FunctionalInterface
    public interface Fault {
        int fault(VmAreaStruct vma, VmFault vmf);
    }

    public VmaHook open;
    public VmaHook close;
    public Fault fault;

    public VmOperationsStruct open(VmaHook f) {
        this.open = f;
        return this;
    }

    public VmOperationsStruct close(VmaHook f) {
        this.close = f;
        return this;
    }

    public VmOperationsStruct fault(Fault f) {
        this.fault = f;
        return this;
    }
}
