package org.kld86.kpi;

import org.kld86.kernel.Kernel;

/**
 * {@code struct malloc_type}: the label each malloc(9) and free(9) carries, so that {@code vmstat -m} can show
 * memory by purpose. A module defines its own with {@link #define} (MALLOC_DEFINE) or uses a kernel one,
 * {@link #M_DEVBUF} or {@link #M_TEMP}:
 *
 * <pre>
 * static final MallocType M_ECHO = MallocType.define("echo", "echo buffers");   // MALLOC_DEFINE
 * long p = malloc(260, M_ECHO, M_WAITOK);
 * free(p, M_ECHO);
 * </pre>
 *
 * <p>Defined in a class initialiser (or in MOD_LOAD), the type is registered while the module loads and taken
 * away when it unloads, as MALLOC_DEFINE's SYSINIT and SYSUNINIT do. If the type still holds memory then, the
 * console reports the leak: {@code Warning: memory type echo leaked memory on destroy (1 allocations, 512 bytes
 * leaked).} Free everything in MOD_UNLOAD.
 *
 * <p>Trap: freeing with the wrong type is not detected; it only skews both types' statistics.
 */
public final class MallocType {

    private static final int OWN = 0;
    private static final int DEVBUF = 1;
    private static final int TEMP = 2;

    /** M_DEVBUF "devbuf": device driver memory. */
    public static final MallocType M_DEVBUF = new MallocType(null, DEVBUF);
    /** M_TEMP "temp": misc temporary data buffers. */
    public static final MallocType M_TEMP = new MallocType(null, TEMP);

    private final org.kld86.kernel.malloc.MallocType type;
    private final int builtin;

    private MallocType(org.kld86.kernel.malloc.MallocType type, int builtin) {
        this.type = type;
        this.builtin = builtin;
    }

    /**
     * MALLOC_DEFINE(type, shortdesc, longdesc): a new type, registered now. During a kldload it is torn down at
     * the module's kldunload, with the leak check; defined at any other time it stays.
     */
    public static MallocType define(String shortdesc, String longdesc) {
        Kernel k = Kernel.current();
        org.kld86.kernel.malloc.MallocType t = k.malloc().define(shortdesc, longdesc);
        k.linker().registerUninit(() -> k.malloc().uninit(t));
        return new MallocType(t, OWN);
    }

    /** The kernel's type this stands for, in the calling thread's kernel. */
    org.kld86.kernel.malloc.MallocType resolve(Kernel k) {
        return switch (builtin) {
            case DEVBUF -> k.malloc().M_DEVBUF;
            case TEMP -> k.malloc().M_TEMP;
            default -> type;
        };
    }

    /** ks_shortdesc: the name vmstat -m shows. */
    public String shortdesc() {
        return switch (builtin) {
            case DEVBUF -> "devbuf";
            case TEMP -> "temp";
            default -> type.shortdesc();
        };
    }

    @Override
    public String toString() {
        return "malloc type " + shortdesc();
    }
}
