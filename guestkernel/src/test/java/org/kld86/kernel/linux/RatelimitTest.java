package org.kld86.kernel.linux;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;
import org.kld86.kernel.console.Console;

class RatelimitTest {

    private long now;
    private final Console console = new Console(() -> now);
    private final Ratelimit rs = new Ratelimit("warn_alloc_failed", Ratelimit.DEFAULT_INTERVAL_NANOS,
            Ratelimit.DEFAULT_BURST, () -> now, console);

    @Test
    void tenMessagesPassInAnIntervalAndTheRestAreCountedAndReportedWhenTheNextOneStarts() {
        for (int i = 0; i < 10; i++) {
            assertTrue(rs.allow(), "message " + i);
        }
        assertFalse(rs.allow());
        assertFalse(rs.allow());
        now = 5_000_000_000L; // not yet past the interval
        assertFalse(rs.allow());
        assertEquals("", console.dmesg());
        now = 5_000_000_001L;
        assertTrue(rs.allow());
        assertEquals("warn_alloc_failed: 3 callbacks suppressed\n", console.dmesg());
    }

    @Test
    void aQuietIntervalReportsNothing() {
        assertTrue(rs.allow());
        now = 60_000_000_000L;
        assertTrue(rs.allow());
        assertEquals("", console.dmesg());
    }
}
