package org.kld86.tests;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.kld86.testkit.Guest;
import org.kld86.testkit.GuestTest;

/**
 * Every sample driver on one machine, one after the other, as a user would try them: loaded, data through its
 * device from the shell and checked, unloaded. The testkit fails the test on any leak report, INVARIANTS complaint
 * or Linux WARNING/BUG in the kernel's messages; this test also checks that the pages in use come back to the
 * count before each driver was loaded.
 */
@GuestTest
class AllDriversTest {

    static byte[] data(int n, long seed) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        return b;
    }

    /** Loads {@code load}, runs {@code script}, unloads {@code name}, and checks the pages in use came back. */
    static String cycle(Guest g, String load, String script, String name) {
        long before = g.pagesInUse();
        g.kldload(load);
        String out = g.run(script);
        g.kldunload(name);
        assertEquals(before, g.pagesInUse(), name + " gave back every page it took");
        assertTrue(g.run("kldstat").lines().noneMatch(l -> l.endsWith(" " + name + ".ko")), name + " is gone");
        return out;
    }

    @Test
    void eachDriverLoadsCarriesDataAndUnloadsLeavingNothing(Guest g) {
        g.writeFile("/tmp/msg", "a message for the echo drivers\n".getBytes());
        g.writeFile("/tmp/big", data(600_000, 1));
        g.writeFile("/tmp/page", data(4096, 2));

        assertEquals("a message for the echo drivers\n", cycle(g, "echo",
                "cat /tmp/msg > /dev/echo && cat /dev/echo 2>/dev/null | grep message", "echo")
                .lines().filter(l -> !l.endsWith("echo device.")).findFirst().orElse("") + "\n");
        assertTrue(cycle(g, "echo_contig", "cat /tmp/msg > /dev/echo && cat /dev/echo", "echo_contig")
                .contains("a message for the echo drivers\n"));

        for (String dev : new String[] {"scull", "scullp", "scullv"}) {
            cycle(g, dev, "dd if=/tmp/big of=/dev/" + dev + "0 bs=64k 2>/dev/null && dd if=/dev/" + dev
                    + "0 of=/tmp/back bs=64k 2>/dev/null && cmp /tmp/big /tmp/back", dev);
        }
        cycle(g, "scullp scullp_order=2", "dd if=/tmp/big of=/dev/scullp1 bs=64k 2>/dev/null && grep -c order"
                + " /proc/scullpmem && dd if=/dev/scullp1 of=/tmp/back bs=64k 2>/dev/null && cmp /tmp/big /tmp/back",
                "scullp");

        cycle(g, "edu", "dd if=/tmp/page of=/dev/edu bs=4096 2>/dev/null && dd if=/dev/edu of=/tmp/back bs=4096"
                + " count=1 2>/dev/null && cmp /tmp/page /tmp/back", "edu");
        assertArrayEquals(g.readFile("/tmp/page"), g.readFile("/tmp/back"), "the bytes went through the device");

        cycle(g, "isadma", "dd if=/tmp/page of=/dev/isadma bs=4096 2>/dev/null && dd if=/dev/isadma of=/tmp/back"
                + " bs=4096 count=1 2>/dev/null", "isadma");
        assertArrayEquals(g.readFile("/tmp/page"), g.machine().isaStreams().get(0).played(),
                "the played bytes reached the device");
    }
}
