package org.kld86.tests;

import java.util.ArrayList;
import java.util.List;

/**
 * What the kernel's memory holds once its caches are drained (kernel.malloc().uma().reclaim(), as the page
 * daemon would ask): the free page count of the page allocator, and the usage columns of {@code vmstat -m}
 * (InUse and MemUse of each type) and {@code vmstat -z} (USED and FREE of each zone) as the guest's own vmstat
 * prints them. The cumulative columns (Requests, REQ) and the Size(s) a type ever used are left out: they only
 * ever grow. Two snapshots are equal when whatever ran between them (a driver's load, use and unload) left
 * nothing behind.
 *
 * <p>A type with no row (vmstat -m hides those never used) counts as holding nothing, so a driver's own malloc
 * type that disappears at unload compares equal to its absence before the load.
 */
record MemoryUsage(long freePages, List<String> mallocTypes, List<String> zones) {

    static MemoryUsage of(Shell s) {
        s.kernel.malloc().uma().reclaim();
        long free = s.kernel.vm().allocator().totalFreePages();
        List<String> types = new ArrayList<>();
        for (String line : s.output("vmstat -m").split("\n")) {
            String[] f = line.trim().split("\\s+");
            // Type InUse MemUse HighUse Requests [Size(s)]
            if (f.length >= 5 && !f[0].equals("Type") && !(f[1].equals("0") && f[2].equals("0K"))) {
                types.add(f[0] + " " + f[1] + " " + f[2]);
            }
        }
        List<String> zones = new ArrayList<>();
        for (String line : s.output("vmstat -z").split("\n")) {
            int colon = line.indexOf(':');
            if (colon < 0) {
                continue;
            }
            // ITEM: SIZE, LIMIT, USED, FREE, REQ, FAIL, SLEEP
            String[] f = line.substring(colon + 1).trim().split(",\\s*");
            zones.add(line.substring(0, colon) + " " + f[0] + " " + f[1] + " " + f[2] + " " + f[3]);
        }
        return new MemoryUsage(free, types, zones);
    }
}
