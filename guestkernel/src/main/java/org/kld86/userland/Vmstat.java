package org.kld86.userland;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.kld86.userland.libc.Getopt;
import org.kld86.userland.libc.Libc;
import org.kld86.userland.libc.Structs;

/**
 * vmstat(8) -m and -z: the kernel's malloc types and UMA zones, read through sysctl (kern.malloc_stats and
 * vm.zone_stats, the streams {@link Structs} describes) as libmemstat reads them, in the layout of FreeBSD 6 to 12
 * (usr.bin/vmstat/vmstat.c domemstat_malloc and domemstat_zone before XDOMAIN):
 * <pre>
 *          Type InUse MemUse HighUse Requests  Size(s)
 *   echo_buffer     1     1K       -        1  512
 * </pre>
 * A malloc row is {@code "%13s %5ju %5juK %7s %8ju  "} and the zone sizes the type ever used, joined by ",":
 * InUse = allocations - frees, MemUse = the bytes not freed rounded up to KiB, HighUse "-" (it was, once malloc
 * moved onto UMA), Requests = every allocation ever. A type that never allocated and holds nothing is left out.
 * <pre>
 * ITEM                   SIZE  LIMIT     USED     FREE      REQ FAIL SLEEP
 *
 * UMA Kegs:               192,      0,      26,      14,      26,   0,   0
 *
 * </pre>
 * A zone row is {@code "%-20s %6ju, %6ju,%8ju,%8ju,%8ju,%4ju,%4ju"} with the name (at most 31 characters) and a
 * colon; a blank line follows the header and the last row. Both lists come oldest first: the kernel streams them
 * newest first and libmemstat's LIST_INSERT_HEAD turns them round.
 *
 * <p>-i (dointr): the interrupt counters of sysctl hw.intrnames and hw.intrcnt, those that counted anything (all of
 * them with -a), each with its rate per second since boot, and their total:
 * <pre>
 * interrupt                          total       rate
 * irq11: edu0                            4        180
 * Total                                  4        180
 * </pre>
 * The name column is as wide as the longest name and at least "interrupt"; {@code "%-*s %20ju %10ju"}. The rate
 * is the count over the virtual time since boot, in milliseconds as vmstat keeps it (at least one). The other
 * reports of vmstat (the default summary, -s) are not here.
 */
public final class Vmstat {

    private Vmstat() {
    }

    public static int main(int argc, long argv, long envp) {
        return Libc.start(argc, argv, envp, Vmstat::run);
    }

    static int run(Libc c) {
        Getopt g = new Getopt(c, "aimz");
        boolean m = false;
        boolean z = false;
        boolean i = false;
        boolean all = false;
        for (int ch; (ch = g.next()) != -1; ) {
            switch (ch) {
                case 'a' -> all = true;
                case 'i' -> i = true;
                case 'm' -> m = true;
                case 'z' -> z = true;
                default -> {
                    return usage(c);
                }
            }
        }
        if ((!m && !z && !i) || g.rest().length != 0) {
            return usage(c);
        }
        if (i) {
            int r = interrupts(c, all);
            if (r != 0) {
                return r;
            }
        }
        if (m) {
            int r = mallocStats(c);
            if (r != 0) {
                return r;
            }
        }
        if (z) {
            return zoneStats(c);
        }
        return 0;
    }

    /** One record of a statistics stream: its name and its u64 fields. */
    record Record(String name, long[] fields) {
    }

    /** Reads a stream, oldest record first; null after a message if it cannot. */
    static List<Record> readStream(Libc c, String oid, int recordSize) {
        int[] err = {0};
        byte[] b = c.sysctl(oid, err);
        if (b == null) {
            c.warn("sysctl: " + oid, err[0]);
            return null;
        }
        if (b.length < Structs.STATS_HEADER || u32(b, 0) != Structs.STATS_VERSION || u32(b, 8) != recordSize
                || b.length < Structs.STATS_HEADER + (long) u32(b, 4) * recordSize) {
            c.warnx(oid + ": bad statistics stream");
            return null;
        }
        int count = u32(b, 4);
        int nfields = (recordSize - Structs.STATS_NAME) / 8;
        List<Record> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            int at = Structs.STATS_HEADER + i * recordSize;
            int n = 0;
            while (n < Structs.STATS_NAME && b[at + n] != 0) {
                n++;
            }
            String name = new String(b, at, n, java.nio.charset.StandardCharsets.ISO_8859_1);
            long[] f = new long[nfields];
            for (int j = 0; j < nfields; j++) {
                f[j] = u64(b, at + Structs.STATS_NAME + 8 * j);
            }
            out.add(new Record(name, f));
        }
        Collections.reverse(out);
        return out;
    }

    private static int mallocStats(Libc c) {
        List<Record> types = readStream(c, "kern.malloc_stats", Structs.MALLOC_STATS_RECORD);
        if (types == null) {
            return 1;
        }
        c.printf("%13s %5s %6s %7s %8s  Size(s)\n", "Type", "InUse", "MemUse", "HighUse", "Requests");
        for (Record t : types) {
            long memalloced = t.fields()[0];
            long memfreed = t.fields()[1];
            long numallocs = t.fields()[2];
            long numfrees = t.fields()[3];
            long sizemask = t.fields()[4];
            long count = numallocs - numfrees;
            if (numallocs == 0 && count == 0) {
                continue;
            }
            long kib = Long.divideUnsigned(memalloced - memfreed + 1023, 1024);
            c.printf("%13s %5ju %5juK %7s %8ju  ", t.name(), count, kib, "-", numallocs);
            boolean first = true;
            for (int i = 0; i < 32; i++) {
                if ((sizemask & (1L << i)) != 0) {
                    c.printf(first ? "%d" : ",%d", 1 << (i + 4));
                    first = false;
                }
            }
            c.printf("\n");
        }
        return 0;
    }

    private static int zoneStats(Libc c) {
        List<Record> zones = readStream(c, "vm.zone_stats", Structs.ZONE_STATS_RECORD);
        if (zones == null) {
            return 1;
        }
        c.printf("%-20s %6s %6s %8s %8s %8s %4s %4s\n\n", "ITEM", "SIZE", "LIMIT", "USED", "FREE", "REQ", "FAIL",
                "SLEEP");
        for (Record z : zones) {
            long[] f = z.fields();
            c.printf("%-20s %6ju, %6ju,%8ju,%8ju,%8ju,%4ju,%4ju\n", z.name() + ":", f[0], f[1], f[2], f[3], f[4],
                    f[5], f[6]);
        }
        c.printf("\n");
        return 0;
    }

    static int u32(byte[] b, int at) {
        return (b[at] & 0xFF) | (b[at + 1] & 0xFF) << 8 | (b[at + 2] & 0xFF) << 16 | (b[at + 3] & 0xFF) << 24;
    }

    static long u64(byte[] b, int at) {
        return Integer.toUnsignedLong(u32(b, at)) | (long) u32(b, at + 4) << 32;
    }

    /** -i: dointr() and print_intrcnts() of usr.bin/vmstat/vmstat.c. */
    private static int interrupts(Libc c, boolean all) {
        int[] err = {0};
        byte[] names = c.sysctl("hw.intrnames", err);
        byte[] counts = names == null ? null : c.sysctl("hw.intrcnt", err);
        byte[] uptime = counts == null ? null : c.sysctl("kern.nanouptime", err);
        if (uptime == null) {
            c.warn("sysctl: hw.intrnames", err[0]);
            return 1;
        }
        List<String> name = new ArrayList<>();
        int start = 0;
        for (int k = 0; k < names.length; k++) {
            if (names[k] == 0) {
                name.add(new String(names, start, k - start, java.nio.charset.StandardCharsets.ISO_8859_1));
                start = k + 1;
            }
        }
        int width = "interrupt".length();
        for (String n : name) {
            width = Math.max(width, n.length());
        }
        long periodMs = Math.max(1, u64(uptime, 0) / 1_000_000);
        c.printf("%-" + width + "s %20s %10s\n", "interrupt", "total", "rate");
        long total = 0;
        for (int k = 0; k < name.size() && 4 * k + 4 <= counts.length; k++) {
            long n = u32(counts, 4 * k) & 0xFFFFFFFFL;
            total += n;
            if (n != 0 || all) {
                c.printf("%-" + width + "s %20d %10d\n", name.get(k), n, n * 1000 / periodMs);
            }
        }
        c.printf("%-" + width + "s %20d %10d\n", "Total", total, total * 1000 / periodMs);
        return 0;
    }

    private static int usage(Libc c) {
        c.stderr().puts("usage: vmstat [-afHhimoPsz] [-M core [-N system]] [-c count] [-n devs]\n"
                + "\t[-p type,if,pass] [-w wait] [disks] [wait [count]]\n");
        return 1;
    }
}
