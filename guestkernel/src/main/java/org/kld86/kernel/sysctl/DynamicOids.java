package org.kld86.kernel.sysctl;

import static org.kld86.kernel.sysctl.Sysctl.*;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.kld86.kernel.Kernel;
import org.kld86.kernel.kld.LinkerFile;
import org.kld86.libkern.Errnos;

/**
 * The oids modules add at run time, as kern_sysctl.c's sysctl_add_oid, sysctl_remove_oid and the sysctl_ctx_*
 * lists keep them (sysctl(9), sysctl_add_oid(9), sysctl_ctx_init(9)).
 *
 * <p>The MIB here is by name only (no oid numbers). A new node under a name that is already a node, static or
 * dynamic, is that node with one more reference; a name that is already a leaf is refused with kern_sysctl.c's
 * {@code sysctl_add_oid: can't re-use a leaf (name)!} on the console, and the caller gets NULL. A context list
 * frees its oids in the reverse order they were added, or none of them (EBUSY) if that would remove a node that
 * still has children it does not hold.
 *
 * <p>One thing is better than FreeBSD: an oid a module leaves behind when it is unloaded would keep a pointer
 * into freed code and panic the next reader; here it is removed, with a warning that names the module and the
 * oid, as the kernel does for an interrupt handler left on its line.
 */
public final class DynamicOids {

    /** One dynamic oid: a node (with its reference holders) or a leaf (served by a {@link Sysctl.HandlerNode}). */
    public static final class Oid {
        public final String path;
        public final String name;
        public final int kind;
        public final String descr;
        /** One entry per reference: the module (null for the kernel) that took it. */
        private final List<LinkerFile> holders = new ArrayList<>();
        private boolean removed;
        /** A static node: exists as long as its leaves do and takes no references. */
        private final boolean isStatic;

        Oid(String path, String name, int kind, String descr, LinkerFile owner, boolean isStatic) {
            this.path = path;
            this.name = name;
            this.kind = kind;
            this.descr = descr;
            this.isStatic = isStatic;
            holders.add(owner);
        }

        public boolean isNode() {
            return (kind & CTLTYPE) == CTLTYPE_NODE;
        }

        public int refcnt() {
            return holders.size();
        }

        public boolean removed() {
            return removed;
        }
    }

    /** struct sysctl_ctx_list: the oids one context added, in order, with the module that added each. */
    public static final class Context {
        private final List<Oid> entries = new ArrayList<>();
        private final List<LinkerFile> adders = new ArrayList<>();

        private void add(Oid o, LinkerFile owner) {
            entries.add(o);
            adders.add(owner);
        }

        public int size() {
            return entries.size();
        }
    }

    private final Kernel kernel;
    private final Sysctl mib;
    private final TreeMap<String, Oid> oids = new TreeMap<>();

    public DynamicOids(Kernel kernel, Sysctl mib) {
        this.kernel = kernel;
        this.mib = mib;
    }

    /** Whether {@code path} names a node: a dynamic one, or a static one (some kernel variable lives under it). */
    public boolean isNode(String path) {
        Oid o = oids.get(path);
        return path.isEmpty() || (o != null ? o.isNode() : mib.lookup(path) == null && mib.hasChildren(path));
    }

    /** The static node {@code path} as an oid a module may hang its own under (SYSCTL_STATIC_CHILDREN). */
    public Oid staticNode(String path) {
        if (!isNode(path)) {
            return null;
        }
        Oid o = oids.get(path);
        return o != null ? o : new Oid(path, path.substring(path.lastIndexOf('.') + 1),
                CTLTYPE_NODE | CTLFLAG_RD, "", null, true);
    }

    /**
     * sysctl_add_oid(): {@code name} under the node {@code parent}. {@code handler} serves a leaf (null for a
     * node). Returns the oid, the existing node for a node name already there, or null for a name that is a
     * leaf. The oid is added to {@code ctx} when there is one.
     */
    public Oid add(Context ctx, Oid parent, String name, int kind, String descr, Sysctl.Handler handler,
            LinkerFile owner) {
        if (parent == null || !parent.isNode() || parent.removed) {
            throw new IllegalArgumentException("sysctl_add_oid: parent of \"" + name + "\" is not a node");
        }
        if (name == null || name.isEmpty() || name.indexOf('.') >= 0) {
            throw new IllegalArgumentException("sysctl_add_oid: bad oid name \"" + name + "\"");
        }
        String path = parent.path.isEmpty() ? name : parent.path + "." + name;
        Oid existing = oids.get(path);
        if (existing != null ? existing.isNode() : isNode(path)) {
            if (existing == null) {
                existing = staticNode(path);
            } else {
                existing.holders.add(owner);
            }
            if (ctx != null && !existing.isStatic) {
                ctx.add(existing, owner);
            }
            return existing;
        }
        if (existing != null || mib.lookup(path) != null) {
            kernel.console().printf("sysctl_add_oid: can't re-use a leaf (%s)!%n", path);
            return null;
        }
        boolean node = (kind & CTLTYPE) == CTLTYPE_NODE;
        Oid o = new Oid(path, name, kind, descr == null ? "" : descr, owner, false);
        if (!node) {
            mib.addHandler(path, new Sysctl.HandlerNode(o.descr, kind, handler, owner));
        }
        oids.put(path, o);
        if (ctx != null) {
            ctx.add(o, owner);
        }
        return o;
    }

    /**
     * sysctl_load_tunable_by_oid: a leaf flagged CTLFLAG_TUN takes its first value from the kernel environment
     * (loader.conf, kenv(1)) when it is added, through its own handler. A value the handler refuses is ignored.
     * Called by whoever added the leaf once the handler is ready to be called.
     */
    public void fetchTunable(Oid o, Sysctl.Handler handler) {
        if (o.isNode() || (o.kind & CTLFLAG_TUN) == 0 || (o.kind & CTLFLAG_NOFETCH) != 0) {
            return;
        }
        String env = kernel.kenv().get(o.path);
        if (env == null) {
            return;
        }
        int format = o.kind & CTLTYPE;
        byte[] value;
        if (format == CTLTYPE_STRING) {
            value = env.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
        } else {
            Long v = kernel.kenv().getQuad(o.path);
            if (v == null) {
                return;
            }
            value = Sysctl.le(v, format == CTLTYPE_S64 || format == CTLTYPE_U64 ? 8 : 4);
        }
        handler.handle(new Sysctl.Request(value));
    }

    /**
     * sysctl_remove_oid(oid, del, recurse) by the module {@code who}: drops one reference of a node (who's own if
     * it holds one, so that another module's reference outlives who's unload), or removes the oid. A node with
     * children is removed with them only when {@code recurse}, else ENOTEMPTY.
     */
    public int remove(Oid o, boolean recurse, LinkerFile who) {
        if (o == null || o.isStatic) {
            return Errnos.EINVAL;
        }
        if (o.removed) {
            return Errnos.ENOENT;
        }
        if (o.isNode() && o.refcnt() > 1) {
            int mine = o.holders.lastIndexOf(who);
            o.holders.remove(mine >= 0 ? mine : o.holders.size() - 1);
            return 0;
        }
        List<String> below = childrenOf(o.path);
        if (!below.isEmpty() && !recurse) {
            return Errnos.ENOTEMPTY;
        }
        for (int i = below.size() - 1; i >= 0; i--) {
            unlink(below.get(i));
        }
        unlink(o.path);
        return 0;
    }

    /** Every name below {@code path}, dynamic oids and kernel variables, in order. */
    private List<String> childrenOf(String path) {
        List<String> out = new ArrayList<>();
        for (String k : oids.tailMap(path + ".", true).keySet()) {
            if (!k.startsWith(path + ".")) {
                break;
            }
            out.add(k);
        }
        for (String k : mib.subtree(path).keySet()) {
            if (!k.equals(path) && !oids.containsKey(k)) {
                out.add(k);
            }
        }
        out.sort(null);
        return out;
    }

    private void unlink(String path) {
        Oid o = oids.remove(path);
        if (o != null) {
            o.removed = true;
            o.holders.clear();
        }
        mib.remove(path);
        // A node its modules let go of while another module's leaf still hung under it goes with that leaf.
        int dot = path.lastIndexOf('.');
        Oid parent = dot < 0 ? null : oids.get(path.substring(0, dot));
        if (parent != null && parent.holders.isEmpty() && childrenOf(parent.path).isEmpty()) {
            unlink(parent.path);
        }
    }

    /** sysctl_ctx_init(). */
    public void init(Context ctx) {
        ctx.entries.clear();
        ctx.adders.clear();
    }

    /**
     * sysctl_ctx_free(): removes the context's oids, the last added first, and empties it; EBUSY and nothing
     * removed if a node would go while it still has children from elsewhere.
     */
    public int free(Context ctx) {
        Set<String> mine = new HashSet<>();
        for (Oid o : ctx.entries) {
            mine.add(o.path);
        }
        for (Oid o : ctx.entries) {
            if (o.isNode() && !o.removed && o.refcnt() - count(ctx, o) <= 0) {
                for (String child : childrenOf(o.path)) {
                    if (!mine.contains(child)) {
                        return Errnos.EBUSY;
                    }
                }
            }
        }
        for (int i = ctx.entries.size() - 1; i >= 0; i--) {
            Oid o = ctx.entries.get(i);
            if (!o.removed) {
                remove(o, false, ctx.adders.get(i));
            }
        }
        ctx.entries.clear();
        ctx.adders.clear();
        return 0;
    }

    private static int count(Context ctx, Oid o) {
        int n = 0;
        for (Oid e : ctx.entries) {
            if (e == o) {
                n++;
            }
        }
        return n;
    }

    /**
     * A module is being unloaded: every leaf it added and did not remove is removed, with a warning, and it lets
     * go of the nodes it held; a node nobody holds and nothing lives under goes too.
     */
    public void unloaded(LinkerFile f) {
        for (Map.Entry<String, Oid> e : new ArrayList<>(oids.descendingMap().entrySet())) {
            Oid o = e.getValue();
            if (o.removed) {
                continue;
            }
            if (!o.isNode()) {
                if (o.holders.contains(f)) {
                    kernel.console().printf("Warning: %s unloaded with its sysctl %s still registered; removed.%n",
                            f.filename(), o.path);
                    unlink(o.path);
                }
                continue;
            }
            o.holders.removeIf(h -> h == f);
            if (o.holders.isEmpty() && childrenOf(o.path).isEmpty()) {
                unlink(o.path);
            }
        }
    }

    /** The dynamic oid at {@code path}, or null (for tests and the KPI). */
    public Oid lookup(String path) {
        return oids.get(path);
    }
}
