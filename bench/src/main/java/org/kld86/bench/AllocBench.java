package org.kld86.bench;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.concurrent.TimeUnit;
import org.kld86.emulator.Machine;
import org.kld86.emulator.MachineConfig;
import org.kld86.kernel.Kernel;
import org.kld86.kernel.KernelOptions;
import org.kld86.kernel.sysctl.Sysctl;
import org.kld86.kpi.Gfp;
import org.kld86.kpi.Malloc;
import org.kld86.kpi.MallocType;
import org.kld86.kpi.Mm;
import org.kld86.kpi.Slab;
import org.kld86.kpi.Vmalloc;
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
 * What the kernel's allocators cost a driver, each an allocation and its free through the KPI, on a production
 * kernel (INVARIANTS off; {@link AllocBenchInvariants} runs the same on the default INVARIANTS kernel):
 * <ul>
 *   <li>malloc(9) + free(9) of 64 bytes, and kmalloc + kfree of 64 bytes, against the baseline: a plain free
 *       list of 64-byte blocks in a byte array, threaded through the blocks' first word the way a C free list
 *       is (target: within 4x);</li>
 *   <li>__get_free_pages(GFP_KERNEL, 0) + free_pages, and vmalloc(64 KiB) + vfree, reported in ns and as a
 *       ratio to the same baseline.</li>
 * </ul>
 * Each call pair takes the block it just gave back, as a driver allocating and freeing in a loop does, so the
 * figures are those of the allocators' fast paths: UMA's per-CPU bucket, the buddy allocator's order-0 list,
 * and for vmalloc sixteen pages, their mappings and the lazily freed address range.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class AllocBench {

    static final int BLOCK_BYTES = 64;
    static final int BLOCKS = 1024;

    private static final VarHandle LE32 = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);

    private Kernel kernel;
    private byte[] arena;
    private int head;

    /** The kernel's build options: a production kernel. */
    KernelOptions options() {
        return KernelOptions.defaults().withInvariants(false);
    }

    @Setup(Level.Trial)
    public void setUp() {
        kernel = Kernel.boot(new Machine(MachineConfig.builder().ram("64M").clearDevices().build()), options());
        // The loop never sleeps, which the soft-lockup watchdog would take for a hang once the virtual time the
        // INVARIANTS checks charge adds up to debug.kld.watchdog_ms: give it a billion virtual milliseconds.
        ((Sysctl.LongNode) kernel.sysctl().lookup("debug.kld.watchdog_ms")).setter().accept(1_000_000_000L);
        arena = new byte[BLOCKS * BLOCK_BYTES];
        head = 0;
        for (int i = 0; i < BLOCKS; i++) {
            LE32.set(arena, i * BLOCK_BYTES, i + 1 < BLOCKS ? (i + 1) * BLOCK_BYTES : -1);
        }
        // Fill the caches once, so that the measurement is of the allocators' steady state.
        Malloc.free(Malloc.malloc(BLOCK_BYTES, MallocType.M_DEVBUF, Malloc.M_WAITOK), MallocType.M_DEVBUF);
        Slab.kfree(Slab.kmalloc(BLOCK_BYTES, Gfp.GFP_KERNEL));
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        kernel.shutdown();
    }

    /** The baseline: pop a 64-byte block off a free list and push it back. */
    @Benchmark
    public int freeList64() {
        int b = head;
        head = (int) LE32.get(arena, b);
        LE32.set(arena, b, head);
        head = b;
        return b;
    }

    @Benchmark
    public long mallocFree64() {
        long p = Malloc.malloc(BLOCK_BYTES, MallocType.M_DEVBUF, Malloc.M_WAITOK);
        Malloc.free(p, MallocType.M_DEVBUF);
        return p;
    }

    @Benchmark
    public long kmallocKfree64() {
        long p = Slab.kmalloc(BLOCK_BYTES, Gfp.GFP_KERNEL);
        Slab.kfree(p);
        return p;
    }

    @Benchmark
    public long getFreePage() {
        long p = Mm.__get_free_pages(Gfp.GFP_KERNEL, 0);
        Mm.free_pages(p, 0);
        return p;
    }

    @Benchmark
    public long vmalloc64K() {
        long p = Vmalloc.vmalloc(64 << 10);
        Vmalloc.vfree(p);
        return p;
    }
}
