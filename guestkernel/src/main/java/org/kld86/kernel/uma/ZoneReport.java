package org.kld86.kernel.uma;

/**
 * The text of {@code vmstat -z} (usr.bin/vmstat/vmstat.c domemstat_zone over lib/libmemstat memstat_uma.c).
 *
 * <p>This is the legacy layout of FreeBSD 6 to 12, the companion of the vmstat -m that still has its HighUse
 * column: no XDOMAIN column, a blank line after the header and one after the last row.
 * <pre>
 * ITEM                   SIZE  LIMIT     USED     FREE      REQ FAIL SLEEP
 *
 * UMA Kegs:               192,      0,      26,      14,      26,   0,   0
 * ...
 *
 * </pre>
 * Each row is {@code "%-20s %6ju, %6ju,%8ju,%8ju,%8ju,%4ju,%4ju"} with the zone's name and a colon; zones are
 * listed in the order their kegs were made (the kernel lists them newest first and libmemstat reverses the list).
 */
public final class ZoneReport {

    /** MEMTYPE_MAXNAME: a name is cut to 31 characters before the colon. */
    private static final int MAX_NAME = 32 - 1;

    private ZoneReport() {
    }

    /** The whole output of vmstat -z for {@code uma}'s zones. */
    public static String vmstatZ(Uma uma) {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format("%-20s %6s %6s %8s %8s %8s %4s %4s\n\n", "ITEM", "SIZE", "LIMIT", "USED", "FREE", "REQ",
                "FAIL", "SLEEP"));
        for (UmaZone z : uma.zones()) {
            sb.append(row(z));
        }
        sb.append('\n');
        return sb.toString();
    }

    /** One zone's row, with its newline. */
    public static String row(UmaZone z) {
        String name = z.name().length() > MAX_NAME ? z.name().substring(0, MAX_NAME) : z.name();
        return String.format("%-20s %6d, %6d,%8d,%8d,%8d,%4d,%4d\n", name + ":", z.size(), z.limit(), z.used(),
                z.freeItems(), z.requests(), z.fails(), z.sleeps());
    }
}
