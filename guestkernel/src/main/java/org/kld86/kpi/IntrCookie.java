package org.kld86.kpi;

import org.kld86.kernel.intr.IntrHandler;

/** The cookie bus_setup_intr fills in (void *cookiep) and bus_teardown_intr takes back. */
public final class IntrCookie {

    final IntrHandler handler;

    IntrCookie(IntrHandler handler) {
        this.handler = handler;
    }
}
