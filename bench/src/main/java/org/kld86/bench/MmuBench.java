package org.kld86.bench;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.kld86.emulator.cpu.Cpu;
import org.kld86.emulator.cpu.VirtualClock;
import org.kld86.emulator.io.IoPortSpace;
import org.kld86.emulator.memory.PhysicalMemory;
import org.kld86.emulator.mmu.Mmu;
import org.kld86.emulator.mmu.PagingBits;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The MMU's costs against what the host does without one.
 *
 * <p>Pairs, each reported as a ratio by {@link Ratios}:
 * <ul>
 *   <li>a 32-bit load or store that hits the TLB against the same little-endian load or store on a plain byte
 *       array, over the same 1024 scattered aligned addresses in 16 mapped pages. These loops are throughput
 *       bound: independent loads, so the figure is the extra instructions of a software TLB check per access;</li>
 *   <li>the same load in a dependent chain (each load's result is the next address, as when code walks a list or
 *       a struct of pointers), where the figure is the extra latency of a TLB hit;</li>
 *   <li>a 64 KiB guest-to-host copy that starts mid-page, so every page boundary is crossed, against
 *       {@code System.arraycopy} of the same length (target: half its bandwidth or better).</li>
 * </ul>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class MmuBench {

    static final int ACCESSES = 1024;
    static final int PAGES = 16;
    static final int COPY_BYTES = 64 << 10;
    static final int VA_BASE = 0xC040_0000;

    private static final VarHandle LE32 = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);

    private byte[] array;
    private int[] offsets;
    private Mmu mmu;
    private byte[] copySrc;
    private byte[] copyDst;

    @Setup
    public void setUp() {
        array = new byte[PAGES * PhysicalMemory.PAGE_SIZE];
        offsets = new int[ACCESSES];
        Random r = new Random(86);
        for (int i = 0; i < ACCESSES; i++) {
            offsets[i] = r.nextInt(array.length / 4) * 4;
        }
        PhysicalMemory phys = new PhysicalMemory(64L << 20);
        mmu = new Mmu(phys);
        new Cpu(mmu, new VirtualClock(1_000_000_000L), new IoPortSpace());
        // Kernel-style tables: a page directory at 1 MiB, one page table mapping 0xC0400000.. onto 4 MiB of RAM.
        int pd = 0x100000;
        int pt = 0x101000;
        phys.write32(pd + ((VA_BASE >>> 22) << 2), pt | PagingBits.PTE_P | PagingBits.PTE_RW);
        for (int i = 0; i < 1024; i++) {
            phys.write32(pt + i * 4, (0x400000 + i * 4096) | PagingBits.PTE_P | PagingBits.PTE_RW);
        }
        mmu.setCr3(pd);
        mmu.setCr0(mmu.cr0() | PagingBits.CR0_PG | PagingBits.CR0_WP);
        // A random cycle through the 16 pages: each word holds the offset of the next one to visit.
        int words = array.length / 4;
        int[] perm = new int[words];
        for (int i = 0; i < words; i++) {
            perm[i] = i;
        }
        for (int i = words - 1; i > 0; i--) {
            int j = r.nextInt(i + 1);
            int t = perm[i];
            perm[i] = perm[j];
            perm[j] = t;
        }
        for (int i = 0; i < words; i++) {
            int from = perm[i] * 4;
            int to = perm[(i + 1) % words] * 4;
            LE32.set(array, from, to);
            mmu.write32(VA_BASE + from, to);
        }
        copySrc = new byte[COPY_BYTES];
        copyDst = new byte[COPY_BYTES];
    }

    @Benchmark
    @OperationsPerInvocation(ACCESSES)
    public int arrayLoad32() {
        int sum = 0;
        for (int off : offsets) {
            sum += (int) LE32.get(array, off);
        }
        return sum;
    }

    @Benchmark
    @OperationsPerInvocation(ACCESSES)
    public int tlbHitLoad32() {
        int sum = 0;
        for (int off : offsets) {
            sum += mmu.read32(VA_BASE + off);
        }
        return sum;
    }

    @Benchmark
    @OperationsPerInvocation(ACCESSES)
    public void arrayStore32() {
        int v = 0;
        for (int off : offsets) {
            LE32.set(array, off, v++);
        }
    }

    @Benchmark
    @OperationsPerInvocation(ACCESSES)
    public void tlbHitStore32() {
        int v = 0;
        for (int off : offsets) {
            mmu.write32(VA_BASE + off, v++);
        }
    }

    @Benchmark
    @OperationsPerInvocation(ACCESSES)
    public int arrayChase32() {
        int off = 0;
        for (int i = 0; i < ACCESSES; i++) {
            off = (int) LE32.get(array, off);
        }
        return off;
    }

    @Benchmark
    @OperationsPerInvocation(ACCESSES)
    public int tlbHitChase32() {
        int off = 0;
        for (int i = 0; i < ACCESSES; i++) {
            off = mmu.read32(VA_BASE + off);
        }
        return off;
    }

    @Benchmark
    public byte[] arraycopy64K() {
        System.arraycopy(copySrc, 0, copyDst, 0, COPY_BYTES);
        return copyDst;
    }

    @Benchmark
    public byte[] mmuCopyOut64K() {
        mmu.read(VA_BASE + 0x800, copyDst, 0, COPY_BYTES);
        return copyDst;
    }

    @Benchmark
    public void mmuCopyIn64K() {
        mmu.write(VA_BASE + 0x800, copySrc, 0, COPY_BYTES);
    }
}
