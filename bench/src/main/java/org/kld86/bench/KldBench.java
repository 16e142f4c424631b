package org.kld86.bench;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import org.kld86.bench.module.DriverLoop;
import org.kld86.emulator.Machine;
import org.kld86.emulator.MachineConfig;
import org.kld86.kernel.Kernel;
import org.kld86.kernel.KernelOptions;
import org.kld86.kernel.kld.Linker;
import org.kld86.kernel.kld.ModuleStore;
import org.kld86.kernel.vm.PageRequests;
import org.kld86.kernel.vm.Zone;
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
 * What the kernel linker costs. Pairs, reported as ratios by {@link Ratios}: the driver-style loop of
 * {@link DriverLoop} (a checksum of 4096 words of guest memory) as the module kldload instrumented, against the
 * same class run as plain bytecode on the same kernel (target: at most 1.3x); and one kldload + kldunload of that
 * module, reported in microseconds on its own.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class KldBench {

    static final int WORDS = 4096;

    private Machine machine;
    private Kernel kernel;
    private long buffer;
    private MethodHandle instrumented;
    private byte[] jar;
    private byte[] tinyJar;

    @Setup(Level.Trial)
    public void setUp() throws Throwable {
        jar = jarOf(DriverLoop.class);
        tinyJar = jarOf(org.kld86.bench.module.Tiny.class);
        machine = new Machine(MachineConfig.builder().clearDevices().build());
        ModuleStore store = new ModuleStore() {
            @Override
            public byte[] read(String path) {
                return switch (path) {
                    case "/boot/modules/driverloop.ko" -> jar;
                    case "/boot/modules/tiny.ko" -> tinyJar;
                    default -> null;
                };
            }

            @Override
            public List<String> list(String dir) {
                return dir.equals("/boot/modules") ? List.of("/boot/modules/driverloop.ko") : List.of();
            }
        };
        kernel = Kernel.boot(machine, KernelOptions.defaults(), store);
        // A benchmark thread never sleeps; keep the watchdog out of the measurement.
        ((org.kld86.kernel.sysctl.Sysctl.LongNode) kernel.sysctl().lookup("debug.kld.watchdog_ms")).setter()
                .accept(Long.MAX_VALUE / 4_000_000_000L);
        int pfn = kernel.pageRequests().allocPages(2, Zone.NORMAL, PageRequests.WAIT | PageRequests.ZERO);
        buffer = kernel.vm().pfnToVirt(pfn);
        for (int i = 0; i < WORDS; i++) {
            kernel.memory().write32(buffer + 4L * i, i * 0x9E3779B9);
        }
        Linker.LoadResult r = kernel.linker().kldload("driverloop", List.of());
        if (!r.ok()) {
            throw new IllegalStateException("kldload driverloop: errno " + r.errno() + "\n" + kernel.console().dmesg());
        }
        Class<?> c = kernel.linker().fileById(r.fileId()).moduleClass(DriverLoop.class.getName());
        instrumented = MethodHandles.publicLookup().findStatic(c, "checksum", MethodType.methodType(int.class, long.class, int.class));
        if ((int) instrumented.invokeExact(buffer, WORDS) != DriverLoop.checksum(buffer, WORDS)) {
            throw new IllegalStateException("the instrumented module computes something else");
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        kernel.shutdown();
    }

    private static byte[] jarOf(Class<?> c) throws IOException {
        String entry = c.getName().replace('.', '/') + ".class";
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        try (JarOutputStream j = new JarOutputStream(b); InputStream in = c.getClassLoader().getResourceAsStream(entry)) {
            j.putNextEntry(new JarEntry(entry));
            in.transferTo(j);
            j.closeEntry();
        }
        return b.toByteArray();
    }

    @Benchmark
    public int plainLoop() {
        return DriverLoop.checksum(buffer, WORDS);
    }

    @Benchmark
    public int instrumentedLoop() throws Throwable {
        return (int) instrumented.invokeExact(buffer, WORDS);
    }

    @Benchmark
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public int kldloadKldunload() {
        Linker.LoadResult r = kernel.linker().kldload("/boot/modules/tiny.ko", List.of());
        int e = kernel.linker().kldunload(r.fileId(), Linker.LINKER_UNLOAD_NORMAL);
        if (!r.ok() || e != 0) {
            throw new IllegalStateException("kldload/kldunload tiny: " + r.errno() + "/" + e);
        }
        return r.fileId();
    }
}
