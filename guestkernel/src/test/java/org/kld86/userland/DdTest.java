package org.kld86.userland;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.kld86.kernel.proc.Ucred;

/** dd(1): records counted full+partial, FreeBSD's summary lines, and the virtual clock's determinism. */
class DdTest {

    @Test
    void theSummaryFormat() {
        assertEquals("2+1 records in\n2+1 records out\n1100 bytes transferred in 0.000731 secs (1504788 bytes/sec)\n",
                Dd.summary(2, 1, 2, 1, 1100, 731_000));
        assertEquals("0+0 records in\n0+0 records out\n0 bytes transferred in 0.000001 secs (0 bytes/sec)\n",
                Dd.summary(0, 0, 0, 0, 0, 1000));
        assertEquals("1+0 records in\n1+0 records out\n512 bytes transferred in 2.500000 secs (205 bytes/sec)\n",
                Dd.summary(1, 0, 1, 0, 512, 2_500_000_000L));
    }

    private static Guest.Run dd(String... args) {
        try (Guest g = new Guest()) {
            return g.runTyped(Ucred.root(), List.of("hello\n"), "dd", args);
        }
    }

    @Test
    void blocksFromStandardInputWithAPartialLastRecord() {
        Guest.Run r = dd("bs=4");
        assertEquals("hello\n", r.out());
        assertTrue(r.err().startsWith("1+1 records in\n1+1 records out\n6 bytes transferred in "), r.err());
        assertTrue(r.err().matches("(?s).*\n6 bytes transferred in \\d+\\.\\d{6} secs \\(\\d+ bytes/sec\\)\n"), r.err());
        assertEquals(0, r.status());
    }

    @Test
    void countStopsReading() {
        Guest.Run r = dd("bs=2", "count=2");
        assertEquals("hell", r.out());
        assertTrue(r.err().startsWith("2+0 records in\n2+0 records out\n4 bytes transferred in "), r.err());
    }

    @Test
    void aRunPrintsTheSameTimeEveryTime() {
        assertEquals(dd("bs=4").err(), dd("bs=4").err(), "the time is virtual");
    }

    @Test
    void badOperands() {
        Guest.Run r = dd("foo=1");
        assertEquals("dd: unknown operand foo\n", r.err());
        assertEquals(1, r.exitCode());
        assertEquals("dd: count: illegal numeric value\n", dd("count=x").err());
    }

    @Test
    void ifAndOfWithBlockSizes() {
        try (Guest g = new Guest()) {
            String data = "x".repeat(1100);
            g.files.put("/in", data);
            Guest.Run r = g.run("dd", "if=/in", "of=/out", "bs=512");
            assertEquals(data, g.files.get("/out"));
            assertTrue(r.err().startsWith("2+1 records in\n2+1 records out\n1100 bytes transferred in "), r.err());
            Guest.Run part = g.run("dd", "if=/in", "of=/part", "bs=100", "skip=2", "count=3");
            assertEquals("x".repeat(300), g.files.get("/part"));
            assertTrue(part.err().startsWith("3+0 records in\n3+0 records out\n300 bytes transferred in "), part.err());
            assertEquals("dd: /nosuch: No such file or directory\n", g.run("dd", "if=/nosuch").err());
        }
    }
}
