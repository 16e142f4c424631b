package org.kld86.kpi;

import java.nio.charset.StandardCharsets;
import org.kld86.kernel.Kernel;
import org.kld86.kernel.vm.KernelMemory;

/**
 * Loads and stores to kernel virtual addresses, the Java spelling of C's pointer dereferences:
 * {@code *(uint32_t *)p = v} is {@code Mem.write32(p, v)}. Guest addresses are unsigned 32-bit values held in a
 * {@code long}; 0 is NULL.
 *
 * <p>Every access goes through the MMU and the kernel's page tables. Trap: an address that is not mapped (NULL,
 * freed memory returned to the page allocator, the guard page after a vmalloc area) is a page fault in kernel
 * mode, and the kernel panics with "Fatal trap 12" naming your method, exactly as a C driver would crash.
 */
public final class Mem {

    private Mem() {
    }

    private static KernelMemory m() {
        return Kernel.current().memory();
    }

    public static int read8(long va) {
        return m().read8(va);
    }

    public static int read16(long va) {
        return m().read16(va);
    }

    public static int read32(long va) {
        return m().read32(va);
    }

    public static void write8(long va, int value) {
        m().write8(va, value);
    }

    public static void write16(long va, int value) {
        m().write16(va, value);
    }

    public static void write32(long va, int value) {
        m().write32(va, value);
    }

    /** Copies {@code len} bytes of guest memory at {@code va} into {@code dst[off..]}. */
    public static void read(long va, byte[] dst, int off, int len) {
        m().read(va, dst, off, len);
    }

    /** Copies {@code src[off..off+len)} into guest memory at {@code va}. */
    public static void write(long va, byte[] src, int off, int len) {
        m().write(va, src, off, len);
    }

    /** memset(3). */
    public static void memset(long va, int c, long len) {
        m().fill(va, len, c);
    }

    /** bzero(9). */
    public static void bzero(long va, long len) {
        m().fill(va, len, 0);
    }

    /** bcopy(9): from {@code src} to {@code dst}; overlap is safe. */
    public static void bcopy(long src, long dst, long len) {
        m().copy(dst, src, len);
    }

    /** memcpy(3): to {@code dst} from {@code src}. */
    public static void memcpy(long dst, long src, long len) {
        m().copy(dst, src, len);
    }

    /** The C string at {@code va}, at most {@code max} bytes, as ISO-8859-1 text. */
    public static String readString(long va, int max) {
        return m().readCString(va, max);
    }

    /** strlcpy(9) of a Java string: at most {@code size - 1} bytes and a NUL; returns the string's length. */
    public static int strlcpy(long dst, String src, int size) {
        byte[] b = src.getBytes(StandardCharsets.ISO_8859_1);
        if (size > 0) {
            int n = Math.min(b.length, size - 1);
            m().write(dst, b, 0, n);
            m().write8(dst + n, 0);
        }
        return b.length;
    }
}
