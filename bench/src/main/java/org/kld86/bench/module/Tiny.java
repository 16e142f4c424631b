package org.kld86.bench.module;

import org.kld86.kpi.DevModule;
import org.kld86.kpi.Errno;
import org.kld86.kpi.KldModule;
import org.kld86.kpi.ModuleEventHandler;

/** The smallest useful module, for timing kldload + kldunload in {@link org.kld86.bench.KldBench}. */
@DevModule(name = "tiny")
public final class Tiny implements ModuleEventHandler {

    @Override
    public int modevent(KldModule mod, int what, Object arg) {
        return what <= 1 ? 0 : Errno.EOPNOTSUPP;
    }
}
