package org.kld86.kpi;

import org.kld86.kernel.Kernel;
import org.kld86.kernel.proc.KThread;
import org.kld86.kernel.proc.Proc;

/**
 * {@code struct thread *td}: the thread a device method runs for, as d_open, d_close and d_ioctl are told. It
 * carries what drivers read of it: the thread id, and the process's pid, command name and credentials
 * ({@code td->td_proc->p_pid}, {@code td->td_ucred->cr_uid}). A kernel thread has pid 0 and root's credentials.
 */
public final class Td {

    public final int td_tid;
    public final int p_pid;
    public final String p_comm;
    public final int cr_uid;
    public final int cr_gid;

    private Td(int tid, int pid, String comm, int uid, int gid) {
        this.td_tid = tid;
        this.p_pid = pid;
        this.p_comm = comm;
        this.cr_uid = uid;
        this.cr_gid = gid;
    }

    /** curthread. */
    public static Td curthread() {
        KThread t = Kernel.current().scheduler().current();
        Proc p = t == null ? null : t.proc();
        if (p == null) {
            return new Td(t == null ? 0 : t.tid(), 0, t == null ? "swapper" : t.name(), 0, 0);
        }
        return new Td(t.tid(), p.pid(), p.comm(), p.cred().uid(), p.cred().gid());
    }

    @Override
    public String toString() {
        return "td " + td_tid + " (pid " + p_pid + ", " + p_comm + ")";
    }
}
