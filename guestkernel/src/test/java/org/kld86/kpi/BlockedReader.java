package org.kld86.kpi;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.IntSupplier;
import org.kld86.kernel.Kernel;
import org.kld86.kernel.fs.File;
import org.kld86.kernel.fs.FileOps;
import org.kld86.kernel.proc.Proc;
import org.kld86.kernel.proc.Ucred;

/**
 * A user process blocked in a driver, for tests of interruptible sleeps: the test program LineEcho reads its
 * standard input once, and that read runs {@code driverRead} in the kernel on the process's thread, as a
 * driver's d_read would. The result is kept for the test; the process can then be killed like any other.
 */
final class BlockedReader {

    private final Kernel kernel;
    private final int pid;
    /** What driverRead returned (Integer.MIN_VALUE until it returns). */
    volatile int result = Integer.MIN_VALUE;

    BlockedReader(Kernel kernel, IntSupplier driverRead) {
        this.kernel = kernel;
        kernel.procs().setExecutableReader(path -> path.equals("/bin/lineecho")
                ? "#!program org.kld86.userland.test.LineEcho\n".getBytes(StandardCharsets.ISO_8859_1) : null);
        FileOps ops = new FileOps() {
            @Override
            public int read(File fp, Uio uio, int flags) {
                result = driverRead.getAsInt();
                return result < 0 ? -result : result;
            }

            @Override
            public int write(File fp, Uio uio, int flags) {
                uio.uio_resid = 0;
                return 0;
            }
        };
        pid = kernel.procs().spawn(null, "/bin/lineecho", List.of("lineecho", "1"), List.of(), fd -> {
            for (int i = 0; i < 3; i++) {
                fd.install(new File(ops, null, File.FREAD | File.FWRITE, "/dev/test"));
            }
        }, Ucred.root(), null);
        kernel.scheduler().yield(); // the process runs into the driver and sleeps there
    }

    int pid() {
        return pid;
    }

    /** Sends {@code signal} and waits for the process; returns its wait status. */
    int kill(int signal) {
        kernel.procs().kill(pid, signal);
        return waitExit();
    }

    int waitExit() {
        Proc p = kernel.procs().find(pid);
        return p == null ? -1 : kernel.procs().waitDetached(p);
    }
}
