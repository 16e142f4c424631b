package org.kld86.kernel.vm;

import java.util.Map;
import java.util.TreeMap;

/**
 * An allocator of kernel virtual address ranges in page units (FreeBSD's vmem(9) arenas, Linux's vmap_area
 * tree): lowest fit first, so the same calls give the same addresses.
 *
 * <p>It hands out addresses only; backing them with pages and page tables is the caller's business.
 */
public final class KvaArena {

    private final String name;
    private final long start;
    private final long end;
    /** Free ranges: start -> end (exclusive), never adjacent (merged on free). */
    private final TreeMap<Long, Long> free = new TreeMap<>();
    /** Allocated ranges: start -> size in bytes. */
    private final TreeMap<Long, Long> allocated = new TreeMap<>();
    private long allocatedBytes;

    public KvaArena(String name, long start, long end) {
        if ((start & (VmLayout.PAGE_SIZE - 1)) != 0 || (end & (VmLayout.PAGE_SIZE - 1)) != 0 || end <= start) {
            throw new IllegalArgumentException(String.format("%s: bad range 0x%x-0x%x", name, start, end));
        }
        this.name = name;
        this.start = start;
        this.end = end;
        free.put(start, end);
    }

    public String name() {
        return name;
    }

    public long start() {
        return start;
    }

    public long end() {
        return end;
    }

    public long allocatedBytes() {
        return allocatedBytes;
    }

    /** Whether {@code va} lies in the arena's range. */
    public boolean contains(long va) {
        return va >= start && va < end;
    }

    /**
     * Takes the lowest range of {@code sizeBytes} (a multiple of the page size) aligned to {@code align}.
     *
     * @return its start, or -1 if the arena has no such range
     */
    public long alloc(long sizeBytes, long align) {
        if (sizeBytes <= 0 || (sizeBytes & (VmLayout.PAGE_SIZE - 1)) != 0) {
            throw new IllegalArgumentException(name + ": size must be a positive number of pages: " + sizeBytes);
        }
        long a = Math.max(align, VmLayout.PAGE_SIZE);
        for (Map.Entry<Long, Long> e : free.entrySet()) {
            long s = (e.getKey() + a - 1) & -a;
            if (s + sizeBytes <= e.getValue()) {
                long fs = e.getKey();
                long fe = e.getValue();
                free.remove(fs);
                if (fs < s) {
                    free.put(fs, s);
                }
                if (s + sizeBytes < fe) {
                    free.put(s + sizeBytes, fe);
                }
                allocated.put(s, sizeBytes);
                allocatedBytes += sizeBytes;
                return s;
            }
        }
        return -1;
    }

    /** The size of the range allocated at {@code va}, or -1 if none starts there. */
    public long sizeAt(long va) {
        Long s = allocated.get(va);
        return s == null ? -1 : s;
    }

    /** The start of the allocated range containing {@code va}, or -1. */
    public long rangeContaining(long va) {
        Map.Entry<Long, Long> e = allocated.floorEntry(va);
        return e != null && va < e.getKey() + e.getValue() ? e.getKey() : -1;
    }

    /** Gives back the range that starts at {@code va}; returns its size, or -1 if none starts there. */
    public long free(long va) {
        Long size = allocated.remove(va);
        if (size == null) {
            return -1;
        }
        allocatedBytes -= size;
        long s = va;
        long e = va + size;
        Map.Entry<Long, Long> before = free.floorEntry(s);
        if (before != null && before.getValue() == s) {
            s = before.getKey();
            free.remove(s);
        }
        Long afterEnd = free.remove(e);
        if (afterEnd != null) {
            e = afterEnd;
        }
        free.put(s, e);
        return size;
    }

    /** The allocated ranges, start to size, in address order. */
    public Map<Long, Long> allocations() {
        return java.util.Collections.unmodifiableMap(allocated);
    }

    /** The largest free range in bytes (VmallocChunk). */
    public long largestFree() {
        long best = 0;
        for (Map.Entry<Long, Long> e : free.entrySet()) {
            best = Math.max(best, e.getValue() - e.getKey());
        }
        return best;
    }
}
