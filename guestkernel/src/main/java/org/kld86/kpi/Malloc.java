package org.kld86.kpi;

import org.kld86.kernel.Kernel;
import org.kld86.kernel.malloc.MallocFlags;

/**
 * sys/malloc.h: malloc(9), its relatives, and contigmalloc(9).
 *
 * <pre>
 * long p = malloc(sizeof, M_ECHO, M_WAITOK | M_ZERO);   // never NULL with M_WAITOK
 * long q = malloc(n, M_DEVBUF, M_NOWAIT);               // may be 0: check it
 * free(p, M_ECHO);
 * </pre>
 *
 * <p>Small requests are rounded up to a power of two from 16 bytes (malloc(260) takes 512), larger ones to whole
 * pages; {@link #malloc_usable_size} tells what was really given. Exactly one of {@link #M_WAITOK} and
 * {@link #M_NOWAIT} must be given; M_WAITOK may sleep and so never returns NULL, and is forbidden in interrupt
 * context.
 *
 * <p>Traps: the memory is not zeroed without {@link #M_ZERO} (on the INVARIANTS kernel it reads 0xdeadc0de);
 * free of an address malloc did not return panics ("free: address ... has not been allocated."); writing to
 * memory after freeing it is caught at its next allocation ("Memory modified after free"); contigfree must be
 * given the size that was allocated.
 */
public final class Malloc {

    private Malloc() {
    }

    /** Do not sleep: return NULL if the memory is not at hand. */
    public static final int M_NOWAIT = MallocFlags.M_NOWAIT;
    /** May sleep until the memory is there; never returns NULL. */
    public static final int M_WAITOK = MallocFlags.M_WAITOK;
    /** Zero the memory. */
    public static final int M_ZERO = MallocFlags.M_ZERO;
    /** Only what the caches already hold; do not ask the VM. */
    public static final int M_NOVM = MallocFlags.M_NOVM;
    /** May use the reserve. */
    public static final int M_USE_RESERVE = MallocFlags.M_USE_RESERVE;
    /** Accepted, no effect here. */
    public static final int M_NODUMP = MallocFlags.M_NODUMP;
    /** Accepted, no effect here. */
    public static final int M_EXEC = MallocFlags.M_EXEC;

    /** The kernel's "devbuf" type, here too so that {@code import static org.kld86.kpi.Malloc.*} brings it. */
    public static final MallocType M_DEVBUF = MallocType.M_DEVBUF;
    /** The kernel's "temp" type. */
    public static final MallocType M_TEMP = MallocType.M_TEMP;

    private static org.kld86.kernel.malloc.Malloc m(Kernel k) {
        return k.malloc();
    }

    /** malloc(9): {@code size} bytes labelled {@code type}; 0 only with M_NOWAIT. */
    public static long malloc(long size, MallocType type, int flags) {
        Kernel k = Kernel.current();
        return m(k).malloc(size, type.resolve(k), flags);
    }

    /** mallocarray(9): {@code nmemb * size} bytes; an overflowing product panics. */
    public static long mallocarray(long nmemb, long size, MallocType type, int flags) {
        Kernel k = Kernel.current();
        return m(k).mallocarray(nmemb, size, type.resolve(k), flags);
    }

    /** free(9): NULL does nothing. */
    public static void free(long addr, MallocType type) {
        Kernel k = Kernel.current();
        m(k).free(addr, type.resolve(k));
    }

    /** zfree(9): free after zeroing the whole block. */
    public static void zfree(long addr, MallocType type) {
        Kernel k = Kernel.current();
        m(k).zfree(addr, type.resolve(k));
    }

    /**
     * realloc(9): the block resized, contents kept up to the lesser size; on failure 0 and the old block intact.
     * realloc(0, ...) is malloc.
     */
    public static long realloc(long addr, long size, MallocType type, int flags) {
        Kernel k = Kernel.current();
        return m(k).realloc(addr, size, type.resolve(k), flags);
    }

    /** reallocf(9): realloc that frees the old block when it fails. */
    public static long reallocf(long addr, long size, MallocType type, int flags) {
        Kernel k = Kernel.current();
        return m(k).reallocf(addr, size, type.resolve(k), flags);
    }

    /** malloc_usable_size(9): the size of the block at {@code addr}. */
    public static long malloc_usable_size(long addr) {
        return m(Kernel.current()).mallocUsableSize(addr);
    }

    /**
     * contigmalloc(9): {@code size} bytes physically contiguous between {@code low} and {@code high} inclusive,
     * aligned to {@code alignment} and not crossing a multiple of {@code boundary} (0: none); 0 on failure, even
     * with M_WAITOK.
     */
    public static long contigmalloc(long size, MallocType type, int flags, long low, long high, long alignment,
            long boundary) {
        Kernel k = Kernel.current();
        return m(k).contigmalloc(size, type.resolve(k), flags, low, high, alignment, boundary);
    }

    /** contigfree(9): with the size given to contigmalloc. */
    public static void contigfree(long addr, long size, MallocType type) {
        Kernel k = Kernel.current();
        m(k).contigfree(addr, size, type.resolve(k));
    }
}
