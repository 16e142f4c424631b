package org.kld86.kernel.malloc;

/**
 * The flags of malloc(9), contigmalloc(9) and zone(9) (sys/sys/malloc.h, FreeBSD 11 to 14 values).
 *
 * <p>The trap: exactly one of {@link #M_WAITOK} and {@link #M_NOWAIT} must be given. M_WAITOK may sleep and then
 * never returns NULL (except from contigmalloc, which may give up); M_NOWAIT never sleeps and may return NULL, and
 * is the only choice in interrupt context. The INVARIANTS kernel complains once about a call with neither or both
 * ("Bad malloc flags") and treats it as M_WAITOK.
 */
public final class MallocFlags {

    /** Do not block: return NULL if the memory is not at hand. */
    public static final int M_NOWAIT = 0x0001;
    /** May block until the memory is there. */
    public static final int M_WAITOK = 0x0002;
    /** Zero the memory. */
    public static final int M_ZERO = 0x0100;
    /** Do not ask the VM for pages: only what the caches and slabs already hold. */
    public static final int M_NOVM = 0x0200;
    /** May dip into the reserve kept for the system. */
    public static final int M_USE_RESERVE = 0x0400;
    /** Leave the memory out of kernel dumps (accepted, no effect here). */
    public static final int M_NODUMP = 0x0800;
    /** Accepted, no effect here. */
    public static final int M_FIRSTFIT = 0x1000;
    /** Accepted, no effect here. */
    public static final int M_BESTFIT = 0x2000;
    /** Executable memory (accepted; the machine does not enforce no-execute). */
    public static final int M_EXEC = 0x4000;

    private MallocFlags() {
    }
}
