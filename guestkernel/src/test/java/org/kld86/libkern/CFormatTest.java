package org.kld86.libkern;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;

class CFormatTest {

    private static String f(String fmt, Object... args) {
        return CFormat.format(CFormat.Dialect.FREEBSD, fmt, args);
    }

    @Test
    void theSeedsFormatsComeOutAsInC() {
        assertEquals("  echo_buffer     1     1K", f("%13s %5ju %5juK", "echo_buffer", 1, 1));
        assertEquals("\nDevice 0: qset 500, order 0, sz 1535135\n",
                CFormat.format(CFormat.Dialect.LINUX, "\nDevice %i: qset %i, order %i, sz %li\n", 0, 500, 0, 1535135L));
        assertEquals("       0:ccc58000", CFormat.format(CFormat.Dialect.LINUX, "    % 4i:%8p", 0, 0xccc58000L));
        assertEquals(" 1    3 0xc0400000   a6d5b8 kernel", f("%2d %4d %10p %8zx %s", 1, 3, 0xc0400000L, 0xa6d5b8, "kernel"));
    }

    @Test
    void unsignedAndWidthRulesFollowI386() {
        assertEquals("4294967295", f("%u", -1));
        assertEquals("4294967295", f("%lu", -1L), "long is 32 bits on i386");
        assertEquals("18446744073709551615", f("%llu", -1L));
        assertEquals("ffffffff", f("%x", -1));
        assertEquals("0xff", f("%#x", 255));
        assertEquals("0", f("%#x", 0));
        assertEquals("-0042", f("%05d", -42));
        assertEquals("42   |", f("%-5d|", 42));
        assertEquals("+7", f("%+d", 7));
        assertEquals("00012", f("%.5d", 12));
        assertEquals("abc", f("%.3s", "abcdef"));
        assertEquals("   ab", f("%*s", 5, "ab"));
        assertEquals("100%", f("%d%%", 100));
        assertEquals("A", f("%c", 65));
        assertEquals("(null)", f("%s", (Object) null));
        assertEquals("017", f("%#o", 15));
    }
}
