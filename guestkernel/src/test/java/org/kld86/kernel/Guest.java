package org.kld86.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.kld86.emulator.Machine;
import org.kld86.emulator.MachineConfig;
import org.kld86.kernel.fs.File;
import org.kld86.kernel.fs.TerminalFile;
import org.kld86.kernel.kld.MemoryModuleStore;
import org.kld86.kernel.kld.ModuleStore;
import org.kld86.kernel.proc.Proc;
import org.kld86.kernel.proc.ProcTable;
import org.kld86.kernel.proc.Terminal;
import org.kld86.kernel.proc.Ucred;

/**
 * A booted 64 MiB kernel for tests that drive it with user programs: the test programs of
 * org.kld86.userland.test are installed in /bin under their lower-case names, processes run with the terminal
 * on descriptors 0-2, and what they print is collected. Close it in @AfterEach; closing checks that the kernel
 * did not panic.
 */
public final class Guest implements AutoCloseable {

    public final Machine machine;
    public final Kernel kernel;
    public final MemoryModuleStore store;
    private final StringBuilder tty = new StringBuilder();
    private final Terminal terminal = tty::append;

    public Guest() {
        this(new MemoryModuleStore(), null);
    }

    public Guest(MemoryModuleStore store, Path share) {
        this.store = store;
        this.machine = new Machine(MachineConfig.builder().ram("64M").clearDevices().build());
        this.kernel = Kernel.boot(machine, KernelOptions.defaults(), (ModuleStore) store, share);
        kernel.setTerminal(tty::append);
        for (String p : List.of("FsOps", "PipeProbe", "FsFuzz", "SyscallFuzz")) {
            install("/bin/" + p.toLowerCase(java.util.Locale.ROOT), "org.kld86.userland.test." + p);
        }
    }

    /** Puts an executable at {@code path} that runs the program {@code className}. */
    public void install(String path, String className) {
        int error = kernel.vfs().writeFile(path, (ProcTable.PROGRAM_MAGIC + className + "\n")
                .getBytes(StandardCharsets.ISO_8859_1), 0555);
        assertEquals(0, error, "install " + path);
    }

    /** Starts {@code path} as {@code cred} with the terminal on 0, 1 and 2; returns the process. */
    public Proc spawn(Ucred cred, String path, String... args) {
        List<String> argv = new ArrayList<>(List.of(path));
        argv.addAll(List.of(args));
        int pid = kernel.procs().spawn(null, path, argv, List.of("HOME=/root", "PATH=/bin"), fd -> {
            for (int i = 0; i < 3; i++) {
                fd.install(new File(new TerminalFile(terminal), null, File.FREAD | File.FWRITE, "/dev/console"));
            }
        }, cred, terminal);
        assertTrue(pid > 0, "spawn " + path + ": " + pid);
        return kernel.procs().find(pid);
    }

    /** Runs a program to its end; returns its wait status. */
    public int run(Ucred cred, String path, String... args) {
        return kernel.procs().waitDetached(spawn(cred, path, args));
    }

    /** Runs /bin/fsops as root with {@code args}; returns its output, which it asserts ended in exit 0. */
    public String fsops(String... args) {
        return fsops(Ucred.root(), args);
    }

    public String fsops(Ucred cred, String... args) {
        int mark = tty.length();
        int status = run(cred, "/bin/fsops", args);
        String out = tty.substring(mark);
        assertEquals(0, status, "fsops exit status; output:\n" + out);
        return out;
    }

    /** Everything printed on the terminal so far. */
    public String tty() {
        return tty.toString();
    }

    /**
     * The free page count after UMA gives its cached slabs back, page tables counted as free (they are the
     * kernel's, kept once made).
     */
    public long freePages() {
        kernel.malloc().uma().reclaim();
        return kernel.vm().allocator().totalFreePages() + kernel.vm().pmap().pageTablePages();
    }

    /** Shuts the kernel down after a test that made it panic on purpose. */
    public void closeAfterPanic() {
        kernel.shutdown();
    }

    @Override
    public void close() {
        KernelPanic p = kernel.panicked();
        kernel.shutdown();
        assertNull(p, () -> "the kernel panicked: " + p.getMessage() + "\n" + p.report());
    }
}
