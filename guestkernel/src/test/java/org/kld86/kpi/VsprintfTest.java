package org.kld86.kpi;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.kld86.kernel.Guest;
import org.kld86.kernel.dev.TestDrivers;

/** sprintf, snprintf and scnprintf into guest memory, with their return values as lib/vsprintf.c has them. */
class VsprintfTest {

    private final Guest g = new Guest();
    private final long buf = TestDrivers.buffer(g, 0).va();

    @AfterEach
    void tearDown() {
        g.close();
    }

    @Test
    void sprintfWritesTheTextAndANulAndReturnsTheLength() {
        Mem.memset(buf, 'x', 32);
        assertEquals(9, Vsprintf.sprintf(buf, "dev %d: %s", 3, "ok"));
        assertEquals("dev 3: ok", Mem.readString(buf, 64), "the NUL ends the string");
        assertEquals(8, Vsprintf.sprintf(buf, "%p", 0x1234L));
        assertEquals("00001234", Mem.readString(buf, 64), "the kernel's %p: eight digits, no 0x");
    }

    @Test
    void snprintfCutsAtTheSizeButReturnsTheWholeLength() {
        Mem.memset(buf, 'x', 32);
        assertEquals(10, Vsprintf.snprintf(buf, 5, "%s", "0123456789"));
        assertEquals("0123", Mem.readString(buf, 64));
        assertEquals('x', Mem.read8(buf + 5), "nothing past the size");
        assertEquals(4, Vsprintf.scnprintf(buf, 5, "%s", "0123456789"), "scnprintf says what it wrote");
        assertEquals(0, Vsprintf.scnprintf(buf, 0, "%s", "0123456789"));
    }
}
