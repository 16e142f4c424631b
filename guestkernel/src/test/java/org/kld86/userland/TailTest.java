package org.kld86.userland;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** tail(1): the last lines or bytes, or from line or byte N on, and tail.c's headers and messages. */
class TailTest {

    private static final String USAGE = "usage: tail [-F | -f | -r] [-qv] [-b # | -c # | -n #] [file ...]\n";

    private final Guest g = new Guest();

    TailTest() {
        StringBuilder sb = new StringBuilder();
        for (int i = 1; i <= 12; i++) {
            sb.append("line ").append(i).append('\n');
        }
        g.files.put("/t", sb.toString());
        g.files.put("/short", "a\nb\n");
        g.files.put("/nonl", "x\ny");
    }

    @AfterEach
    void tearDown() {
        g.close();
    }

    @Test
    void theLastTenLinesByDefault() {
        Guest.Run r = g.run("tail", "/t");
        assertEquals("line 3\nline 4\nline 5\nline 6\nline 7\nline 8\nline 9\nline 10\nline 11\nline 12\n", r.out());
        assertEquals(0, r.status());
    }

    @Test
    void aShortFileIsPrintedWhole() {
        assertEquals("a\nb\n", g.run("tail", "/short").out());
        assertEquals("a\nb\n", g.run("tail", "-n", "5", "/short").out());
        assertEquals("a\nb\n", g.run("tail", "-c", "100", "/short").out());
    }

    @Test
    void nAndCCountFromTheEndOrWithPlusFromTheStart() {
        assertEquals("line 12\n", g.run("tail", "-n", "1", "/t").out());
        assertEquals("line 12\n", g.run("tail", "-n", "-1", "/t").out());
        assertEquals("line 11\nline 12\n", g.run("tail", "-n", "+11", "/t").out());
        assertEquals("12\n", g.run("tail", "-c", "3", "/t").out());
        assertEquals("b\n", g.run("tail", "-c", "+3", "/short").out());
        assertEquals("a\nb\n", g.run("tail", "-n", "+0", "/short").out());
        assertEquals("", g.run("tail", "-n", "0", "/t").out());
        assertEquals("y", g.run("tail", "-n", "1", "/nonl").out(), "a last line without a newline counts");
        assertEquals("x\ny", g.run("tail", "-n", "2", "/nonl").out());
    }

    @Test
    void theObsoleteFormsMeanTheSame() {
        assertEquals("line 12\n", g.run("tail", "-1", "/t").out());
        assertEquals("b\n", g.run("tail", "+2", "/short").out());
        assertEquals("b\n", g.run("tail", "-2c", "/short").out());
    }

    @Test
    void standardInputWithoutFiles() {
        assertEquals("line 11\nline 12\n", g.run("sh", "-c", "cat /t | tail -n 2").out());
    }

    @Test
    void severalFilesHaveHeadersAndAMissingOneIsWarnedAbout() {
        Guest.Run r = g.run("tail", "-n", "1", "/short", "/nosuch", "/nonl");
        assertEquals("==> /short <==\nb\n\n==> /nonl <==\ny", r.out());
        assertEquals("tail: /nosuch: No such file or directory\n", r.err());
        assertEquals(1, r.exitCode());
        r = g.run("tail", "/tmp");
        assertEquals("tail: /tmp: Is a directory\n", r.err(), "the read's own error");
        assertEquals(1, r.exitCode());
        assertEquals("b\ny", g.run("tail", "-q", "-n", "1", "/short", "/nonl").out());
        assertEquals("==> /short <==\nb\n", g.run("tail", "-v", "-n", "1", "/short").out());
    }

    @Test
    void aFileLongerThanOneReadIsReadWhole() {
        g.files.put("/long", "first\n" + "x".repeat(20000) + "\nend\n");
        assertEquals("end\n", g.run("tail", "-n", "1", "/long").out());
        assertEquals(20000 + 5, g.run("tail", "+2", "/long").out().length());
        assertEquals("end\n", g.run("sh", "-c", "cat /long | tail -c 4").out());
    }

    @Test
    void badCountsAndTwoCountsAreRefused() {
        Guest.Run r = g.run("tail", "-n", "x", "/t");
        assertEquals("tail: illegal offset -- x: Invalid argument\n", r.err());
        assertEquals(1, r.exitCode());
        r = g.run("tail", "-n", "1", "-c", "1", "/t");
        assertEquals(USAGE, r.err());
        assertEquals(1, r.exitCode());
    }
}
