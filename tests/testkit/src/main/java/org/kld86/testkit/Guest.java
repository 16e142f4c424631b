package org.kld86.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.kld86.emulator.Machine;
import org.kld86.emulator.MachineConfig;
import org.kld86.kernel.Kernel;
import org.kld86.kernel.KernelOptions;
import org.kld86.kernel.KernelPanic;
import org.kld86.kernel.fs.File;
import org.kld86.kernel.fs.TerminalFile;
import org.kld86.kernel.kld.HostModuleStore;
import org.kld86.kernel.proc.Proc;
import org.kld86.kernel.proc.ProcTable;
import org.kld86.kernel.proc.Ucred;
import org.kld86.kernel.sysctl.Sysctl;

/**
 * A booted kld86 machine for a test: the default PC (its RAM size and kernel options as asked) whose
 * /boot/modules shows the drivers' build output. A test drives it as a user would, through the shell
 * ({@link #sh}, {@link #kldload}, {@link #vmstat}), opens device files held by a user process ({@link #open}),
 * and reads what the kernel said ({@link #dmesg}, {@link #console}, {@link #panic}).
 *
 * <p>Everything runs on the test's thread, which is the kernel's first thread: a call returns when the guest
 * has done what was asked (a shell command ended, a system call returned). Virtual time only moves while the
 * guest runs, so the same test always gives the same transcript.
 *
 * <p>Close it when done; {@link GuestExtension} does that, and before it checks the kernel: a panic, a leak
 * report, an INVARIANTS complaint or a Linux BUG/WARNING in the kernel's messages fails the test.
 */
public final class Guest implements AutoCloseable {

    private final Machine machine;
    private final Kernel kernel;
    private final StringBuilder console = new StringBuilder();
    private final List<GuestFile> open = new ArrayList<>();
    private Agent agent;

    private Guest(Machine machine, Kernel kernel) {
        this.machine = machine;
        this.kernel = kernel;
    }

    /**
     * Boots a machine with {@code ramSize} of memory ("64M"), kernel options as a kernel config names them
     * ("" for the default INVARIANTS kernel, or e.g. "DIAGNOSTIC,-INVARIANTS"), and the given host folders of
     * .ko files in /boot/modules.
     */
    public static Guest boot(String ramSize, String kernelOptions, List<Path> moduleDirs) {
        Machine machine = new Machine(MachineConfig.builder().ram(ramSize).build());
        KernelOptions options = kernelOptions.isEmpty() ? KernelOptions.defaults() : KernelOptions.parse(kernelOptions);
        Kernel kernel = Kernel.boot(machine, options, new HostModuleStore().mount("/boot/modules", moduleDirs));
        Guest g = new Guest(machine, kernel);
        g.installProgram("testkit-agent", "org.kld86.userland.testkit.Agent");
        return g;
    }

    /** Boots the default 64 MiB INVARIANTS machine with the project's drivers on its module path. */
    public static Guest boot() {
        return boot("64M", "", ModuleDirs.find());
    }

    /** What a shell command did: its exit status and what it printed (standard output and error, interleaved). */
    public record Result(int status, String output) {
    }

    /**
     * Runs {@code sh -c script} as root with the console on descriptors 0-2 and waits for it; returns its exit
     * status and what appeared on the console meanwhile (kernel messages included, as on a real console).
     */
    public Result sh(String script) {
        return sh(Ucred.root(), script);
    }

    /** Runs {@code sh -c script} as the unprivileged user (uid 1001). */
    public Result shAsUser(String script) {
        return sh(Ucred.user(), script);
    }

    private Result sh(Ucred cred, String script) {
        int mark = console.length();
        int pid = kernel.procs().spawn(null, "/bin/sh", List.of("sh", "-c", script), List.of("PATH=/bin", "HOME=/root"),
                fd -> {
                    for (int i = 0; i < 3; i++) {
                        fd.install(new File(new TerminalFile(console::append), null, File.FREAD | File.FWRITE,
                                "/dev/console"));
                    }
                }, cred, console::append);
        if (pid < 0) {
            fail("cannot run /bin/sh: error " + -pid);
        }
        int status = kernel.procs().waitDetached(kernel.procs().find(pid));
        int code = (status & 0x7F) == 0 ? (status >> 8) & 0xFF : 128 + (status & 0x7F);
        return new Result(code, console.substring(mark));
    }

    /** Runs {@code script} and returns its output, failing the test if it exits non-zero. */
    public String run(String script) {
        Result r = sh(script);
        assertEquals(0, r.status(), () -> "`" + script + "` exited " + r.status() + ":\n" + r.output());
        return r.output();
    }

    /** {@code kldload name}, which must succeed; returns what it printed (the driver's load messages). */
    public String kldload(String name) {
        return run("kldload " + name);
    }

    /** {@code kldunload name}, which must succeed; returns what it printed. */
    public String kldunload(String name) {
        return run("kldunload " + name);
    }

    /** {@code vmstat args} (e.g. "-m", "-z"). */
    public String vmstat(String args) {
        return run("vmstat " + args);
    }

    /** The kernel message buffer, as dmesg shows it. */
    public String dmesg() {
        return kernel.console().dmesg();
    }

    /** Everything the guest's console showed so far: commands' output and kernel messages. */
    public String console() {
        return console.toString();
    }

    /** The panic message if the kernel panicked. */
    public Optional<String> panic() {
        KernelPanic p = kernel.panicked();
        return p == null ? Optional.empty() : Optional.of(p.getMessage());
    }

    /** A sysctl's numeric value. */
    public long sysctl(String name) {
        Sysctl.Node n = kernel.sysctl().lookup(name);
        if (!(n instanceof Sysctl.LongNode ln)) {
            throw new IllegalArgumentException("no numeric sysctl " + name);
        }
        return ln.getter().getAsLong();
    }

    /** Free pages once the allocators' caches are drained; see {@link #pagesInUse()}. */
    public long freePages() {
        kernel.malloc().uma().reclaim();
        return kernel.vm().allocator().totalFreePages();
    }

    /**
     * Pages held by anything but page tables and file data: what a driver's load and unload must leave as it
     * found. Caches are drained first, as the page daemon would ask, so what remains is really held.
     */
    public long pagesInUse() {
        kernel.malloc().uma().reclaim();
        return kernel.vm().managedPages() - kernel.vm().allocator().totalFreePages()
                - kernel.vm().pmap().pageTablePages() - sysctl("vfs.tmpfs.pages_used");
    }

    /** Opens {@code path} read-write in the agent process. */
    public GuestFile open(String path) {
        return open(path, GuestFile.O_RDWR);
    }

    /** Opens {@code path} with open(2) flags (GuestFile.O_RDONLY, O_WRONLY, O_RDWR, O_TRUNC...) in the agent. */
    public GuestFile open(String path, int flags) {
        GuestFile f = GuestFile.open(agent(), path, flags);
        open.add(f);
        return f;
    }

    /** Writes a file into the guest (e.g. test data to copy into a device), mode 0644. */
    public void writeFile(String path, byte[] data) {
        int error = kernel.vfs().writeFile(path, data, 0644);
        if (error != 0) {
            fail("cannot write " + path + ": error " + error);
        }
    }

    /** Reads a whole file of the guest. */
    public byte[] readFile(String path) {
        int[] err = {0};
        byte[] b = kernel.vfs().readFile(path, null, err);
        if (b == null) {
            fail("cannot read " + path + ": error " + err[0]);
        }
        return b;
    }

    /** Installs a user program, class {@code className} in package org.kld86.userland, as /bin/{@code name}. */
    public void installProgram(String name, String className) {
        byte[] image = (ProcTable.PROGRAM_MAGIC + className + "\n").getBytes(StandardCharsets.ISO_8859_1);
        int error = kernel.vfs().writeFile("/bin/" + name, image, 0555);
        if (error != 0) {
            fail("cannot install /bin/" + name + ": error " + error);
        }
    }

    /** The kernel, for what the guest's own tools do not show. */
    public Kernel kernel() {
        return kernel;
    }

    public Machine machine() {
        return machine;
    }

    private Agent agent() {
        if (agent == null || agent.channel.agentGone()) {
            agent = Agent.start(kernel, console::append);
        }
        return agent;
    }

    /** Closes every file the test opened and ends the agent process. */
    void closeFiles() {
        for (GuestFile f : List.copyOf(open)) {
            f.closeQuietly();
        }
        open.clear();
        if (agent != null) {
            agent.stop();
            agent = null;
        }
    }

    @Override
    public void close() {
        if (kernel.panicked() == null) {
            closeFiles();
        }
        kernel.shutdown();
    }

    /** The agent process and its channel. */
    static final class Agent {
        final Kernel kernel;
        final AgentChannel channel;
        final Proc proc;

        private Agent(Kernel kernel, AgentChannel channel, Proc proc) {
            this.kernel = kernel;
            this.channel = channel;
            this.proc = proc;
        }

        static Agent start(Kernel kernel, org.kld86.kernel.proc.Terminal console) {
            AgentChannel channel = new AgentChannel(kernel);
            File f = new File(channel, null, File.FREAD | File.FWRITE, "agent");
            int pid = kernel.procs().spawn(null, "/bin/testkit-agent", List.of("testkit-agent"), List.of(), fd -> {
                fd.install(f);
                f.hold();
                fd.install(f);
                fd.install(new File(new TerminalFile(console), null, File.FREAD | File.FWRITE, "/dev/console"));
            }, Ucred.root(), console);
            if (pid < 0) {
                throw new IllegalStateException("cannot start the testkit agent: error " + -pid);
            }
            return new Agent(kernel, channel, kernel.procs().find(pid));
        }

        /** Sends a request; the reply's fields. */
        String[] call(String request) {
            String reply = channel.call(request);
            if (reply == null) {
                throw new IllegalStateException("the testkit agent died (pid " + proc.pid() + ")");
            }
            return reply.split(" ", -1);
        }

        void stop() {
            channel.hangUp();
            if (!channel.agentGone()) {
                kernel.procs().waitDetached(proc);
            }
        }
    }
}
