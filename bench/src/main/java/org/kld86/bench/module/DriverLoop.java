package org.kld86.bench.module;

import org.kld86.kpi.DevModule;
import org.kld86.kpi.Errno;
import org.kld86.kpi.KldModule;
import org.kld86.kpi.Mem;
import org.kld86.kpi.ModuleEventHandler;

/**
 * A driver-style loop for {@link org.kld86.bench.KldBench}: a checksum over a buffer in guest memory, the kind of
 * loop a driver runs over a DMA buffer. The same class runs twice: as plain bytecode, and as a module linked and
 * instrumented by kldload.
 */
@DevModule(name = "driverloop")
public final class DriverLoop implements ModuleEventHandler {

    public static int checksum(long va, int words) {
        int sum = 0;
        for (int i = 0; i < words; i++) {
            sum = (sum << 1 | sum >>> 31) ^ Mem.read32(va + 4L * i);
        }
        return sum;
    }

    @Override
    public int modevent(KldModule mod, int what, Object arg) {
        return what <= 1 ? 0 : Errno.EOPNOTSUPP;
    }
}
