package org.kld86.testkit;

import java.nio.charset.StandardCharsets;
import org.kld86.kernel.Kernel;
import org.kld86.kernel.fs.File;
import org.kld86.kernel.fs.FileOps;
import org.kld86.kernel.fs.Stat;
import org.kld86.kernel.malloc.MallocFlags;
import org.kld86.kpi.Uio;

/**
 * The line between a test and its agent process: the agent's descriptors 0 and 1 are this file, a FIFO whose
 * other end is the test. The test posts a request and sleeps, as a kernel thread, until the agent has answered;
 * the agent sleeps in read(2) until a request comes. When the agent's last descriptor on it closes (it exited or
 * was killed), a waiting test is woken and told.
 */
final class AgentChannel implements FileOps {

    private final Kernel kernel;
    private final StringBuilder toAgent = new StringBuilder();
    private final StringBuilder fromAgent = new StringBuilder();
    private final Object requestChan = new Object();
    private final Object replyChan = new Object();
    private boolean agentGone;
    private boolean hungUp;

    AgentChannel(Kernel kernel) {
        this.kernel = kernel;
    }

    /** Sends one request line and waits for the answer line; null if the agent is gone. */
    String call(String request) {
        toAgent.append(request).append('\n');
        kernel.scheduler().wakeup(requestChan);
        int nl;
        while ((nl = fromAgent.indexOf("\n")) < 0) {
            if (agentGone) {
                return null;
            }
            kernel.scheduler().sleep(replyChan, "tkreply", 0);
        }
        String reply = fromAgent.substring(0, nl);
        fromAgent.delete(0, nl + 1);
        return reply;
    }

    /** No more requests: the agent's next read sees end of file and it exits. */
    void hangUp() {
        hungUp = true;
        kernel.scheduler().wakeup(requestChan);
    }

    boolean agentGone() {
        return agentGone;
    }

    @Override
    public int read(File fp, Uio uio, int flags) {
        while (toAgent.length() == 0) {
            if (hungUp) {
                return 0;
            }
            kernel.scheduler().sleepInterruptible(requestChan, "tkwait", 0);
            var p = kernel.scheduler().current().proc();
            if (toAgent.length() == 0 && p != null && p.pendingSignal() != 0) {
                return org.kld86.kpi.Errno.EINTR;
            }
        }
        int n = (int) Math.min(uio.uio_resid, toAgent.length());
        byte[] b = toAgent.substring(0, n).getBytes(StandardCharsets.ISO_8859_1);
        long buf = kernel.malloc().malloc(n, kernel.malloc().M_TEMP, MallocFlags.M_WAITOK);
        try {
            kernel.memory().write(buf, b, 0, n);
            int error = Uio.uiomove(buf, n, uio);
            if (error != 0) {
                return error;
            }
        } finally {
            kernel.malloc().free(buf, kernel.malloc().M_TEMP);
        }
        toAgent.delete(0, n);
        return 0;
    }

    @Override
    public int write(File fp, Uio uio, int flags) {
        while (uio.uio_resid > 0) {
            int n = (int) Math.min(uio.uio_resid, 4096);
            long buf = kernel.malloc().malloc(n, kernel.malloc().M_TEMP, MallocFlags.M_WAITOK);
            try {
                int error = Uio.uiomove(buf, n, uio);
                if (error != 0) {
                    return error;
                }
                byte[] b = new byte[n];
                kernel.memory().read(buf, b, 0, n);
                fromAgent.append(new String(b, StandardCharsets.ISO_8859_1));
            } finally {
                kernel.malloc().free(buf, kernel.malloc().M_TEMP);
            }
        }
        kernel.scheduler().wakeup(replyChan);
        return 0;
    }

    @Override
    public int stat(File fp, Stat sb) {
        sb.mode = Stat.S_IFIFO | 0600;
        return 0;
    }

    @Override
    public int close(File fp) {
        agentGone = true;
        kernel.scheduler().wakeup(replyChan);
        return 0;
    }
}
