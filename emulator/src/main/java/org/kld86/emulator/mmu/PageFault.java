package org.kld86.emulator.mmu;

import org.kld86.emulator.cpu.CpuException;

/**
 * A #PF (vector 14) that reached the host: the faulting linear address (what CR2 holds) and the error code
 * (P, W/R, U/S, RSVD; SDM §4.7).
 */
public final class PageFault extends CpuException {

    private final int linearAddress;

    public PageFault(int linearAddress, int errorCode, String why) {
        super(PagingBits.VECTOR_PF, errorCode, String.format("page fault at 0x%08x, error code 0x%x (%s)%s",
                linearAddress, errorCode, describe(errorCode), why.isEmpty() ? "" : ": " + why));
        this.linearAddress = linearAddress;
    }

    /** The faulting linear address, not page aligned. */
    public int linearAddress() {
        return linearAddress;
    }

    /** The error code spelled out the way FreeBSD's trap_fatal words the fault code. */
    public static String describe(int errorCode) {
        return ((errorCode & PagingBits.PF_U) != 0 ? "user" : "supervisor")
                + ((errorCode & PagingBits.PF_W) != 0 ? " write" : " read")
                + " data, "
                + ((errorCode & PagingBits.PF_RSVD) != 0 ? "reserved bits in PTE"
                        : (errorCode & PagingBits.PF_P) != 0 ? "protection violation" : "page not present");
    }
}
