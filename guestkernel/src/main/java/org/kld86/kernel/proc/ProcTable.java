package org.kld86.kernel.proc;

import static org.kld86.kpi.Errno.ECHILD;
import static org.kld86.kpi.Errno.ENOEXEC;
import static org.kld86.kpi.Errno.ENOMEM;
import static org.kld86.kpi.Errno.ESRCH;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;
import org.kld86.kernel.Kernel;
import org.kld86.kernel.KernelPanic;
import org.kld86.kernel.fs.FileDesc;
import org.kld86.kernel.vm.VmSpace;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The processes (allproc) and their life: spawn (fork + execve), exit, death by signal, and wait4.
 *
 * <p>An executable is a file whose first line names its program: {@code #!program org.kld86.userland.Cat}. Its
 * bytes become the process's text, paged in on demand, and the program's entry point runs at CPL 3 on a new
 * thread, with argc, argv and envp laid out on the user stack as FreeBSD's exec_copyout_strings lays them out. A
 * file starting {@code #!/path} is a script run by that interpreter.
 *
 * <p>Pids count up from 1 and are not reused until they wrap at PID_MAX, as FreeBSD hands them out.
 */
public final class ProcTable {

    public static final int PID_MAX = 99999;
    /** Signals this kernel delivers. */
    public static final int SIGINT = 2;
    public static final int SIGKILL = 9;
    public static final int SIGBUS = 10;
    public static final int SIGSEGV = 11;
    public static final int SIGPIPE = 13;
    public static final int SIGTERM = 15;
    /** wait4 options. */
    public static final int WNOHANG = 1;
    public static final String PROGRAM_MAGIC = "#!program ";
    static final int ARG_MAX = 256 * 1024;

    /** How a program is started: the kernel calls its entry with argc, argv and envp (user addresses). */
    public interface Loader {
        /**
         * Runs program {@code className} on the calling thread, at CPL 3; returns its exit code.
         *
         * @throws NoSuchProgram if there is no such program
         */
        int run(String className, int argc, long argv, long envp);
    }

    /** Thrown by a {@link Loader} that has no program of the name an executable gives. */
    public static final class NoSuchProgram extends RuntimeException {
        private static final long serialVersionUID = 1L;

        public NoSuchProgram(String message) {
            super(message);
        }
    }

    /** SIGABRT: an exception the program did not catch ends it as abort(3) would. */
    public static final int SIGABRT = 6;

    private static final Logger LOG = LoggerFactory.getLogger(ProcTable.class);
    private final Kernel kernel;
    private final Map<Integer, Proc> procs = new TreeMap<>();
    private int lastPid;
    private Loader loader;
    private java.util.function.Function<String, byte[]> executables = path -> null;

    public ProcTable(Kernel kernel) {
        this.kernel = kernel;
    }

    public void setLoader(Loader loader) {
        this.loader = loader;
    }

    /** How exec reads an executable's bytes by path (the file system installs itself here). */
    public void setExecutableReader(java.util.function.Function<String, byte[]> reader) {
        this.executables = reader;
    }

    public List<Proc> processes() {
        return List.copyOf(procs.values());
    }

    public Proc find(int pid) {
        return procs.get(pid);
    }

    private int nextPid() {
        for (int i = 0; i < PID_MAX; i++) {
            lastPid = lastPid >= PID_MAX ? 1 : lastPid + 1;
            if (!procs.containsKey(lastPid)) {
                return lastPid;
            }
        }
        return -1;
    }

    /** What a spawned process starts with besides its parent's descriptors: changes to its descriptor table. */
    public interface FileActions extends Consumer<FileDesc> {
    }

    /**
     * Creates a process running {@code path} with {@code argv} and {@code envp}: the child of {@code parent}
     * (null for the first process), with its credentials, directory and terminal, and a copy of its descriptors
     * changed by {@code actions}.
     *
     * @return the new pid, or a negated errno (ENOENT, ENOEXEC, E2BIG, ENOMEM)
     */
    public int spawn(Proc parent, String path, List<String> argv, List<String> envp, FileActions actions, Ucred cred,
            Terminal tty) {
        byte[] image = executables.apply(path);
        if (image == null) {
            return -org.kld86.kpi.Errno.ENOENT;
        }
        String className;
        List<String> args = new ArrayList<>(argv);
        String head = firstLine(image);
        if (head.startsWith(PROGRAM_MAGIC)) {
            className = head.substring(PROGRAM_MAGIC.length()).trim();
        } else if (head.startsWith("#!/")) {
            String interp = head.substring(2).trim();
            byte[] interpImage = executables.apply(interp);
            String ih = interpImage == null ? "" : firstLine(interpImage);
            if (!ih.startsWith(PROGRAM_MAGIC)) {
                return -ENOEXEC;
            }
            className = ih.substring(PROGRAM_MAGIC.length()).trim();
            args.set(0, path);
            args.add(0, interp);
            image = interpImage;
        } else {
            return -ENOEXEC;
        }
        int size = 0;
        for (String s : args) {
            size += s.length() + 1;
        }
        for (String s : envp) {
            size += s.length() + 1;
        }
        if (size > ARG_MAX) {
            return -org.kld86.kpi.Errno.E2BIG;
        }
        int pid = nextPid();
        if (pid < 0) {
            return -org.kld86.kpi.Errno.EAGAIN;
        }
        String comm = path.substring(path.lastIndexOf('/') + 1);
        Proc p = new Proc(pid, comm.length() > 19 ? comm.substring(0, 19) : comm,
                cred != null ? cred : parent != null ? parent.cred : Ucred.root());
        p.parent = parent;
        p.args = List.copyOf(args);
        p.startCycles = kernel.machine().clock().now();
        p.tty = tty != null ? tty : parent != null ? parent.tty : null;
        if (parent != null) {
            p.cwd = parent.cwd;
            p.cmask = parent.cmask;
            p.fd = parent.fd.copy();
            parent.children.add(p);
        }
        if (actions != null) {
            actions.accept(p.fd);
        }
        p.vmspace = new VmSpace(kernel.vm(), kernel.pageRequests(), kernel.memory());
        p.vmspace.loadText(image);
        procs.put(pid, p);
        String cls = className;
        KThread t = kernel.scheduler().spawn(p.comm, () -> runProcess(p, cls, args, envp), null);
        t.setProc(p);
        t.savedCr3 = (int) p.vmspace.directory();
        p.thread = t;
        return pid;
    }

    private static String firstLine(byte[] image) {
        int n = 0;
        while (n < image.length && n < 256 && image[n] != '\n') {
            n++;
        }
        return new String(image, 0, n, StandardCharsets.ISO_8859_1);
    }

    /** The process's thread: lay out the stack, enter the program at CPL 3, and exit with what it returns. */
    private void runProcess(Proc p, String className, List<String> argv, List<String> envp) {
        KThread t = kernel.scheduler().current();
        int status;
        try {
            long[] layout = copyoutStrings(p, argv, envp);
            t.frame().esp = (int) layout[0];
            kernel.machine().cpu().setCpl(3);
            int code = loader.run(className, argv.size(), layout[1], layout[2]);
            status = (code & 0xFF) << 8;
        } catch (ProcessExit e) {
            status = e.status();
        } catch (NoSuchProgram e) {
            status = 127 << 8;
        } catch (KernelPanic | Scheduler.Shutdown e) {
            throw e;
        } catch (StackOverflowError e) {
            // The user stack ran out: a C program takes a fault below its stack guard and dies of SIGSEGV.
            LOG.info("pid {} ({}): user stack overflow", p.pid, p.comm);
            status = sigexit(p, SIGSEGV).status();
        } catch (RuntimeException | Error e) {
            // A bug in the program itself (the kernel's own failures panic at the system call gate): it ends the
            // process as an uncaught C++ exception does, through abort(3), and the kernel keeps running.
            LOG.info("pid {} ({}): uncaught {}", p.pid, p.comm, e.toString(), e);
            status = sigexit(p, SIGABRT).status();
        }
        exit(p, status);
    }

    /**
     * exec_copyout_strings: the argument and environment strings just below USRSTACK, then, below them and
     * 16-byte aligned, argc, the argv pointers, NULL, the envp pointers and NULL; ESP points at argc.
     *
     * @return {esp, argv, envp}
     */
    private long[] copyoutStrings(Proc p, List<String> argv, List<String> envp) {
        // The block is built here and copied out in one go, through the fault-guarded copyout: the stack pages
        // are paged in as it goes, and a fault it cannot resolve (memory exhausted and this process chosen to
        // die) ends the exec rather than the kernel.
        int strings = 0;
        for (String s : argv) {
            strings += s.length() + 1;
        }
        for (String s : envp) {
            strings += s.length() + 1;
        }
        long stringsAt = VmSpace.USRSTACK - strings;
        int words = 1 + argv.size() + 1 + envp.size() + 1;
        long sp = ((stringsAt & ~0xFL) - 4L * words) & ~0xFL;
        byte[] block = new byte[(int) (VmSpace.USRSTACK - sp)];
        java.nio.ByteBuffer bb = java.nio.ByteBuffer.wrap(block).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        long[] envPtrs = new long[envp.size()];
        long[] argvPtrs = new long[argv.size()];
        long at = VmSpace.USRSTACK;
        for (int i = envp.size() - 1; i >= 0; i--) {
            at = put(bb, sp, at, envp.get(i));
            envPtrs[i] = at;
        }
        for (int i = argv.size() - 1; i >= 0; i--) {
            at = put(bb, sp, at, argv.get(i));
            argvPtrs[i] = at;
        }
        int w = 0;
        bb.putInt(w, argvPtrs.length);
        w += 4;
        long argvVa = sp + w;
        for (long a : argvPtrs) {
            bb.putInt(w, (int) a);
            w += 4;
        }
        w += 4; // NULL
        long envpVa = sp + w;
        for (long e : envPtrs) {
            bb.putInt(w, (int) e);
            w += 4;
        }
        if (kernel.userAccess().copyout(block, 0, block.length, sp) != 0) {
            // exec past its point of no return with no stack: the process is ended (exit1(td, 0, SIGABRT)), or
            // dies of the SIGKILL the out-of-memory killer sent it.
            throw sigexit(p, p.pendingSignal == SIGKILL ? SIGKILL : SIGABRT);
        }
        return new long[] {sp, argvVa, envpVa};
    }

    /** Puts string {@code s} and its NUL just below user address {@code top} in the block that starts at sp. */
    private static long put(java.nio.ByteBuffer bb, long sp, long top, String s) {
        byte[] b = s.getBytes(StandardCharsets.ISO_8859_1);
        long va = top - b.length - 1;
        bb.put((int) (va - sp), b);
        return va;
    }

    /**
     * exit1(): closes the descriptors, frees the address space, makes the process a zombie holding its status,
     * hands its children to nobody (they are reaped when they exit) and wakes the parent.
     */
    public void exit(Proc p, int status) {
        if (p.state == Proc.State.ZOMBIE) {
            return;
        }
        kernel.machine().cpu().setCpl(0);
        kernel.machine().mmu().setCr3((int) kernel.vm().pmap().kernelDirectory());
        KThread t = kernel.scheduler().current();
        if (t.proc() == p) {
            t.savedCr3 = (int) kernel.vm().pmap().kernelDirectory();
        }
        p.fd.closeAll();
        p.vmspace.destroy();
        p.state = Proc.State.ZOMBIE;
        p.xstat = status;
        for (Proc c : p.children) {
            c.parent = null;
            if (c.state == Proc.State.ZOMBIE) {
                procs.remove(c.pid);
            }
        }
        p.children.clear();
        if (p.parent == null) {
            procs.remove(p.pid);
        }
        kernel.scheduler().wakeup(p.parent != null ? p.parent : this);
        kernel.scheduler().wakeup(p);
    }

    /**
     * The process dies of {@code signal} (SIGSEGV for a bad access): FreeBSD logs
     * {@code pid N (name), jid 0, uid U: exited on signal S} (kern.logsigexit), and the caller's user code unwinds.
     */
    public ProcessExit sigexit(Proc p, int signal) {
        // sigexit() logs the signals whose default action dumps core (SIGPROP_CORE); SIGPIPE or SIGINT end quietly.
        if (signal == 3 || signal == 4 || signal == 5 || signal == 6 || signal == 8 || signal == 10 || signal == 11
                || signal == 12) {
            kernel.console().printf("pid %d (%s), jid 0, uid %d: exited on signal %d%n", p.pid, p.comm, p.cred.uid(), signal);
        }
        return new ProcessExit(signal);
    }

    /**
     * wait4(2) for a child of {@code parent}: {@code pid} > 0 for that child, -1 for any. Sleeps until a child
     * exits unless WNOHANG; a signal ends the sleep with EINTR.
     *
     * @return {pid, status}, {0, 0} with WNOHANG and nothing to reap, or {-errno, 0}
     */
    public int[] wait(Proc parent, int pid, int options) {
        for (;;) {
            boolean any = false;
            for (Proc c : List.copyOf(parent.children)) {
                if (pid > 0 && c.pid != pid) {
                    continue;
                }
                any = true;
                if (c.state == Proc.State.ZOMBIE) {
                    parent.children.remove(c);
                    procs.remove(c.pid);
                    return new int[] {c.pid, c.xstat};
                }
            }
            if (!any) {
                return new int[] {-ECHILD, 0};
            }
            if ((options & WNOHANG) != 0) {
                return new int[] {0, 0};
            }
            // kern_wait6 sleeps with PCATCH: a signal ends the wait (and, with no handlers here, the waiter).
            if (kernel.scheduler().sleep(parent, "wait", 0, Scheduler.SLEEP_CATCH) == Scheduler.Wakeup.INTERRUPTED) {
                return new int[] {-org.kld86.kpi.Errno.EINTR, 0};
            }
        }
    }

    /** For the host: waits (sleeping the calling thread) until process {@code pid}, with no parent, has exited. */
    public int waitDetached(Proc p) {
        while (p.state != Proc.State.ZOMBIE) {
            kernel.scheduler().sleep(p, "wait", 0);
        }
        return p.xstat;
    }

    /**
     * vm_pageout_oom(): memory ran out and nothing gave any back, so a process must die. A victim already dying
     * is waited for; otherwise the process with the most resident pages is killed with SIGKILL (init, pid 1, is
     * spared), and the kernel says so as killproc() does.
     */
    public org.kld86.kernel.vm.PageRequests.OomVerdict oomKill(boolean pageFault) {
        KThread t = kernel.scheduler().current();
        Proc self = t == null ? null : t.proc();
        for (Proc p : procs.values()) {
            if (p.state != Proc.State.ZOMBIE && p.pendingSignal == SIGKILL) {
                return p == self ? org.kld86.kernel.vm.PageRequests.OomVerdict.SELF
                        : org.kld86.kernel.vm.PageRequests.OomVerdict.OTHER;
            }
        }
        Proc big = null;
        for (Proc p : procs.values()) {
            if (p.pid == 1 || p.state == Proc.State.ZOMBIE || p.vmspace() == null) {
                continue;
            }
            if (big == null || p.vmspace().residentPages() >= big.vmspace().residentPages()) {
                big = p;
            }
        }
        if (big == null) {
            return org.kld86.kernel.vm.PageRequests.OomVerdict.NONE;
        }
        kernel.console().printf("pid %d (%s), jid 0, uid %d, was killed: %s%n", big.pid, big.comm, big.cred.uid(),
                pageFault ? "a thread waited too long to allocate a page" : "failed to reclaim memory");
        kill(big.pid, SIGKILL);
        return big == self ? org.kld86.kernel.vm.PageRequests.OomVerdict.SELF
                : org.kld86.kernel.vm.PageRequests.OomVerdict.OTHER;
    }

    /**
     * kill(2) of a process by the kernel: marks it to die of {@code signal} at its next entry to the kernel. Processes
     * here have no signal handlers, so every signal takes its default action (sigprop in kern_sig.c): the ones whose
     * default is to be ignored (SIGURG, SIGCONT, SIGCHLD, SIGIO, SIGWINCH, SIGINFO) are discarded, and so are the
     * stop signals (SIGSTOP, SIGTSTP, SIGTTIN, SIGTTOU), since there is no job control to stop a process for; every
     * other signal ends the process.
     */
    public int kill(int pid, int signal) {
        Proc p = procs.get(pid);
        if (p == null || p.state == Proc.State.ZOMBIE) {
            return ESRCH;
        }
        if (discarded(signal)) {
            return 0;
        }
        p.pendingSignal = signal;
        kernel.scheduler().wakeupThreadOf(p);
        return 0;
    }

    /**
     * Whether a signal's default action leaves the process running (sigproptbl in kern_sig.c: SIGURG, SIGCONT,
     * SIGCHLD, SIGIO, SIGWINCH, SIGINFO, SIGTHR and SIGLIBRT are ignored; SIGSTOP, SIGTSTP, SIGTTIN and SIGTTOU
     * stop, which without job control leaves the process as it was).
     */
    public static boolean discarded(int signal) {
        return switch (signal) {
            case 16, 17, 18, 19, 20, 21, 22, 23, 28, 29, 32, 33 -> true;
            default -> false;
        };
    }

    static int unused() {
        return ENOMEM;
    }
}
