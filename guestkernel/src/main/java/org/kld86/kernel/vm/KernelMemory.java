package org.kld86.kernel.vm;

import java.nio.charset.StandardCharsets;
import org.kld86.emulator.mmu.Mmu;

/**
 * The kernel's loads and stores to kernel virtual addresses: every one goes through the MMU and the current
 * page tables, exactly as compiled kernel code would. Addresses are unsigned 32-bit values held in a long.
 *
 * <p>A fault here is a fault in kernel mode: the kernel's trap handler decides (for the kernel's own memory
 * that means a panic with the "Fatal trap 12" report).
 */
public final class KernelMemory {

    private final Mmu mmu;

    public KernelMemory(Mmu mmu) {
        this.mmu = mmu;
    }

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
    }

    /** Copies {@code src[off..off+len)} to {@code va}. */
    public void write(long va, byte[] src, int off, int len) {
        mmu.write((int) va, src, off, len);
    }

    /** memset(9). */
    public void fill(long va, long len, int value) {
        while (len > 0) {
            int n = (int) Math.min(len, 1 << 30);
            mmu.fill((int) va, n, value);
            va += n;
            len -= n;
        }
    }

    /** bcopy(9) / memmove: overlap is safe. */
    public void copy(long dstVa, long srcVa, long len) {
        mmu.copy((int) dstVa, (int) srcVa, (int) len);
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
