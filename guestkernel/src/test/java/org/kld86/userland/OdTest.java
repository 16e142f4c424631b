package org.kld86.userland;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * od(1): the field widths of odsyntax.c's formats, hexdump's blank padding of a short last line, the repeated
 * line star, offsets, skips and messages. The expected lines are built from the formats (the address
 * "%07.7_ao  ", then per unit the format's leading blanks and its conversion) so each column can be checked.
 */
class OdTest {

    private final Guest g = new Guest();

    OdTest() {
        g.files.put("/h", "hello\n");
        g.files.put("/s", "\u00ff\u0080\u0001");
        g.files.put("/a", "a b\n");
        g.files.put("/z48", "\0".repeat(48));
        g.files.put("/z20", "\0".repeat(20));
        g.files.put("/empty", "");
    }

    @AfterEach
    void tearDown() {
        g.close();
    }

    private static String sp(int n) {
        return " ".repeat(n);
    }

    @Test
    void octalWordsByDefault() {
        Guest.Run r = g.run("od", "/h");
        assertEquals("0000000    062550  066154  005157" + sp(5 * 8) + "\n0000006\n", r.out());
        assertEquals(0, r.status());
    }

    @Test
    void charactersWithCEscapes() {
        assertEquals("0000000    h   e   l   l   o  \\n " + sp(10 * 4) + "\n0000006\n", g.run("od", "-c", "/h").out());
        assertEquals("0000000    h   i  \\n " + sp(13 * 4) + "\n0000003\n",
                g.run("sh", "-c", "echo hi | od -c").out(), "standard input");
        assertEquals("0000000  377 200 001" + " " + sp(13 * 4) + "\n0000003\n", g.run("od", "-c", "/s").out(),
                "non-printing bytes in octal");
    }

    @Test
    void namedCharacters() {
        assertEquals("0000000    a  sp   b  nl " + sp(12 * 4) + "\n0000004\n", g.run("od", "-a", "/a").out());
    }

    @Test
    void hexOfOneTwoAndFourBytesLittleEndian() {
        assertEquals("0000000    68  65  6c  6c  6f  0a" + sp(10 * 4) + "\n0000006\n", g.run("od", "-t", "x1", "/h").out());
        assertEquals("0000000      6568    6c6c    0a6f" + sp(5 * 8) + "\n0000006\n", g.run("od", "-x", "/h").out());
        assertEquals("0000000          6c6c6568        00000a6f" + sp(2 * 16) + "\n0000006\n",
                g.run("od", "-t", "x4", "/h").out(), "a unit that runs past the end is read with zeros");
    }

    @Test
    void signedAndUnsignedDecimal() {
        assertEquals("0000000    -1-128   1" + sp(13 * 4) + "\n0000003\n", g.run("od", "-t", "d1", "/s").out(),
                "d1 is four columns, sign included, with no blank of its own");
        assertEquals("0000000   255 128   1" + sp(13 * 4) + "\n0000003\n", g.run("od", "-t", "u1", "/s").out());
        assertEquals("0000000    -32513       1" + sp(6 * 8) + "\n0000003\n", g.run("od", "-s", "/s").out(),
                "0x80ff as a signed short, then 0x0001 with a zero byte after the end");
    }

    @Test
    void addressBasesAndNone() {
        assertEquals("0000000    68  65  6c  6c  6f  0a" + sp(40) + "\n0000006\n",
                g.run("od", "-A", "x", "-t", "x1", "/h").out());
        assertEquals(sp(9) + "  68  65  6c  6c  6f  0a" + sp(40) + "\n", g.run("od", "-A", "n", "-t", "x1", "/h").out());
        Guest.Run r = g.run("od", "-A", "z", "/h");
        assertEquals("od: z: invalid address base\n", r.err());
        assertEquals(1, r.exitCode());
    }

    @Test
    void severalFormatsEachOnItsOwnLine() {
        assertEquals("0000000    68  65  6c  6c  6f  0a" + sp(40) + "\n"
                + sp(9) + "  h   e   l   l   o  \\n " + sp(40) + "\n0000006\n", g.run("od", "-t", "x1c", "/h").out());
        assertEquals(g.run("od", "-t", "x1c", "/h").out(), g.run("od", "-t", "x1", "-t", "c", "/h").out());
    }

    @Test
    void repeatedLinesAreStarredUnlessV() {
        String zeros = "0000000" + "  " + "  00".repeat(16) + "\n";
        assertEquals(zeros + "*\n0000060\n", g.run("od", "-t", "x1", "/z48").out());
        assertEquals(zeros + "0000020" + "  " + "  00".repeat(16) + "\n0000040" + "  " + "  00".repeat(16)
                + "\n0000060\n", g.run("od", "-v", "-t", "x1", "/z48").out());
        assertEquals(zeros + "*\n0000020\n", g.run("od", "-t", "x1", "/z20").out(),
                "a short repeat at the end is dropped before its bytes are counted, as hexdump's get() does");
    }

    @Test
    void skipsLengthsAndOffsetOperands() {
        assertEquals("0000002    6c  6c  6f  0a" + sp(12 * 4) + "\n0000006\n", g.run("od", "-j", "2", "-t", "x1", "/h").out());
        assertEquals("0000004    6f  0a" + sp(14 * 4) + "\n0000006\n", g.run("od", "-t", "x1", "/h", "+4").out());
        assertEquals("0000004    6f  0a" + sp(14 * 4) + "\n0000006\n", g.run("od", "-t", "x1", "/h", "4.").out(),
                "4. is decimal four (and, by odoffset(), makes the addresses decimal)");
        assertEquals("0000000    68  65  6c" + sp(13 * 4) + "\n0000003\n", g.run("od", "-N", "3", "-t", "x1", "/h").out());
        Guest.Run r = g.run("od", "-j", "100", "/h");
        assertEquals("od: cannot skip past end of input\n", r.err());
        assertEquals(1, r.exitCode());
    }

    @Test
    void nStopsReadingOnceSkipAndLengthAreIn() {
        Guest.Run r = g.run("od", "-N", "16", "-t", "x1", "/dev/zero");
        assertEquals("0000000  " + "  00".repeat(16) + "\n0000020\n", r.out(), r.all());
        assertEquals("", r.err());
        assertEquals(0, r.status(), "/dev/zero never ends: only the first 16 bytes are read");
        r = g.run("od", "-j", "1m", "-N", "4", "-t", "x1", "/dev/zero");
        assertEquals("4000000    00  00  00  00" + sp(12 * 4) + "\n4000004\n", r.out());
        assertEquals(0, r.status());
    }

    @Test
    void filesRunTogetherAndAMissingOneIsWarnedAbout() {
        Guest.Run r = g.run("od", "-c", "/a", "/nosuch", "/a");
        assertEquals("0000000    a       b  \\n   a       b  \\n " + sp(8 * 4) + "\n0000010\n", r.out());
        assertEquals("od: /nosuch: No such file or directory\n", r.err());
        assertEquals(1, r.exitCode());
        assertEquals("", g.run("od", "/empty").out(), "empty input prints nothing");
        r = g.run("od", "-c", "/tmp", "/a");
        assertEquals("od: /tmp: Is a directory\n", r.err());
        assertEquals(0, r.status(), "a failed read is warned about only, as hexdump's next() does");
        assertTrue(r.out().startsWith("0000000    a  "), r.out());
    }

    @Test
    void badFormatsAndUsage() {
        assertEquals("od: q: unrecognised format character\n", g.run("od", "-t", "q", "/h").err());
        assertEquals("od: unsupported int size 3\n", g.run("od", "-t", "x3", "/h").err());
        Guest.Run r = g.run("od", "-z");
        assertEquals("od: illegal option -- z\nusage: od [-aBbcDdeFfHhIiLlOosvXx] [-A base] [-j skip] [-N length]"
                + " [-t type]\n          [[+]offset[.][Bb]] [file ...]\n", r.err());
        assertEquals(1, r.exitCode());
    }
}
