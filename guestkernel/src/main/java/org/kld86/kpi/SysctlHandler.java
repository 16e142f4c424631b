package org.kld86.kpi;

/**
 * SYSCTL_HANDLER_ARGS, {@code (struct sysctl_oid *oidp, void *arg1, intmax_t arg2, struct sysctl_req *req)}: the
 * function of a SYSCTL_ADD_PROC leaf ({@link Sysctl}). It returns 0 or an errno.
 */
@FunctionalInterface
public interface SysctlHandler {
    int handle(SysctlOid oidp, Object arg1, long arg2, SysctlReq req);
}
