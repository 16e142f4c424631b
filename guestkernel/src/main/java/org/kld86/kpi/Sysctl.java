package org.kld86.kpi;

import java.nio.charset.StandardCharsets;
import org.kld86.kernel.Kernel;
import org.kld86.kernel.kld.LinkerFile;
import org.kld86.kernel.kld.ModuleCalls;
import org.kld86.kernel.sysctl.DynamicOids;
import org.kld86.kernel.sysctl.Sysctl.Handler;
import org.kld86.kernel.sysctl.Sysctl.Request;

/**
 * sys/sysctl.h for drivers: knobs and counters under names such as {@code hw.echo.verbose}, read and set with
 * sysctl(8). A module adds them at load with the dynamic API of sysctl_add_oid(9) and sysctl_ctx_init(9), and
 * frees its context at unload:
 *
 * <pre>
 * static final SysctlCtxList ctx = new SysctlCtxList();
 * static final int[] verbose = {0};
 * // MOD_LOAD:
 * sysctl_ctx_init(ctx);
 * SysctlOid node = SYSCTL_ADD_NODE(ctx, SYSCTL_STATIC_CHILDREN("hw"), OID_AUTO, "echo", CTLFLAG_RW, null,
 *         "echo driver");
 * SYSCTL_ADD_INT(ctx, SYSCTL_CHILDREN(node), OID_AUTO, "verbose", CTLFLAG_RWTUN, verbose, 0,
 *         "print every write");
 * SYSCTL_ADD_PROC(ctx, SYSCTL_CHILDREN(node), OID_AUTO, "size", CTLTYPE_INT | CTLFLAG_RW, null, 0,
 *         Echo::sysctl_size, "I", "buffer size");
 * // MOD_UNLOAD:
 * sysctl_ctx_free(ctx);
 * </pre>
 *
 * A C driver passes the address of its variable. A Java driver passes either a kernel address (a field of a
 * malloc'ed softc) or a one-element array that stands for the variable ({@code int[]} for int, uint and long,
 * {@code long[]} for 64-bit, {@code String[]} for a string). A handler of SYSCTL_ADD_PROC is C's
 * {@code SYSCTL_HANDLER_ARGS} function:
 *
 * <pre>
 * static int sysctl_size(SysctlOid oidp, Object arg1, long arg2, SysctlReq req) {
 *     int[] val = {size};
 *     int error = sysctl_handle_int(oidp, val, 0, req);
 *     if (error != 0 || req.newptr() == 0) return error;
 *     if (val[0] &lt; 16) return EINVAL;
 *     size = val[0];
 *     return 0;
 * }
 * </pre>
 *
 * <p>Semantics as in kern_sysctl.c: a set needs CTLFLAG_WR and root (or CTLFLAG_ANYBODY); a leaf flagged
 * CTLFLAG_TUN takes its first value from the kernel environment when it is added; a name that is already a leaf
 * is refused ({@code sysctl_add_oid: can't re-use a leaf (...)!} and null), one that is already a node is shared.
 * Names only: OID_AUTO and fixed numbers are accepted, but oids are found by name. On i386 long is 32 bits. What
 * a module does not free is removed, with a warning, when it is unloaded.
 */
public final class Sysctl {

    private Sysctl() {
    }

    private static final StackWalker WALKER = StackWalker.getInstance(StackWalker.Option.RETAIN_CLASS_REFERENCE);

    public static final int CTLTYPE = org.kld86.kernel.sysctl.Sysctl.CTLTYPE;
    public static final int CTLTYPE_NODE = org.kld86.kernel.sysctl.Sysctl.CTLTYPE_NODE;
    public static final int CTLTYPE_INT = org.kld86.kernel.sysctl.Sysctl.CTLTYPE_INT;
    public static final int CTLTYPE_STRING = org.kld86.kernel.sysctl.Sysctl.CTLTYPE_STRING;
    public static final int CTLTYPE_S64 = org.kld86.kernel.sysctl.Sysctl.CTLTYPE_S64;
    public static final int CTLTYPE_OPAQUE = org.kld86.kernel.sysctl.Sysctl.CTLTYPE_OPAQUE;
    public static final int CTLTYPE_STRUCT = CTLTYPE_OPAQUE;
    public static final int CTLTYPE_UINT = org.kld86.kernel.sysctl.Sysctl.CTLTYPE_UINT;
    public static final int CTLTYPE_LONG = org.kld86.kernel.sysctl.Sysctl.CTLTYPE_LONG;
    public static final int CTLTYPE_ULONG = org.kld86.kernel.sysctl.Sysctl.CTLTYPE_ULONG;
    public static final int CTLTYPE_U64 = org.kld86.kernel.sysctl.Sysctl.CTLTYPE_U64;

    public static final int CTLFLAG_RD = org.kld86.kernel.sysctl.Sysctl.CTLFLAG_RD;
    public static final int CTLFLAG_WR = org.kld86.kernel.sysctl.Sysctl.CTLFLAG_WR;
    public static final int CTLFLAG_RW = CTLFLAG_RD | CTLFLAG_WR;
    public static final int CTLFLAG_DORMANT = 0x20000000;
    public static final int CTLFLAG_ANYBODY = org.kld86.kernel.sysctl.Sysctl.CTLFLAG_ANYBODY;
    public static final int CTLFLAG_SECURE = 0x08000000;
    public static final int CTLFLAG_PRISON = 0x04000000;
    public static final int CTLFLAG_DYN = 0x02000000;
    public static final int CTLFLAG_SKIP = 0x01000000;
    public static final int CTLFLAG_TUN = org.kld86.kernel.sysctl.Sysctl.CTLFLAG_TUN;
    public static final int CTLFLAG_RDTUN = CTLFLAG_RD | CTLFLAG_TUN;
    public static final int CTLFLAG_RWTUN = CTLFLAG_RW | CTLFLAG_TUN;
    public static final int CTLFLAG_MPSAFE = 0x00040000;
    public static final int CTLFLAG_VNET = 0x00020000;
    public static final int CTLFLAG_CAPRD = 0x00008000;
    public static final int CTLFLAG_CAPWR = 0x00004000;
    public static final int CTLFLAG_CAPRW = CTLFLAG_CAPRD | CTLFLAG_CAPWR;
    public static final int CTLFLAG_STATS = 0x00002000;
    public static final int CTLFLAG_NOFETCH = org.kld86.kernel.sysctl.Sysctl.CTLFLAG_NOFETCH;
    public static final int CTLFLAG_NEEDGIANT = 0x00000800;

    /** Ask for the next free oid number. */
    public static final int OID_AUTO = -1;

    private static Kernel k() {
        return Kernel.current();
    }

    private static LinkerFile owner(Class<?> caller) {
        return caller == null || k().linker() == null ? null : k().linker().fileOf(caller);
    }

    // ---------------------------------------------------------------------------------------------------------
    // Contexts and parents

    /** sysctl_ctx_init(9): an empty context list. */
    public static int sysctl_ctx_init(SysctlCtxList clist) {
        k().dynamicOids().init(clist.ctx);
        return 0;
    }

    /** sysctl_ctx_free(9): removes the context's oids, the last first; EBUSY (nothing removed) if it cannot. */
    public static int sysctl_ctx_free(SysctlCtxList clist) {
        return k().dynamicOids().free(clist.ctx);
    }

    /**
     * SYSCTL_STATIC_CHILDREN(_hw): the children of a kernel node, named here by its dotted name ("hw", "debug",
     * "dev", "kern.ipc"; "" is the root). A name that is not a node is a bug in the module.
     */
    public static SysctlOidList SYSCTL_STATIC_CHILDREN(String node) {
        String path = node.startsWith("_") ? node.substring(1).replace('_', '.') : node;
        DynamicOids.Oid o = k().dynamicOids().staticNode(path);
        if (o == null) {
            throw new IllegalArgumentException("SYSCTL_STATIC_CHILDREN: no node " + node);
        }
        return new SysctlOidList(o);
    }

    /** SYSCTL_CHILDREN(oid): the children of a node this module added. */
    public static SysctlOidList SYSCTL_CHILDREN(SysctlOid oid) {
        if (!oid.oid.isNode()) {
            throw new IllegalArgumentException("SYSCTL_CHILDREN: " + oid.oid.path + " is a leaf");
        }
        return new SysctlOidList(oid.oid);
    }

    /** sysctl_remove_oid(9): removes an oid not in a context (a node's children too with {@code recurse}). */
    public static int sysctl_remove_oid(SysctlOid oidp, int del, int recurse) {
        return oidp == null ? Errno.EINVAL
                : k().dynamicOids().remove(oidp.oid, recurse != 0, owner(WALKER.getCallerClass()));
    }

    // ---------------------------------------------------------------------------------------------------------
    // Adding oids

    private static SysctlOid add(SysctlCtxList ctx, SysctlOidList parent, String name, int kind, String descr,
            Handler handler, Class<?> caller) {
        DynamicOids.Oid o = k().dynamicOids().add(ctx == null ? null : ctx.ctx, parent.node, name, kind, descr,
                handler, owner(caller));
        if (o == null) {
            return null;
        }
        if (handler != null) {
            k().dynamicOids().fetchTunable(o, handler);
        }
        return new SysctlOid(o);
    }

    /** SYSCTL_ADD_NODE(9): a node; {@code handler} is accepted for C's signature and must be null. */
    public static SysctlOid SYSCTL_ADD_NODE(SysctlCtxList ctx, SysctlOidList parent, int nbr, String name,
            int access, SysctlHandler handler, String descr) {
        return add(ctx, parent, name, CTLTYPE_NODE | (access & ~CTLTYPE), descr, null, WALKER.getCallerClass());
    }

    /** SYSCTL_ADD_INT(9): an int at kernel address {@code ptr}, or the constant {@code val} when ptr is 0. */
    public static SysctlOid SYSCTL_ADD_INT(SysctlCtxList ctx, SysctlOidList parent, int nbr, String name, int access,
            long ptr, int val, String descr) {
        return add(ctx, parent, name, CTLTYPE_INT | access, descr, r -> handleInt32(ptr, val, r),
                WALKER.getCallerClass());
    }

    /** SYSCTL_ADD_INT(9) on a Java variable: {@code ptr[0]}, or the constant {@code val} when ptr is null. */
    public static SysctlOid SYSCTL_ADD_INT(SysctlCtxList ctx, SysctlOidList parent, int nbr, String name, int access,
            int[] ptr, int val, String descr) {
        return add(ctx, parent, name, CTLTYPE_INT | access, descr, r -> handleInt32(ptr, val, r),
                WALKER.getCallerClass());
    }

    /** SYSCTL_ADD_UINT(9). */
    public static SysctlOid SYSCTL_ADD_UINT(SysctlCtxList ctx, SysctlOidList parent, int nbr, String name,
            int access, long ptr, int val, String descr) {
        return add(ctx, parent, name, CTLTYPE_UINT | access, descr, r -> handleInt32(ptr, val, r),
                WALKER.getCallerClass());
    }

    /** SYSCTL_ADD_UINT(9) on a Java variable. */
    public static SysctlOid SYSCTL_ADD_UINT(SysctlCtxList ctx, SysctlOidList parent, int nbr, String name,
            int access, int[] ptr, int val, String descr) {
        return add(ctx, parent, name, CTLTYPE_UINT | access, descr, r -> handleInt32(ptr, val, r),
                WALKER.getCallerClass());
    }

    /** SYSCTL_ADD_LONG(9): a long, 32 bits on i386 (no constant form, as in C). */
    public static SysctlOid SYSCTL_ADD_LONG(SysctlCtxList ctx, SysctlOidList parent, int nbr, String name,
            int access, long ptr, String descr) {
        return add(ctx, parent, name, CTLTYPE_LONG | access, descr, r -> handleInt32(ptr, 0, r),
                WALKER.getCallerClass());
    }

    /** SYSCTL_ADD_LONG(9) on a Java variable. */
    public static SysctlOid SYSCTL_ADD_LONG(SysctlCtxList ctx, SysctlOidList parent, int nbr, String name,
            int access, int[] ptr, String descr) {
        return add(ctx, parent, name, CTLTYPE_LONG | access, descr, r -> handleInt32(ptr, 0, r),
                WALKER.getCallerClass());
    }

    /** SYSCTL_ADD_ULONG(9). */
    public static SysctlOid SYSCTL_ADD_ULONG(SysctlCtxList ctx, SysctlOidList parent, int nbr, String name,
            int access, long ptr, String descr) {
        return add(ctx, parent, name, CTLTYPE_ULONG | access, descr, r -> handleInt32(ptr, 0, r),
                WALKER.getCallerClass());
    }

    /** SYSCTL_ADD_ULONG(9) on a Java variable. */
    public static SysctlOid SYSCTL_ADD_ULONG(SysctlCtxList ctx, SysctlOidList parent, int nbr, String name,
            int access, int[] ptr, String descr) {
        return add(ctx, parent, name, CTLTYPE_ULONG | access, descr, r -> handleInt32(ptr, 0, r),
                WALKER.getCallerClass());
    }

    /** SYSCTL_ADD_S64(9): a signed 64-bit number at {@code ptr}, or the constant {@code val}. */
    public static SysctlOid SYSCTL_ADD_S64(SysctlCtxList ctx, SysctlOidList parent, int nbr, String name,
            int access, long ptr, long val, String descr) {
        return add(ctx, parent, name, CTLTYPE_S64 | access, descr, r -> handleInt64(ptr, val, r),
                WALKER.getCallerClass());
    }

    /** SYSCTL_ADD_S64(9) on a Java variable. */
    public static SysctlOid SYSCTL_ADD_S64(SysctlCtxList ctx, SysctlOidList parent, int nbr, String name,
            int access, long[] ptr, long val, String descr) {
        return add(ctx, parent, name, CTLTYPE_S64 | access, descr, r -> handleInt64(ptr, val, r),
                WALKER.getCallerClass());
    }

    /** SYSCTL_ADD_U64(9). */
    public static SysctlOid SYSCTL_ADD_U64(SysctlCtxList ctx, SysctlOidList parent, int nbr, String name,
            int access, long ptr, long val, String descr) {
        return add(ctx, parent, name, CTLTYPE_U64 | access, descr, r -> handleInt64(ptr, val, r),
                WALKER.getCallerClass());
    }

    /** SYSCTL_ADD_U64(9) on a Java variable. */
    public static SysctlOid SYSCTL_ADD_U64(SysctlCtxList ctx, SysctlOidList parent, int nbr, String name,
            int access, long[] ptr, long val, String descr) {
        return add(ctx, parent, name, CTLTYPE_U64 | access, descr, r -> handleInt64(ptr, val, r),
                WALKER.getCallerClass());
    }

    /**
     * SYSCTL_ADD_STRING(9): the NUL-terminated string in the {@code len}-byte kernel buffer at {@code arg}. With
     * CTLFLAG_WR a new value that fits with its NUL replaces it; one that does not is EINVAL. A {@code len} of
     * 0 makes it read-only.
     */
    public static SysctlOid SYSCTL_ADD_STRING(SysctlCtxList ctx, SysctlOidList parent, int nbr, String name,
            int access, long arg, int len, String descr) {
        return add(ctx, parent, name, CTLTYPE_STRING | access, descr, r -> handleString(arg, len, r),
                WALKER.getCallerClass());
    }

    /** SYSCTL_ADD_STRING(9) on a Java variable {@code arg[0]} of at most {@code len - 1} characters. */
    public static SysctlOid SYSCTL_ADD_STRING(SysctlCtxList ctx, SysctlOidList parent, int nbr, String name,
            int access, String[] arg, int len, String descr) {
        return add(ctx, parent, name, CTLTYPE_STRING | access, descr, r -> handleString(arg, len, r),
                WALKER.getCallerClass());
    }

    /** SYSCTL_ADD_CONST_STRING(9): a string that never changes. */
    public static SysctlOid SYSCTL_ADD_CONST_STRING(SysctlCtxList ctx, SysctlOidList parent, int nbr, String name,
            int access, String arg, String descr) {
        String[] value = {arg};
        return add(ctx, parent, name, CTLTYPE_STRING | (access & ~CTLFLAG_WR), descr,
                r -> handleString(value, 0, r), WALKER.getCallerClass());
    }

    /**
     * SYSCTL_ADD_PROC(9): a leaf served by the module's {@code handler}, called with {@code arg1} and
     * {@code arg2}; {@code access} carries the CTLTYPE_* of the value. {@code format} ("I", "IU", "L", "Q", "A")
     * is kept for C's signature.
     */
    public static SysctlOid SYSCTL_ADD_PROC(SysctlCtxList ctx, SysctlOidList parent, int nbr, String name,
            int access, Object arg1, long arg2, SysctlHandler handler, String format, String descr) {
        Class<?> caller = WALKER.getCallerClass();
        LinkerFile file = owner(caller);
        SysctlOid[] self = new SysctlOid[1];
        Handler h = r -> {
            SysctlReq req = new SysctlReq(r);
            return file == null ? handler.handle(self[0], arg1, arg2, req)
                    : ModuleCalls.call(k(), file, () -> handler.handle(self[0], arg1, arg2, req));
        };
        if ((access & CTLTYPE) == 0 || (access & CTLTYPE) == CTLTYPE_NODE) {
            throw new IllegalArgumentException("SYSCTL_ADD_PROC: " + name + " needs a CTLTYPE_* other than NODE");
        }
        DynamicOids.Oid o = k().dynamicOids().add(ctx == null ? null : ctx.ctx, parent.node, name, access, descr, h,
                file);
        if (o == null) {
            return null;
        }
        self[0] = new SysctlOid(o);
        k().dynamicOids().fetchTunable(o, h);
        return self[0];
    }

    // ---------------------------------------------------------------------------------------------------------
    // Handlers, for SYSCTL_ADD_PROC functions

    /** sysctl_handle_int(9) on a kernel address ({@code ptr} 0: the read-only value {@code arg2}). */
    public static int sysctl_handle_int(SysctlOid oidp, long ptr, long arg2, SysctlReq req) {
        return handleInt32(ptr, (int) arg2, req.req);
    }

    /** sysctl_handle_int(9) on a Java variable ({@code ptr} null: the read-only value {@code arg2}). */
    public static int sysctl_handle_int(SysctlOid oidp, int[] ptr, long arg2, SysctlReq req) {
        return handleInt32(ptr, (int) arg2, req.req);
    }

    /** sysctl_handle_long(9): a long, 32 bits on i386. */
    public static int sysctl_handle_long(SysctlOid oidp, long ptr, long arg2, SysctlReq req) {
        return handleInt32(ptr, (int) arg2, req.req);
    }

    /** sysctl_handle_long(9) on a Java variable. */
    public static int sysctl_handle_long(SysctlOid oidp, int[] ptr, long arg2, SysctlReq req) {
        return handleInt32(ptr, (int) arg2, req.req);
    }

    /** sysctl_handle_64(9). */
    public static int sysctl_handle_64(SysctlOid oidp, long ptr, long arg2, SysctlReq req) {
        return handleInt64(ptr, arg2, req.req);
    }

    /** sysctl_handle_64(9) on a Java variable. */
    public static int sysctl_handle_64(SysctlOid oidp, long[] ptr, long arg2, SysctlReq req) {
        return handleInt64(ptr, arg2, req.req);
    }

    /** sysctl_handle_string(9) on a kernel buffer of {@code arg2} bytes (0: read-only). */
    public static int sysctl_handle_string(SysctlOid oidp, long ptr, long arg2, SysctlReq req) {
        return handleString(ptr, (int) arg2, req.req);
    }

    /** sysctl_handle_string(9) on a Java variable of at most {@code arg2 - 1} characters (0: read-only). */
    public static int sysctl_handle_string(SysctlOid oidp, String[] ptr, long arg2, SysctlReq req) {
        return handleString(ptr, (int) arg2, req.req);
    }

    /** SYSCTL_OUT(req, ptr, len): {@code len} bytes of kernel memory out to the reader. */
    public static int SYSCTL_OUT(SysctlReq req, long ptr, long len) {
        byte[] b = new byte[(int) len];
        Mem.read(ptr, b, 0, b.length);
        return req.req.out(b, 0, b.length);
    }

    /** SYSCTL_IN(req, ptr, len): the next {@code len} bytes of the new value into kernel memory. */
    public static int SYSCTL_IN(SysctlReq req, long ptr, long len) {
        byte[] b = new byte[(int) len];
        int error = req.req.in(b, 0, b.length);
        if (error == 0) {
            Mem.write(ptr, b, 0, b.length);
        }
        return error;
    }

    // ---------------------------------------------------------------------------------------------------------
    // The value handlers (kern_sysctl.c's sysctl_handle_*)

    /** Out goes the value; in comes the new one, if any, or EPERM when there is no variable to store it in. */
    private static int handleNumber(long value, int width, boolean stored, Request r,
            java.util.function.LongConsumer store) {
        byte[] out = org.kld86.kernel.sysctl.Sysctl.le(value, width);
        int error = r.out(out, 0, width);
        if (error != 0 || !r.hasNew()) {
            return error;
        }
        if (!stored) {
            return Errno.EPERM;
        }
        byte[] in = new byte[width];
        error = r.in(in, 0, width);
        if (error == 0) {
            store.accept(org.kld86.kernel.sysctl.Sysctl.fromLe(in, false));
        }
        return error;
    }

    private static int handleInt32(long ptr, int val, Request r) {
        return handleNumber(ptr != 0 ? Mem.read32(ptr) : val, 4, ptr != 0, r, v -> Mem.write32(ptr, (int) v));
    }

    private static int handleInt32(int[] ptr, int val, Request r) {
        return handleNumber(ptr != null ? ptr[0] : val, 4, ptr != null, r, v -> ptr[0] = (int) v);
    }

    private static int handleInt64(long ptr, long val, Request r) {
        long now = ptr != 0 ? (Mem.read32(ptr) & 0xFFFFFFFFL) | ((long) Mem.read32(ptr + 4) << 32) : val;
        return handleNumber(now, 8, ptr != 0, r, v -> {
            Mem.write32(ptr, (int) v);
            Mem.write32(ptr + 4, (int) (v >>> 32));
        });
    }

    private static int handleInt64(long[] ptr, long val, Request r) {
        return handleNumber(ptr != null ? ptr[0] : val, 8, ptr != null, r, v -> ptr[0] = v);
    }

    private static int handleString(String[] ptr, int size, Request r) {
        byte[] now = ((ptr[0] == null ? "" : ptr[0]) + "\0").getBytes(StandardCharsets.ISO_8859_1);
        int error = r.out(now, 0, now.length);
        if (error != 0 || !r.hasNew()) {
            return error;
        }
        byte[] in = newString(r, size);
        if (in == null) {
            return Errno.EINVAL;
        }
        ptr[0] = new String(in, StandardCharsets.ISO_8859_1);
        return 0;
    }

    private static int handleString(long ptr, int size, Request r) {
        String s = Mem.readString(ptr, size == 0 ? Integer.MAX_VALUE : size);
        byte[] now = (s + "\0").getBytes(StandardCharsets.ISO_8859_1);
        int error = r.out(now, 0, now.length);
        if (error != 0 || !r.hasNew()) {
            return error;
        }
        byte[] in = newString(r, size);
        if (in == null) {
            return Errno.EINVAL;
        }
        Mem.write(ptr, in, 0, in.length);
        Mem.write8(ptr + in.length, 0);
        return 0;
    }

    /** The new string without a NUL the caller may have sent, or null if it does not fit {@code size} with one. */
    private static byte[] newString(Request r, int size) {
        byte[] in = new byte[r.newLength()];
        r.in(in, 0, in.length);
        int n = 0;
        while (n < in.length && in[n] != 0) {
            n++;
        }
        return size == 0 || n >= size ? null : java.util.Arrays.copyOf(in, n);
    }
}
