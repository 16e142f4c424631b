package org.kld86.kpi;

import org.kld86.kernel.sysctl.DynamicOids;

/** struct sysctl_oid_list: the children of a node, where {@link Sysctl}'s SYSCTL_ADD_* put new oids. */
public final class SysctlOidList {
    final DynamicOids.Oid node;

    SysctlOidList(DynamicOids.Oid node) {
        this.node = node;
    }
}
