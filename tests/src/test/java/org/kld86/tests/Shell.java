package org.kld86.tests;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.kld86.emulator.Machine;
import org.kld86.emulator.MachineConfig;
import org.kld86.kernel.Kernel;
import org.kld86.kernel.KernelOptions;
import org.kld86.kernel.fs.File;
import org.kld86.kernel.fs.TerminalFile;
import org.kld86.kernel.kld.HostModuleStore;
import org.kld86.kernel.proc.Ucred;

/**
 * A booted default machine whose /boot/modules shows the sample drivers' build output, running shell scripts as
 * root with the console on fds 0-2: what a user types, with its whole transcript.
 */
final class Shell implements AutoCloseable {

    final Machine machine = new Machine(MachineConfig.defaults());
    final Kernel kernel;
    final StringBuilder transcript = new StringBuilder();

    Shell() {
        kernel = Kernel.boot(machine, KernelOptions.defaults(), new HostModuleStore().mount("/boot/modules", moduleDirs()));
    }

    /** Every modules/NAME/target folder of the build. */
    static List<Path> moduleDirs() {
        Path modules = Path.of("..", "modules").toAbsolutePath().normalize();
        List<Path> dirs = new ArrayList<>();
        try (Stream<Path> s = Files.list(modules)) {
            s.map(p -> p.resolve("target")).filter(Files::isDirectory).sorted().forEach(dirs::add);
        } catch (IOException e) {
            throw new IllegalStateException("no modules folder at " + modules, e);
        }
        return dirs;
    }

    /**
     * Puts the test user program {@code programClass} (a class of org.kld86.userland.test on the test class path)
     * into /bin as {@code name}, so that scripts run it like any command.
     */
    Shell install(String name, Class<?> programClass) {
        byte[] exe = ("#!program " + programClass.getName() + "\n").getBytes(StandardCharsets.ISO_8859_1);
        int error = kernel.vfs().writeFile("/bin/" + name, exe, 0555);
        if (error != 0) {
            throw new IllegalStateException("cannot install /bin/" + name + ": error " + error);
        }
        return this;
    }

    /** Puts {@code data} into the guest's file {@code path} (mode 0644), as the host hands a user a file. */
    Shell put(String path, byte[] data) {
        int error = kernel.vfs().writeFile(path, data, 0644);
        if (error != 0) {
            throw new IllegalStateException("cannot write " + path + ": error " + error);
        }
        return this;
    }

    /** Removes the guest's file {@code path} (the shell has no rm). */
    Shell remove(String path) {
        int error = kernel.vfs().calls().unlink(Ucred.root(), kernel.vfs().root(), path);
        if (error != 0) {
            throw new IllegalStateException("cannot remove " + path + ": error " + error);
        }
        return this;
    }

    /** Runs {@code sh -c script}; returns the exit status. */
    int sh(String script) {
        int pid = kernel.procs().spawn(null, "/bin/sh", List.of("sh", "-c", script), List.of("PATH=/bin", "HOME=/root"),
                fd -> {
                    for (int i = 0; i < 3; i++) {
                        fd.install(new File(new TerminalFile(transcript::append), null, File.FREAD | File.FWRITE,
                                "/dev/console"));
                    }
                }, Ucred.root(), transcript::append);
        int status = kernel.procs().waitDetached(kernel.procs().find(pid));
        return (status >> 8) & 0xFF;
    }

    /** Runs {@code sh -c script} and returns what it printed, leaving the transcript as it was. */
    String output(String script) {
        int mark = transcript.length();
        sh(script);
        String out = transcript.substring(mark);
        transcript.setLength(mark);
        return out;
    }

    /** The kernel's message buffer from {@code mark} (a length of {@link #dmesg()} taken earlier) on. */
    String dmesgSince(int mark) {
        return dmesg().substring(mark);
    }

    /** The kernel's message buffer. */
    String dmesg() {
        return kernel.console().dmesg();
    }

    @Override
    public void close() {
        kernel.shutdown();
    }
}
