package org.kld86.userland;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.kld86.emulator.Machine;
import org.kld86.emulator.MachineConfig;
import org.kld86.kernel.Kernel;
import org.kld86.kernel.KernelOptions;
import org.kld86.kernel.fs.File;
import org.kld86.kernel.fs.TerminalFile;
import org.kld86.kernel.kld.MemoryModuleStore;
import org.kld86.kernel.proc.Ucred;

/**
 * A booted kernel for running user programs end to end, before there is a file system: /bin/NAME maps to the
 * program class NAME (lowercased simple name) as an executable "#!program class" file would, and each run gets
 * fds 0-2 on terminal files whose output the test reads: stdout, stderr, and the controlling terminal (uprintf),
 * each on its own and all three interleaved in the order they were written.
 */
final class Guest implements AutoCloseable {

    final MemoryModuleStore modules = new MemoryModuleStore();
    final Machine machine = new Machine(MachineConfig.builder().clearDevices().build());
    final Kernel kernel = Kernel.boot(machine, KernelOptions.defaults(), modules);
    final Map<String, String> bin = new LinkedHashMap<>();
    final RamFiles files = new RamFiles(kernel);

    /** What one run printed, and how it ended. */
    record Run(int status, String out, String err, String tty, String all) {
        int exitCode() {
            return (status >> 8) & 0xFF;
        }

        int signal() {
            return status & 0x7F;
        }
    }

    Guest() {
        for (String cls : kernel.userland().programs()) {
            String simple = cls.substring(cls.lastIndexOf('.') + 1);
            bin.put("/bin/" + simple.toLowerCase(java.util.Locale.ROOT), cls);
        }
        kernel.procs().setExecutableReader(path -> {
            String cls = bin.get(path);
            return cls == null ? null : ("#!program " + cls + "\n").getBytes(StandardCharsets.ISO_8859_1);
        });
    }

    /** Runs {@code /bin/name args...} as root. */
    /** Runs {@code script} with the real shell, as sh -c. */
    Run sh(String script) {
        return run("sh", "-c", script);
    }

    /** Runs {@code script} as sh -c, which must print nothing on standard error; what it printed on standard output. */
    String shOut(String script) {
        Run r = sh(script);
        assertEquals("", r.err(), script);
        return r.out();
    }

    /** Runs {@code script} as sh -c, which must fail as a syntax error does: the message, and status 2. */
    void assertSyntaxError(String message, String script) {
        Run r = sh(script);
        assertEquals("sh: Syntax error: " + message + "\n", r.err(), script);
        assertEquals(2, r.exitCode(), script);
    }

    Run run(String name, String... args) {
        return runAs(Ucred.root(), name, args);
    }

    Run runAs(Ucred cred, String name, String... args) {
        return runTyped(cred, null, name, args);
    }

    /**
     * Runs with {@code typed} lines on standard input as a terminal in canonical mode hands them over: one line a
     * read, then end of file (null: no input at all).
     */
    Run runTyped(Ucred cred, List<String> typed, String name, String... args) {
        StringBuilder out = new StringBuilder();
        StringBuilder err = new StringBuilder();
        StringBuilder tty = new StringBuilder();
        StringBuilder all = new StringBuilder();
        List<String> argv = new ArrayList<>(List.of(name));
        argv.addAll(List.of(args));
        String path = name.startsWith("/") ? name : "/bin/" + name;
        int pid = kernel.procs().spawn(null, path, argv, List.of("HOME=/root", "PATH=/bin"), fd -> {
            fd.install(new File(typed == null ? new TerminalFile(s -> { }) : new TypedInput(typed), null, File.FREAD,
                    "/dev/console"));
            fd.install(new File(new TerminalFile(s -> {
                out.append(s);
                all.append(s);
            }), null, File.FWRITE, "/dev/console"));
            fd.install(new File(new TerminalFile(s -> {
                err.append(s);
                all.append(s);
            }), null, File.FWRITE, "/dev/console"));
        }, cred, new org.kld86.kernel.proc.Terminal() {
            @Override
            public void write(String s) {
                tty.append(s);
                all.append(s);
            }

            @Override
            public String name() {
                return "ttyu0"; // the console's name, as on the real machine
            }
        });
        assertTrue(pid > 0, "spawn " + path + ": " + pid);
        int status = kernel.procs().waitDetached(kernel.procs().find(pid));
        return new Run(status, out.toString(), err.toString(), tty.toString(), all.toString());
    }

    /** Puts a module jar at /boot/modules/{@code file} built from one class's source. */
    void module(String file, String className, String source) {
        modules.put("/boot/modules/" + file, org.kld86.kernel.kld.ModuleJars.jar(Map.of(className, source)));
    }

    /** The echo driver's module events as Kong's chapter 1 prints them (no device: that is devfs's). */
    void echoModule() {
        module("echo.ko", "echo.Echo", """
                package echo;
                import org.kld86.kpi.*;
                import static org.kld86.kpi.Kld.*;
                import static org.kld86.kpi.Systm.*;
                @DevModule(name = "echo")
                public final class Echo implements ModuleEventHandler {
                    public int modevent(KldModule mod, int what, Object arg) {
                        switch (what) {
                        case MOD_LOAD: uprintf("Echo driver loaded.\\n"); return 0;
                        case MOD_UNLOAD: uprintf("Echo driver unloaded.\\n"); return 0;
                        default: return Errno.EOPNOTSUPP;
                        }
                    }
                }
                """);
    }

    /** A terminal's input side in canonical mode: each read returns one typed line; then end of file. */
    private static final class TypedInput implements org.kld86.kernel.fs.FileOps {
        private final java.util.ArrayDeque<String> lines;

        TypedInput(List<String> lines) {
            this.lines = new java.util.ArrayDeque<>(lines);
        }

        @Override
        public int read(File fp, org.kld86.kpi.Uio uio, int flags) {
            String line = lines.poll();
            if (line == null) {
                return 0;
            }
            Kernel k = Kernel.current();
            byte[] b = line.getBytes(StandardCharsets.ISO_8859_1);
            int n = (int) Math.min(b.length, uio.uio_resid);
            if (n < b.length) {
                lines.push(line.substring(n)); // the rest of the line waits for the next read, as in a tty
            }
            long buf = k.malloc().malloc(Math.max(n, 1), k.malloc().M_TEMP, org.kld86.kernel.malloc.MallocFlags.M_WAITOK);
            try {
                k.memory().write(buf, b, 0, n);
                return org.kld86.kpi.Uio.uiomove(buf, n, uio);
            } finally {
                k.malloc().free(buf, k.malloc().M_TEMP);
            }
        }

        @Override
        public int write(File fp, org.kld86.kpi.Uio uio, int flags) {
            return 0;
        }

        @Override
        public int ioctl(File fp, long cmd, long arg) {
            return new TerminalFile(s -> { }).ioctl(fp, cmd, arg); // typed input comes from a terminal
        }

        @Override
        public int stat(File fp, org.kld86.kernel.fs.Stat sb) {
            sb.mode = org.kld86.kernel.fs.Stat.S_IFCHR | 0620;
            return 0;
        }
    }

    @Override
    public void close() {
        kernel.shutdown();
    }
}
