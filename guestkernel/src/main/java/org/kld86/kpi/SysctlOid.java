package org.kld86.kpi;

import org.kld86.kernel.sysctl.DynamicOids;

/** struct sysctl_oid: one node or leaf of the sysctl tree ({@link Sysctl}). */
public final class SysctlOid {
    final DynamicOids.Oid oid;

    SysctlOid(DynamicOids.Oid oid) {
        this.oid = oid;
    }

    /** oid_name: the last component. */
    public String oid_name() {
        return oid.name;
    }

    /** oid_kind: CTLTYPE_* and the CTLFLAG_* bits. */
    public int oid_kind() {
        return oid.kind;
    }

    /** The whole dotted name. */
    public String path() {
        return oid.path;
    }
}
