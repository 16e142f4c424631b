package org.kld86.tests;

import java.io.IOException;
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

    @Override
    public void close() {
        kernel.shutdown();
    }
}
