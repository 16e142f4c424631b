package org.kld86.userland;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/**
 * ls(1)'s long-format pieces (listing directories needs the file system): strmode's mode strings and
 * printtime's two date forms on the virtual calendar that starts at 2026-01-01 00:00 UTC.
 */
class LsTest {

    @Test
    void modeStringsAsStrmodeWritesThem() {
        assertEquals("crw------- ", Ls.strmode(0020600));
        assertEquals("drwxr-xr-x ", Ls.strmode(0040755));
        assertEquals("-rw-r--r-- ", Ls.strmode(0100644));
        assertEquals("-rwsr-xr-x ", Ls.strmode(0104755));
        assertEquals("drwxrwxrwt ", Ls.strmode(0041777));
        assertEquals("lrwxr-xr-x ", Ls.strmode(0120755));
    }

    @Test
    void recentTimesShowTheClockOlderOnesTheYear() {
        long boot = Ls.BOOT_EPOCH;
        assertEquals("Jan  1 00:00", Ls.time(boot, boot + 60));
        assertEquals("Jan  2 03:04", Ls.time(boot + 86400 + 3 * 3600 + 4 * 60, boot + 86400 * 2));
        assertEquals("Jan  1  2026", Ls.time(boot, boot + 200 * 86400L), "more than six months old");
    }
}
