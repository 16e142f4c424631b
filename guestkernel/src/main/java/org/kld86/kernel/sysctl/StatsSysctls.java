package org.kld86.kernel.sysctl;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.kld86.kernel.Kernel;
import org.kld86.kernel.malloc.MallocType;
import org.kld86.kernel.uma.UmaZone;

/**
 * The sysctl nodes user programs read the kernel's statistics and clocks through: what vmstat -m, vmstat -z,
 * dmesg and dd need, declared at boot.
 *
 * <ul>
 *   <li>{@code kern.malloc_stats} (opaque): the malloc types, as FreeBSD's node of that name streams them for
 *       libmemstat, in this kernel's simpler layout below;</li>
 *   <li>{@code vm.zone_stats} (opaque): the UMA zones, likewise;</li>
 *   <li>{@code kern.msgbuf} (string): the message buffer, what dmesg(8) prints;</li>
 *   <li>{@code kern.nanouptime} (number): nanoseconds of virtual time since boot. FreeBSD has no such node (its
 *       programs call clock_gettime); here a timing program reads the virtual clock through it, so a run's output
 *       is the same every time.</li>
 * </ul>
 *
 * <p>Both streams are little-endian: a 16-byte header, then fixed-size records, newest first as FreeBSD's kernel
 * lists them (libmemstat reverses them, so the programs print the oldest first).
 * <pre>
 * header:            u32 version (1), u32 count, u32 record size, u32 reserved (0)
 * kern.malloc_stats: char name[32] (ks_shortdesc, NUL-padded, at most 31 characters),
 *                    u64 memalloced, u64 memfreed, u64 numallocs, u64 numfrees, u64 sizemask      (72 bytes)
 * vm.zone_stats:     char name[32], u64 size, u64 limit, u64 used, u64 free, u64 requests,
 *                    u64 fail, u64 sleep                                                          (88 bytes)
 * </pre>
 * libc's {@code Structs} documents the same layouts for the programs.
 */
public final class StatsSysctls {

    public static final int STATS_VERSION = 1;
    public static final int HEADER_SIZE = 16;
    public static final int NAME_SIZE = 32;
    public static final int MALLOC_RECORD_SIZE = NAME_SIZE + 5 * 8;
    public static final int ZONE_RECORD_SIZE = NAME_SIZE + 7 * 8;

    private StatsSysctls() {
    }

    /** Declares the nodes on {@code kernel}'s MIB. */
    public static void register(Kernel kernel) {
        Sysctl s = kernel.sysctl();
        s.addOpaque("kern.malloc_stats", "Return malloc types", () -> mallocStats(kernel));
        s.addOpaque("vm.zone_stats", "Zone Stats", () -> zoneStats(kernel));
        s.addString("kern.msgbuf", "Contents of kernel message buffer", () -> kernel.console().dmesg());
        s.addLong("kern.nanouptime", "Nanoseconds of virtual time since boot",
                () -> kernel.machine().clock().nanos(), null);
    }

    static byte[] mallocStats(Kernel kernel) {
        List<MallocType> types = new ArrayList<>(kernel.malloc().types());
        Collections.reverse(types);
        ByteBuffer b = header(types.size(), MALLOC_RECORD_SIZE);
        for (MallocType t : types) {
            putName(b, t.shortdesc());
            b.putLong(t.memalloced()).putLong(t.memfreed()).putLong(t.numallocs()).putLong(t.numfrees())
                    .putLong(Integer.toUnsignedLong(t.sizeMask()));
        }
        return b.array();
    }

    static byte[] zoneStats(Kernel kernel) {
        List<UmaZone> zones = new ArrayList<>(kernel.malloc().uma().zones());
        Collections.reverse(zones);
        ByteBuffer b = header(zones.size(), ZONE_RECORD_SIZE);
        for (UmaZone z : zones) {
            putName(b, z.name());
            b.putLong(z.size()).putLong(z.limit()).putLong(z.used()).putLong(z.freeItems()).putLong(z.requests())
                    .putLong(z.fails()).putLong(z.sleeps());
        }
        return b.array();
    }

    private static ByteBuffer header(int count, int recordSize) {
        ByteBuffer b = ByteBuffer.allocate(HEADER_SIZE + count * recordSize).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(STATS_VERSION).putInt(count).putInt(recordSize).putInt(0);
        return b;
    }

    private static void putName(ByteBuffer b, String name) {
        byte[] n = name.getBytes(StandardCharsets.ISO_8859_1);
        byte[] field = new byte[NAME_SIZE];
        System.arraycopy(n, 0, field, 0, Math.min(n.length, NAME_SIZE - 1));
        b.put(field);
    }
}
