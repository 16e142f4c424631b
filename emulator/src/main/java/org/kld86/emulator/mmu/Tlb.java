package org.kld86.emulator.mmu;

import java.util.Arrays;

/**
 * A direct-mapped software TLB of 1024 entries indexed by linear page number bits 21:12, like Bochs' and
 * JPC's FastTLB.
 *
 * <p>Each entry caches what SDM §4.10.2 says a TLB entry holds: the physical frame, the AND of R/W and the AND
 * of U/S along the walk, the leaf's D flag, and G. CR0.WP is applied when access tags are derived, not when the
 * entry is filled, so toggling WP needs no flush (kvm-unit-tests {@code check_toggle_cr0_wp}).
 *
 * <p>For speed, every entry also carries four access tags, one per (CPL, read/write) pair: the tag equals
 * {@code pageBase | 1} when that access may go straight to {@link #host}, and 0 otherwise. A write tag is set
 * only once the leaf is dirty, so the first write through a read-filled entry misses and re-walks to set D, as
 * Bochs' read-only fills and QEMU's "wait for dirty access" do. MMIO pages have no host array and never get a
 * fast tag.
 *
 * <p>4 MiB pages are cached as the single 4 KiB piece that was touched (QEMU's choice); INVLPG anywhere inside
 * a large page drops every piece of it.
 */
final class Tlb {

    static final int SIZE = 1024;
    static final int MASK = SIZE - 1;

    /** {@code pageBase | 1} for a valid entry, else 0. */
    final int[] tag = new int[SIZE];
    /** Fast-path tags: supervisor read, supervisor write, user read, user write. */
    final int[] supRead = new int[SIZE];
    final int[] supWrite = new int[SIZE];
    final int[] userRead = new int[SIZE];
    final int[] userWrite = new int[SIZE];
    /** The host array of a RAM page, or null for MMIO and unbacked frames. */
    final byte[][] host = new byte[SIZE][];
    /** Physical frame base of the 4 KiB piece. */
    final int[] frame = new int[SIZE];
    final boolean[] rw = new boolean[SIZE];
    final boolean[] us = new boolean[SIZE];
    final boolean[] dirty = new boolean[SIZE];
    final boolean[] global = new boolean[SIZE];
    final boolean[] large = new boolean[SIZE];
    private int largeEntries;

    static int index(int va) {
        return (va >>> 12) & MASK;
    }

    static int pageTag(int va) {
        return (va & PagingBits.FRAME_4K) | 1;
    }

    boolean hits(int i, int va) {
        return tag[i] == pageTag(va);
    }

    void fill(int i, int va, int frameBase, byte[] hostPage, boolean erw, boolean eus, boolean isDirty,
            boolean isGlobal, boolean isLarge, boolean wp) {
        if (tag[i] != 0 && large[i]) {
            largeEntries--;
        }
        tag[i] = pageTag(va);
        frame[i] = frameBase;
        host[i] = hostPage;
        rw[i] = erw;
        us[i] = eus;
        dirty[i] = isDirty;
        global[i] = isGlobal;
        large[i] = isLarge;
        if (isLarge) {
            largeEntries++;
        }
        deriveTags(i, wp);
    }

    /** Recomputes the fast-path tags of entry {@code i} from its cached bits and CR0.WP. */
    void deriveTags(int i, boolean wp) {
        int t = tag[i];
        if (t == 0 || host[i] == null) {
            supRead[i] = supWrite[i] = userRead[i] = userWrite[i] = 0;
            return;
        }
        supRead[i] = t;
        supWrite[i] = dirty[i] && (rw[i] || !wp) ? t : 0;
        userRead[i] = us[i] ? t : 0;
        userWrite[i] = us[i] && rw[i] && dirty[i] ? t : 0;
    }

    void deriveAllTags(boolean wp) {
        for (int i = 0; i < SIZE; i++) {
            deriveTags(i, wp);
        }
    }

    void drop(int i) {
        if (tag[i] != 0 && large[i]) {
            largeEntries--;
        }
        tag[i] = supRead[i] = supWrite[i] = userRead[i] = userWrite[i] = 0;
        host[i] = null;
        large[i] = false;
    }

    /** INVLPG: drops the translation of {@code va}'s page, global or not, and all of a 4 MiB page around it. */
    void invalidatePage(int va) {
        int i = index(va);
        if (hits(i, va)) {
            drop(i);
        }
        if (largeEntries > 0) {
            int region = va >>> 22;
            for (int j = 0; j < SIZE; j++) {
                if (tag[j] != 0 && large[j] && (tag[j] >>> 22) == region) {
                    drop(j);
                }
            }
        }
    }

    /** MOV to CR3: drops every entry but the global ones. */
    void flushNonGlobal() {
        for (int i = 0; i < SIZE; i++) {
            if (tag[i] != 0 && !global[i]) {
                drop(i);
            }
        }
    }

    /** Drops everything, global entries included. */
    void flushAll() {
        Arrays.fill(tag, 0);
        Arrays.fill(supRead, 0);
        Arrays.fill(supWrite, 0);
        Arrays.fill(userRead, 0);
        Arrays.fill(userWrite, 0);
        Arrays.fill(host, null);
        Arrays.fill(large, false);
        largeEntries = 0;
    }

    /** Number of valid entries (for tests and statistics). */
    int validEntries() {
        int n = 0;
        for (int t : tag) {
            if (t != 0) {
                n++;
            }
        }
        return n;
    }
}
