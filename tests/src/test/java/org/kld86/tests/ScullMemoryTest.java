package org.kld86.tests;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.kld86.testkit.Guest;
import org.kld86.testkit.GuestTest;

/**
 * What holding the same 4 MiB costs each of LDD3's scull flavours, in pages of memory, from the allocation
 * pattern each uses:
 * <ul>
 *   <li>scull: kmalloc'ed 4000-byte quanta, each in a kmalloc-4096 object of its own page: ceil(4 MiB / 4000) =
 *       1049 pages, plus two quantum-set arrays of 1000 pointers (4000 bytes, two more pages) and two small list
 *       items. kmalloc sits on UMA here, and a one-item-a-page keg keeps its slab headers off the page (OFFPAGE):
 *       an 88-byte "UMA Slabs" item for each of those 1051 pages, 23 more pages;</li>
 *   <li>scullp: one page a quantum from __get_free_pages: exactly 1024 pages, plus three 500-pointer arrays
 *       (2000 bytes, two to a kmalloc-2048 page) and three list items;</li>
 *   <li>scullv: 64 KiB vmalloc'ed quanta: 64 areas of 16 pages, 1024 pages, plus each area's page array and
 *       vm_struct (small kmalloc objects), one quantum-set array and one item; the areas' guard pages take address
 *       space, not memory.</li>
 * </ul>
 * The figures, with the virtual time of the copy, go to standard output for the README. Caches are drained before
 * each count (Guest.pagesInUse), so what remains is really held.
 */
@GuestTest(modules = {"scull", "scullp", "scullv"})
class ScullMemoryTest {

    static final int SIZE = 4 << 20;

    /** Copies 4 MiB into the device; returns {pages held for it, virtual ns of the write, virtual ns of a read}. */
    static long[] hold(Guest g, String dev) {
        byte[] data = new byte[SIZE];
        new Random(7).nextBytes(data);
        g.writeFile("/tmp/data", data);
        long before = g.pagesInUse();
        long t0 = g.sysctl("kern.nanouptime");
        g.run("dd if=/tmp/data of=" + dev + " bs=64k 2>/dev/null");
        long t1 = g.sysctl("kern.nanouptime");
        long held = g.pagesInUse() - before;
        g.run("dd if=" + dev + " of=/tmp/back bs=64k 2>/dev/null");
        long t2 = g.sysctl("kern.nanouptime");
        assertArrayEquals(data, g.readFile("/tmp/back"), dev + " gave back what it was given");
        g.run("dd if=/dev/null of=" + dev + " 2>/dev/null"); // a write-only open trims: all of it goes back
        assertEquals(before, g.pagesInUse(), dev + " freed every page at trim (file data is not counted)");
        return new long[] {held, t1 - t0, t2 - t1};
    }

    @Test
    void fourMibCostEachFlavourWhatItsAllocationPatternSays(Guest g) {
        long[] scull = hold(g, "/dev/scull0");
        long[] scullp = hold(g, "/dev/scullp0");
        long[] scullv = hold(g, "/dev/scullv0");
        System.out.printf("4 MiB held: scull %d pages, scullp %d pages, scullv %d pages%n", scull[0], scullp[0],
                scullv[0]);
        System.out.printf("virtual time to write / read 4 MiB: scull %.2f / %.2f ms, scullp %.2f / %.2f ms,"
                + " scullv %.2f / %.2f ms%n", scull[1] / 1e6, scull[2] / 1e6, scullp[1] / 1e6, scullp[2] / 1e6,
                scullv[1] / 1e6, scullv[2] / 1e6);
        long headers = (1051 * 88 + 4095) / 4096;
        assertTrue(scull[0] >= 1051 + headers && scull[0] <= 1051 + headers + 3, "scull: " + scull[0]);
        assertTrue(scullp[0] >= 1024 + 2 && scullp[0] <= 1024 + 2 + 2, "scullp: " + scullp[0]);
        assertTrue(scullv[0] >= 1024 && scullv[0] <= 1024 + 4, "scullv: " + scullv[0]);
        assertTrue(scull[0] > scullp[0], "4000-byte quanta in 4096-byte objects waste 96 bytes a page");
    }
}
