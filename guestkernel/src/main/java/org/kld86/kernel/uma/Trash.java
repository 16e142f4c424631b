package org.kld86.kernel.uma;

import java.util.Arrays;
import java.util.function.LongFunction;
import org.kld86.kernel.Kernel;
import org.kld86.kernel.vm.KernelMemory;

/**
 * INVARIANTS' use-after-free detector (sys/vm/uma_dbg.c): free items are filled with the junk word 0xdeadc0de,
 * and the junk is checked when the item is handed out again, so a write through a stale pointer is caught at the
 * next allocation rather than never.
 *
 * <p>Two flavours. The trash hooks, which uma_zcreate gives under INVARIANTS to any zone created without hooks
 * of its own, junk the whole item and panic at once on a modified word. The mtrash hooks of the malloc(9) zones
 * junk all but the last pointer-sized word, where free(9) stores the malloc type that freed the item, so the
 * report can name the likely culprit: it prints {@code Memory modified after free %p(%d) val=%x @ %p} (the size
 * printed is the checked part) and panics {@code Most recently used by %s}, "none" when no type freed the item
 * yet. Every fill and check goes through the MMU, word by word in effect, like the C loops.
 */
public final class Trash {

    /** uma_junk. */
    public static final int JUNK = 0xdeadc0de;
    private static final int PTR = 4;

    private final Kernel kernel;
    private final KernelMemory mem;
    private byte[] junk = new byte[0];

    Trash(Kernel kernel) {
        this.kernel = kernel;
        this.mem = kernel.memory();
    }

    private byte[] junk(int len) {
        if (junk.length < len) {
            junk = new byte[Math.max(len, 256)];
            for (int i = 0; i + 3 < junk.length; i += 4) {
                junk[i] = (byte) JUNK;
                junk[i + 1] = (byte) (JUNK >>> 8);
                junk[i + 2] = (byte) (JUNK >>> 16);
                junk[i + 3] = (byte) (JUNK >>> 24);
            }
        }
        return junk;
    }

    private void fill(long va, int words) {
        if (words > 0) {
            mem.write(va, junk(words * 4), 0, words * 4);
        }
    }

    /** The offset of the first word of {@code words} at {@code va} that is not junk, or -1. */
    private int firstModified(long va, int words, int[] val) {
        if (words <= 0) {
            return -1;
        }
        byte[] buf = new byte[words * 4];
        mem.read(va, buf, 0, buf.length);
        byte[] j = junk(buf.length);
        if (Arrays.equals(buf, 0, buf.length, j, 0, buf.length)) {
            return -1;
        }
        for (int off = 0; off < buf.length; off += 4) {
            int w = (buf[off] & 0xFF) | (buf[off + 1] & 0xFF) << 8 | (buf[off + 2] & 0xFF) << 16
                    | (buf[off + 3] & 0xFF) << 24;
            if (w != JUNK) {
                val[0] = w;
                return off;
            }
        }
        return -1;
    }

    // ---------------------------------------------------------------------------------------------------------
    // trash_*: for zones without hooks of their own

    /** trash_ctor: every word must still be junk. */
    public final ItemHooks.Ctor trashCtor = this::check;

    /** trash_dtor: junk over the whole item. */
    public final ItemHooks.Dtor trashDtor = (item, size, arg) -> fill(item, size / 4);

    /** trash_init: junk, as the item enters the keg. */
    public final ItemHooks.Init trashInit = (item, size, flags) -> {
        fill(item, size / 4);
        return 0;
    };

    /** trash_fini: the check, as the item leaves the keg. */
    public final ItemHooks.Fini trashFini = (item, size) -> check(item, size, null, 0);

    private int check(long item, int size, Object arg, int flags) {
        int[] val = new int[1];
        int off = firstModified(item, size / 4, val);
        if (off >= 0) {
            throw kernel.panic("Memory modified after free 0x%x(%d) val=%x @ 0x%x", item, size, val[0], item + off);
        }
        return 0;
    }

    // ---------------------------------------------------------------------------------------------------------
    // mtrash_*: for the malloc(9) zones, with the freeing type in the last word

    /** The mtrash hooks, naming types through {@code typeName} (the stored word to a short description, or null). */
    public Hooks mtrash(LongFunction<String> typeName) {
        ItemHooks.Ctor ctor = (item, size, arg, flags) -> {
            int checked = size - PTR;
            int[] val = new int[1];
            int off = firstModified(item, checked / 4, val);
            if (off >= 0) {
                long ksp = Integer.toUnsignedLong(mem.read32(item + (checked / PTR) * PTR));
                String who = ksp == 0 ? null : typeName.apply(ksp);
                kernel.console().printf("Memory modified after free 0x%x(%d) val=%x @ 0x%x\n", item, checked, val[0],
                        item + off);
                throw kernel.panic("Most recently used by %s", who == null ? "none" : who);
            }
            return 0;
        };
        ItemHooks.Dtor dtor = (item, size, arg) -> fill(item, (size - PTR) / 4);
        ItemHooks.Init init = (item, size, flags) -> {
            fill(item, (size - PTR) / 4);
            mem.write32(item + (size / PTR - 1) * PTR, 0);
            return 0;
        };
        ItemHooks.Fini fini = (item, size) -> ctor.construct(item, size, null, 0);
        return new Hooks(ctor, dtor, init, fini);
    }

    /** A set of the four hooks. */
    public record Hooks(ItemHooks.Ctor ctor, ItemHooks.Dtor dtor, ItemHooks.Init init, ItemHooks.Fini fini) {
    }
}
