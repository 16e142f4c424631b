package org.kld86.kpi;

import org.kld86.kernel.sysctl.Sysctl.Request;

/**
 * struct sysctl_req: the request a {@link SysctlHandler} serves. A handler gives the old value first
 * (sysctl_handle_*, SYSCTL_OUT), then takes the new one when {@link #newptr} is not 0 (SYSCTL_IN).
 */
public final class SysctlReq {
    final Request req;

    SysctlReq(Request req) {
        this.req = req;
    }

    /** req->newptr: not 0 when the request sets a new value. */
    public long newptr() {
        return req.hasNew() ? 1 : 0;
    }

    /** req->newlen: the length of the new value. */
    public long newlen() {
        return req.newLength();
    }
}
