package org.kld86.kernel.proc;

import java.util.ArrayList;
import java.util.List;
import org.kld86.kernel.fs.FileDesc;
import org.kld86.kernel.vm.VmSpace;

/**
 * A process (struct proc): its pid, command name, credentials, address space, open files, current directory,
 * controlling terminal, parent and children, and its exit status once it is a zombie waiting for wait4(2).
 */
public final class Proc {

    public enum State { ACTIVE, ZOMBIE }

    final int pid;
    String comm;
    Ucred cred;
    Proc parent;
    final List<Proc> children = new ArrayList<>();
    VmSpace vmspace;
    FileDesc fd = new FileDesc();
    String cwd = "/";
    /** The file creation mask (pd_cmask): CMASK, 022, for the first process; a child inherits its parent's. */
    int cmask = CMASK;
    Terminal tty;
    State state = State.ACTIVE;
    /** The wait(2) status: exit code << 8, or the terminating signal. */
    int xstat;
    KThread thread;
    /** A signal to die of at the next entry to the kernel (0: none). */
    int pendingSignal;
    /** The arguments it was started with (kern.proc.args), and when, in cycles of the virtual clock (p_start). */
    List<String> args = List.of();
    long startCycles;

    Proc(int pid, String comm, Ucred cred) {
        this.pid = pid;
        this.comm = comm;
        this.cred = cred;
    }

    public int pid() {
        return pid;
    }

    /** p_comm: the command name (at most MAXCOMLEN, 19 characters). */
    public String comm() {
        return comm;
    }

    public Ucred cred() {
        return cred;
    }

    public void setCred(Ucred c) {
        this.cred = c;
    }

    public Proc parent() {
        return parent;
    }

    public VmSpace vmspace() {
        return vmspace;
    }

    public FileDesc fd() {
        return fd;
    }

    /** sys/param.h CMASK: the mask of the first process. */
    public static final int CMASK = 022;

    public int cmask() {
        return cmask;
    }

    public void setCmask(int mask) {
        this.cmask = mask;
    }

    public String cwd() {
        return cwd;
    }

    public void setCwd(String path) {
        this.cwd = path;
    }

    public Terminal tty() {
        return tty;
    }

    public void setTty(Terminal t) {
        this.tty = t;
    }

    public State state() {
        return state;
    }

    public KThread thread() {
        return thread;
    }

    public int pendingSignal() {
        return pendingSignal;
    }

    /** Marks a signal to be delivered when the current system call returns (SIGPIPE for a write to a closed pipe). */
    public void pendingSignal(int signal) {
        if (pendingSignal == 0) {
            pendingSignal = signal;
        }
    }

    /** The argument vector exec gave the process, argv[0] first. */
    public List<String> args() {
        return args;
    }

    /** When the process was started, in cycles of the virtual clock since boot. */
    public long startCycles() {
        return startCycles;
    }

    public List<Proc> children() {
        return List.copyOf(children);
    }

    @Override
    public String toString() {
        return pid + " (" + comm + ")";
    }
}
