package org.kld86.userland;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** head(1), grep(1) and wc(1), with FreeBSD's output formats. */
class HeadGrepWcTest {

    private final Guest g = new Guest();

    HeadGrepWcTest() {
        g.files.put("/t", "one\ntwo\nthree\nfour\n");
        g.files.put("/u", "alpha beta\ngamma\n");
    }

    @AfterEach
    void tearDown() {
        g.close();
    }

    @Test
    void headPrintsTheFirstLinesAndNamesEachFileOfSeveral() {
        assertEquals("one\ntwo\n", g.run("head", "-n", "2", "/t").out());
        assertEquals("on", g.run("head", "-c", "2", "/t").out());
        assertEquals("one\ntwo\n", g.run("head", "-2", "/t").out(), "the obsolete head -N is head -n N");
        assertEquals("==> /t <==\none\n\n==> /u <==\nalpha beta\n", g.run("head", "-n", "1", "/t", "/u").out());
        Guest.Run r = g.run("head", "-n", "0", "/t");
        assertEquals("head: illegal line count -- 0\n", r.err());
        assertEquals(1, r.exitCode());
    }

    @Test
    void grepSelectsLinesAndExitsZeroOneOrTwo() {
        assertEquals("two\nthree\n", g.run("grep", "t", "/t").out());
        assertEquals("one\nfour\n", g.run("grep", "-v", "t", "/t").out());
        assertEquals("2\n", g.run("grep", "-c", "t", "/t").out());
        assertEquals("/u:0\n/t:3\n", g.run("grep", "-c", "o", "/u", "/t").out());
        assertEquals("/u:alpha beta\n", g.run("grep", "beta", "/t", "/u").out());
        assertEquals("3:three\n", g.run("grep", "-n", "^th", "/t").out());
        assertEquals("one\n", g.run("grep", "-i", "ONE", "/t").out());
        assertEquals(1, g.run("grep", "zzz", "/t").exitCode());
        Guest.Run missing = g.run("grep", "x", "/nope");
        assertEquals("grep: /nope: No such file or directory\n", missing.err());
        assertEquals(2, missing.exitCode());
        assertEquals(0, g.run("grep", "-q", "four", "/t").exitCode());
        assertEquals("two\n", g.run("grep", "-F", "w", "/t").out());
    }

    @Test
    void wcCountsLinesWordsAndBytes() {
        assertEquals("       4       4      19 /t\n", g.run("wc", "/t").out());
        assertEquals("       4 /t\n       2 /u\n       6 total\n", g.run("wc", "-l", "/t", "/u").out());
    }
}
