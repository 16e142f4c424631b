package org.kld86.bench;

import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.kld86.emulator.Machine;
import org.kld86.emulator.MachineConfig;
import org.kld86.kernel.Kernel;
import org.kld86.kernel.KernelOptions;
import org.kld86.kernel.fs.File;
import org.kld86.kernel.fs.TerminalFile;
import org.kld86.kernel.kld.HostModuleStore;
import org.kld86.kernel.proc.Ucred;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * LDD3's claims about its chapter-8 drivers, measured: copying a 4 MiB file into scull0 (kmalloc'ed 4000-byte
 * quanta), scullp0 (one page a quantum from __get_free_pages) and scullv0 (16-page quanta from vmalloc) and reading
 * it back, with the same dd commands a user would type, against the same copy into and out of a tmpfs file
 * (the baseline). Each operation is a whole shell session in the guest: {@code dd if=/tmp/data of=DEV bs=64k;
 * dd if=DEV of=/dev/null bs=64k}; the writer's open with O_WRONLY trims the device first, so every operation
 * allocates and frees all of it again. Ratios reports each device against tmpfs and scullp and scullv against scull.
 *
 * <p>The modules come from the sample drivers' build output under the project folder (system property
 * kld86.home, default the working directory, which bench/run makes the project folder).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class ScullBench {

    static final int SIZE_BYTES = 4 << 20;

    private Kernel kernel;

    @Setup(Level.Trial)
    public void setUp() {
        Path home = Path.of(System.getProperty("kld86.home", ".")).toAbsolutePath();
        List<Path> dirs = HostModuleStore.buildOutputDirs(home);
        if (dirs.isEmpty()) {
            throw new IllegalStateException("no sample modules under " + home + "/modules: build them first");
        }
        Machine machine = new Machine(MachineConfig.defaults());
        kernel = Kernel.boot(machine, KernelOptions.defaults(), new HostModuleStore().mount("/boot/modules", dirs));
        byte[] data = new byte[SIZE_BYTES];
        new Random(42).nextBytes(data);
        if (kernel.vfs().writeFile("/tmp/data", data, 0644) != 0) {
            throw new IllegalStateException("cannot write /tmp/data");
        }
        sh("kldload scull && kldload scullp && kldload scullv");
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        kernel.shutdown();
    }

    /** Runs {@code sh -c script} as root, its output discarded; fails on a non-zero status. */
    private void sh(String script) {
        int pid = kernel.procs().spawn(null, "/bin/sh", List.of("sh", "-c", script), List.of("PATH=/bin"), fd -> {
            for (int i = 0; i < 3; i++) {
                fd.install(new File(new TerminalFile(s -> { }), null, File.FREAD | File.FWRITE, "/dev/console"));
            }
        }, Ucred.root(), s -> { });
        int status = kernel.procs().waitDetached(kernel.procs().find(pid));
        if (status != 0) {
            throw new IllegalStateException("`" + script + "` ended with status " + status);
        }
    }

    private void copyThrough(String path) {
        sh("dd if=/tmp/data of=" + path + " bs=64k 2>/dev/null && dd if=" + path + " of=/dev/null bs=64k 2>/dev/null");
    }

    @Benchmark
    public void tmpfs() {
        copyThrough("/tmp/copy");
    }

    @Benchmark
    public void scull() {
        copyThrough("/dev/scull0");
    }

    @Benchmark
    public void scullp() {
        copyThrough("/dev/scullp0");
    }

    @Benchmark
    public void scullv() {
        copyThrough("/dev/scullv0");
    }
}
