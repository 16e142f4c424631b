package org.kld86.kernel.vm;

import java.nio.charset.StandardCharsets;
import org.kld86.emulator.mmu.Mmu;

/**
 * The kernel's loads and stores to kernel virtual addresses: every one goes through the MMU and the current
 * page tables, exactly as compiled kernel code would. Addresses are unsigned 32-bit values held in a long.
 *
 * <p>A fault here is a fault in kernel mode: the kernel's trap handler decides (for the kernel's own memory
 * that means a panic with the "Fatal trap 12" report).
 *
 * <p>The bulk operations (copies in and out of host arrays, bcopy, memset) cost virtual time as the string
 * instructions they stand for would: {@link #CYCLES_PER_BYTE} a byte, about a gigabyte a second on the default
 * 1 GHz machine, which is what an i386-class memory system sustains. The time is charged at the end of the
 * operation through the CPU's safepoint, where device events fire and pending interrupts are taken, as they are
 * between the instructions of a long copy. So copyin, copyout and uiomove take time in proportion to what they
 * move, and a driver's copy loop and the kernel's copy routine cost alike.
 */
public final class KernelMemory {

    /** Virtual cycles a byte of a bulk copy or fill costs. */
    public static final int CYCLES_PER_BYTE = 1;

    private final Mmu mmu;
    private java.util.function.LongConsumer charge = cycles -> { };

    public KernelMemory(Mmu mmu) {
        this.mmu = mmu;
    }

    /** Where the bulk operations' cost goes: the CPU's safepoint. */
    public void setCharge(java.util.function.LongConsumer charge) {
        this.charge = charge;
    }

    /** A string instruction is interruptible between iterations: a long copy passes a safepoint every page. */
    private void charge(long cycles) {
        while (cycles > 0) {
            long step = Math.min(cycles, CHARGE_STEP);
            charge.accept(step);
            cycles -= step;
        }
    }

    private static final long CHARGE_STEP = 4096;

    public int read8(long va) {
        return mmu.read8((int) va);
    }

    public int read16(long va) {
        return mmu.read16((int) va);
    }

    public int read32(long va) {
        return mmu.read32((int) va);
    }

    public void write8(long va, int value) {
        mmu.write8((int) va, value);
    }

    public void write16(long va, int value) {
        mmu.write16((int) va, value);
    }

    public void write32(long va, int value) {
        mmu.write32((int) va, value);
    }

    /** Copies {@code len} bytes at {@code va} into {@code dst[off..]}. */
    public void read(long va, byte[] dst, int off, int len) {
        mmu.read((int) va, dst, off, len);
        charge((long) len * CYCLES_PER_BYTE);
    }

    /** Copies {@code src[off..off+len)} to {@code va}. */
    public void write(long va, byte[] src, int off, int len) {
        mmu.write((int) va, src, off, len);
        charge((long) len * CYCLES_PER_BYTE);
    }

    /** memset(9). */
    public void fill(long va, long len, int value) {
        long cost = Math.max(len, 0) * CYCLES_PER_BYTE;
        while (len > 0) {
            int n = (int) Math.min(len, 1 << 30);
            mmu.fill((int) va, n, value);
            va += n;
            len -= n;
        }
        charge(cost);
    }

    /** bcopy(9) / memmove: overlap is safe. */
    public void copy(long dstVa, long srcVa, long len) {
        mmu.copy((int) dstVa, (int) srcVa, (int) len);
        charge(len * CYCLES_PER_BYTE);
    }

    /** Reads a NUL-terminated string of at most {@code max} bytes (without the NUL). */
    public String readCString(long va, int max) {
        byte[] buf = new byte[Math.min(max, 4096)];
        int n = 0;
        while (n < max) {
            int b = read8(va + n);
            if (b == 0) {
                break;
            }
            if (n == buf.length) {
                buf = java.util.Arrays.copyOf(buf, Math.min(max, buf.length * 2));
            }
            buf[n++] = (byte) b;
        }
        return new String(buf, 0, n, StandardCharsets.ISO_8859_1);
    }

    /** Writes {@code s} and a NUL. */
    public void writeCString(long va, String s) {
        byte[] b = s.getBytes(StandardCharsets.ISO_8859_1);
        write(va, b, 0, b.length);
        write8(va + b.length, 0);
    }
}
