package org.kld86.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.kld86.emulator.Machine;
import org.kld86.emulator.MachineConfig;
import org.kld86.kernel.Kernel;
import org.kld86.kernel.KernelOptions;
import org.kld86.kernel.KernelPanic;
import org.kld86.kernel.fs.File;
import org.kld86.kernel.fs.TerminalFile;
import org.kld86.kernel.kld.HostModuleStore;
import org.kld86.kernel.proc.ProcTable;
import org.kld86.kernel.proc.Ucred;

/**
 * The default machine booted for the DMA drivers' tests: /boot/modules shows every modules/NAME/target folder
 * of the build, the test programs a test names are installed in /bin, the host puts files into the guest and
 * takes them out, and shell scripts run as root with their whole transcript kept.
 *
 * <p>Closing it fails the test if the kernel panicked or its message buffer holds a complaint: a leak report at
 * a malloc type's teardown, an INVARIANTS or DIAGNOSTIC message, a stray interrupt, a driver's timeout. So a
 * test that passes its assertions still fails when the kernel's checks fired behind them.
 */
final class DriverGuest implements AutoCloseable {

    /** Lines of the message buffer that mean something went wrong, whatever the test asserted. */
    static final Pattern COMPLAINT = Pattern.compile(
            "(?im)^.*(panic|leaked|modified after free|bad malloc flags|warning|stray irq|not acquired|not busy"
                    + "|in use|assert|timeout|error|lock order).*$");

    final Machine machine;
    final Kernel kernel;
    final StringBuilder transcript = new StringBuilder();
    /** Message buffer lines a test provoked on purpose: not complaints. */
    private final List<Pattern> allowed = new ArrayList<>();

    /** The default machine: 64 MiB, the console UART, the ISA stream device and an edu device. */
    DriverGuest() {
        this(MachineConfig.defaults());
    }

    DriverGuest(MachineConfig config) {
        machine = new Machine(config);
        kernel = Kernel.boot(machine, KernelOptions.defaults(),
                new HostModuleStore().mount("/boot/modules", moduleDirs()));
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

    /** Installs /bin/NAME (the class's simple name in lower case) running the test program {@code program}. */
    DriverGuest install(Class<?> program) {
        String name = program.getSimpleName().toLowerCase(Locale.ROOT);
        put("/bin/" + name, (ProcTable.PROGRAM_MAGIC + program.getName() + "\n").getBytes(StandardCharsets.ISO_8859_1),
                0555);
        return this;
    }

    void put(String path, byte[] data, int mode) {
        assertEquals(0, kernel.vfs().writeFile(path, data, mode), "put " + path);
    }

    byte[] get(String path) {
        int[] err = {0};
        byte[] data = kernel.vfs().readFile(path, null, err);
        assertNotNull(data, () -> "get " + path + ": errno " + err[0]);
        return data;
    }

    /** Runs {@code sh -c script} as root; returns the exit status. */
    int sh(String script) {
        int pid = kernel.procs().spawn(null, "/bin/sh", List.of("sh", "-c", script),
                List.of("PATH=/bin", "HOME=/root"), fd -> {
                    for (int i = 0; i < 3; i++) {
                        fd.install(new File(new TerminalFile(transcript::append), null, File.FREAD | File.FWRITE,
                                "/dev/console"));
                    }
                }, Ucred.root(), transcript::append);
        int status = kernel.procs().waitDetached(kernel.procs().find(pid));
        return (status >> 8) & 0xFF;
    }

    /** The transcript so far, which is then cleared. */
    String take() {
        String t = transcript.toString();
        transcript.setLength(0);
        return t;
    }

    /** Runs a script that must succeed; returns its transcript. */
    String ok(String script) {
        int status = sh(script);
        String out = take();
        assertEquals(0, status, () -> script + "\n" + out);
        return out;
    }

    String dmesg() {
        return kernel.console().dmesg();
    }

    /**
     * The free page count once UMA has given its cached slabs back, the page tables counted as free (they are
     * the kernel's, made once and kept): what must come back when a driver is unloaded.
     */
    long freePages() {
        kernel.malloc().uma().reclaim();
        return kernel.vm().allocator().totalFreePages() + kernel.vm().pmap().pageTablePages();
    }

    /** Lets the message buffer hold lines matching {@code regex}, which the test itself provoked. */
    void allow(String regex) {
        allowed.add(Pattern.compile(regex));
    }

    @Override
    public void close() {
        KernelPanic p = kernel.panicked();
        String dmesg = dmesg();
        kernel.shutdown();
        if (p != null) {
            fail("the kernel panicked: " + p.getMessage() + "\n" + p.report());
        }
        var m = COMPLAINT.matcher(dmesg);
        while (m.find()) {
            String line = m.group();
            if (allowed.stream().noneMatch(a -> a.matcher(line).matches())) {
                fail("the kernel complained: " + line + "\n" + dmesg);
            }
        }
    }
}
