package org.kld86.kpi;

import org.kld86.kernel.sysctl.DynamicOids;

/** struct sysctl_ctx_list: the oids a module added through it, freed together by {@link Sysctl#sysctl_ctx_free}. */
public final class SysctlCtxList {
    final DynamicOids.Context ctx = new DynamicOids.Context();
}
