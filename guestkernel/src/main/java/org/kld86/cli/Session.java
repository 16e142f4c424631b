package org.kld86.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.jline.terminal.Terminal;
import org.kld86.emulator.Machine;
import org.kld86.kernel.Kernel;
import org.kld86.kernel.KernelPanic;
import org.kld86.kernel.fs.File;
import org.kld86.kernel.kld.HostModuleStore;
import org.kld86.kernel.proc.Proc;
import org.kld86.kernel.proc.Scheduler;
import org.kld86.kernel.proc.Ucred;
import org.kld86.kernel.vfs.PathCalls;
import org.kld86.libkern.Errnos;

/**
 * One run of the launcher: boot the machine and kernel, start /bin/sh as process 1 on the console, connect the
 * host to the console, and wait for the shell.
 *
 * <p>The kernel boots on the launcher's own thread, which then waits for the shell the way a parent waits for a
 * child; every guest thread runs in turn with it. Boot messages go to the kernel log and dmesg, not to the host
 * terminal: the host sees what the guest prints once the shell starts (a panic included).
 *
 * <p>Exit status: the shell's exit status, or 128 + N if a signal N killed it; 70 (EX_SOFTWARE) after a kernel
 * panic; 0 after halt; 69 (EX_UNAVAILABLE) if there is no /bin/sh to run.
 */
final class Session {

    static final int EX_UNAVAILABLE = 69;
    static final int EX_SOFTWARE = 70;
    static final List<String> ENVIRONMENT = List.of("HOME=/root", "PATH=/sbin:/bin:/usr/sbin:/usr/bin",
            "SHELL=/bin/sh", "TERM=vt100", "USER=root");

    /** Makes the host terminal for an interactive session (the system's, or a test's). */
    interface TerminalFactory {
        Terminal open() throws IOException;

        /**
         * Whether a person is at a terminal. When standard input is a pipe or a file, the shell reads it from the
         * serial line as a script piped into a machine's console would be, without a line editor.
         */
        default boolean available() {
            return true;
        }
    }

    private final LauncherOptions options;
    private final InputStream in;
    private final PrintStream out;
    private final PrintStream err;
    private final TerminalFactory terminals;
    private final Path home;

    Session(LauncherOptions options, InputStream in, PrintStream out, PrintStream err, TerminalFactory terminals,
            Path home) {
        this.options = options;
        this.in = in;
        this.out = out;
        this.err = err;
        this.terminals = terminals;
        this.home = home;
    }

    /** The host folders of /boot/modules: every modules/*&#47;target with .ko files, then the -M folders. */
    List<Path> moduleDirs() {
        List<Path> dirs = new ArrayList<>(HostModuleStore.buildOutputDirs(home));
        dirs.addAll(options.moduleDirs());
        return dirs;
    }

    Path logFile() {
        return options.log() != null ? options.log() : home.resolve("target").resolve("kld86.log");
    }

    int run() {
        Path log = logFile();
        try {
            Path parent = log.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
        } catch (IOException e) {
            err.println("kld86: cannot create " + log + ": " + e.getMessage());
            return 64;
        }
        err.println("kld86: kernel log in " + log);
        try (KernelLog kernelLog = KernelLog.toFile(log)) {
            return boot(new BootConfig(options.kernel(), moduleDirs(), options.share()));
        }
    }

    private int boot(BootConfig boot) {
        Machine machine = new Machine(options.config());
        if (machine.console() == null) {
            err.println("kld86: the machine has no serial console (add -d uart)");
            return 64;
        }
        HostModuleStore modules = new HostModuleStore().mount("/boot/modules", boot.moduleDirs());
        Kernel kernel = Kernel.boot(machine, boot.options(), modules, boot.share());
        InteractiveConsole console = null;
        ConsoleOutput output = null;
        try {
            VfsGuestFiles files = new VfsGuestFiles(kernel);
            options.programs().forEach(files::installProgram);
            List<String> argv = new ArrayList<>(List.of("sh"));
            HostInput input;
            if (options.interactive() && terminals.available()) {
                Terminal terminal = terminals.open();
                console = new InteractiveConsole(terminal, new GuestCompleter(files, boot.moduleDirs()),
                        home.resolve("target").resolve("kld86_history"));
                output = new ConsoleOutput(console);
                ConsoleOutput o = output;
                input = HostInput.keyboard(machine.console(), kernel.consoleTty()::readerWaiting, o::flush);
                kernel.consoleTty().setEcho(false);
                console.start(input);
            } else {
                output = new ConsoleOutput(text -> {
                    out.write(text.getBytes(StandardCharsets.ISO_8859_1), 0, text.length());
                    out.flush();
                });
                ConsoleOutput o = output;
                input = HostInput.stream(machine.console(), in, kernel.consoleTty()::readerWaiting, o::flush);
                // The host has what it sends already; a tty echoing it back would only double it.
                kernel.consoleTty().setEcho(false);
                if (options.interactive()) {
                    // no terminal: sh reads its commands from the console, fed by the host's standard input
                } else if (options.command() != null) {
                    argv.add("-c");
                    argv.add(options.command());
                } else {
                    String guestPath = "/tmp/" + options.script().getFileName();
                    files.install(guestPath, Files.readAllBytes(options.script()));
                    argv.add(guestPath);
                }
                argv.addAll(options.args());
            }
            machine.setConsoleOutput(output);
            kernel.scheduler().setExternalInput(input);
            return waitForShell(kernel, argv);
        } catch (KernelPanic p) {
            return EX_SOFTWARE;
        } catch (Scheduler.Shutdown s) {
            return kernel.halted() ? 0 : EX_SOFTWARE;
        } catch (IOException e) {
            err.println("kld86: " + e.getMessage());
            return 64;
        } finally {
            if (output != null) {
                output.flush();
            }
            kernel.shutdown();
            if (console != null) {
                console.close();
            }
        }
    }

    private int waitForShell(Kernel kernel, List<String> argv) {
        int[] error = {0};
        int pid = kernel.procs().spawn(null, "/bin/sh", argv, ENVIRONMENT, fd -> {
            for (int i = 0; i < 3; i++) {
                File f = kernel.vfs().calls().open(Ucred.root(), kernel.vfs().root(), "/dev/console",
                        PathCalls.O_RDWR, 0, error);
                if (f != null) {
                    fd.install(f);
                }
            }
        }, Ucred.root(), kernel.consoleTty());
        if (pid < 0) {
            err.println("kld86: cannot run /bin/sh: " + Errnos.strerror(-pid));
            return EX_UNAVAILABLE;
        }
        Proc sh = kernel.procs().find(pid);
        int status = kernel.procs().waitDetached(sh);
        if (kernel.panicked() != null) {
            return EX_SOFTWARE;
        }
        return (status & 0x7F) == 0 ? (status >> 8) & 0xFF : 128 + (status & 0x7F);
    }
}
