package org.kld86.kernel.kld;

import java.util.List;
import org.kld86.kernel.Kernel;

/**
 * What the kernel does when the linker's watchdog fires (see {@link org.kld86.kernel.kld.rt.Ticker}): a thread ran
 * module code for longer than debug.kld.watchdog_ms without sleeping. Linux's soft-lockup report names the CPU and the
 * task; this one also names the module and the method it was stuck in, found on the stack, and panics, since a driver
 * that never gives the CPU back would otherwise hang the machine.
 */
final class KldWatchdog {

    private KldWatchdog() {
    }

    static void fire(Kernel kernel, List<LinkerFile> files, long stuckCycles) {
        String where = "unknown";
        String module = "the kernel";
        search:
        for (StackTraceElement e : Thread.currentThread().getStackTrace()) {
            String internal = e.getClassName().replace('.', '/');
            for (LinkerFile f : files) {
                if (f.classOffsets.containsKey(internal)) {
                    module = f.filename;
                    where = e.getClassName() + "." + e.getMethodName() + "(" + e.getFileName() + ":" + e.getLineNumber() + ")";
                    break search;
                }
            }
        }
        long ms = stuckCycles * 1000 / kernel.machine().clock().hz();
        kernel.console().printf("watchdog: BUG: soft lockup - CPU#0 stuck for %dms! [%s:%d]%n", ms,
                kernel.scheduler().current().name(), kernel.scheduler().current().tid());
        throw kernel.panic("softlockup: %s ran %d ms without sleeping in %s", module, ms, where);
    }
}
