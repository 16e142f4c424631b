package org.kld86.kernel.malloc;

import java.util.List;

/**
 * The text of {@code vmstat -m} (usr.bin/vmstat/vmstat.c domemstat_malloc over lib/libmemstat), in the layout
 * of FreeBSD 6 to 12 that still has the HighUse column, printed as "-" since malloc moved onto UMA:
 * <pre>
 *          Type InUse MemUse HighUse Requests  Size(s)
 *   echo_buffer     1     1K       -        1  512
 * </pre>
 * A row is {@code "%13s %5ju %5juK %7s %8ju  "} and the sizes of the zones the type ever used, comma-separated:
 * InUse is allocations minus frees, MemUse the bytes not freed in KiB rounded up, Requests every allocation
 * ever. A type that has never allocated and holds nothing is left out. Types come oldest first: the kernel lists
 * them newest first and libmemstat reverses the list.
 */
public final class MallocReport {

    private MallocReport() {
    }

    /** The whole output of vmstat -m. */
    public static String vmstatM(Malloc malloc) {
        return vmstatM(malloc.types());
    }

    /** vmstat -m over {@code types}, oldest first. */
    public static String vmstatM(List<MallocType> types) {
        StringBuilder sb = new StringBuilder(header());
        for (MallocType t : types) {
            if (t.numallocs() == 0 && t.inUse() == 0) {
                continue;
            }
            sb.append(row(t));
        }
        return sb.toString();
    }

    /** The header line, with its newline. */
    public static String header() {
        return String.format("%13s %5s %6s %7s %8s  Size(s)\n", "Type", "InUse", "MemUse", "HighUse", "Requests");
    }

    /** One type's row, with its newline. Counts are unsigned, as libmemstat's are. */
    public static String row(MallocType t) {
        String name = t.shortdesc();
        if (name.length() > MallocType.MALLOC_MAX_NAME - 1) {
            name = name.substring(0, MallocType.MALLOC_MAX_NAME - 1);
        }
        long kib = Long.divideUnsigned(t.bytesInUse() + 1023, 1024);
        StringBuilder sb = new StringBuilder(String.format("%13s %5s %5sK %7s %8s  ", name,
                Long.toUnsignedString(t.inUse()), Long.toUnsignedString(kib), "-",
                Long.toUnsignedString(t.numallocs())));
        boolean first = true;
        for (int i = 0; i < 32; i++) {
            if ((t.sizeMask() & (1 << i)) != 0) {
                if (!first) {
                    sb.append(',');
                }
                sb.append(1 << (i + 4));
                first = false;
            }
        }
        return sb.append('\n').toString();
    }
}
