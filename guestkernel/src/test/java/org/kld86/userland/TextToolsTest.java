package org.kld86.userland;

import static org.junit.jupiter.api.Assertions.*;

import java.util.List;
import org.kld86.kernel.proc.Ucred;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** cut(1), sort(1), uniq(1) and tr(1), with FreeBSD's behaviour in the C locale. */
class TextToolsTest {

    private final Guest g = new Guest();

    TextToolsTest() {
        g.files.put("/passwd", "root:*:0:0:Charlie &:/root:/bin/csh\nuser:*:1001:1001:User:/home/user:/bin/sh\n");
        g.files.put("/n", "10\n9\n-3\nb\n2.5\n10\n");
        g.files.put("/dup", "a\na\nb\nA\nc\nc\nc\n");
        g.files.put("/cols", "echo_buffer 1 1K\ndevbuf 12 96K\ntemp 3 2K\n");
    }

    @AfterEach
    void tearDown() {
        g.close();
    }

    @Test
    void cutSelectsFieldsBytesAndRanges() {
        assertEquals("root:0\nuser:1001\n", g.run("cut", "-d", ":", "-f", "1,3", "/passwd").out());
        assertEquals("/root:/bin/csh\n/home/user:/bin/sh\n", g.run("cut", "-d:", "-f6-", "/passwd").out());
        assertEquals("roo\nuse\n", g.run("cut", "-c", "-3", "/passwd").out());
        assertEquals("ot\ner\n", g.run("cut", "-b", "3-4", "/passwd").out());
        assertEquals("rt\nur\n", g.run("cut", "-c", "4,1", "/passwd").out(), "positions come out in input order");
        assertEquals("echo_buffer 1 1K\n", g.run("cut", "-f", "2", "/cols").out().lines().findFirst().get() + "\n",
                "a line without the delimiter passes whole");
        assertEquals("", g.run("cut", "-s", "-f", "2", "/cols").out(), "-s drops it");
        Guest.Run zero = g.run("cut", "-f", "0", "/cols");
        assertEquals("cut: [-bcf] list: values may not include zero\n", zero.err());
        assertEquals(1, zero.exitCode());
        Guest.Run bad = g.run("cut", "-c", "x", "/cols");
        assertEquals("cut: [-bcf] list: illegal list value\n", bad.err());
        Guest.Run missing = g.run("cut", "-c", "1", "/nope", "/cols");
        assertEquals("cut: /nope: No such file or directory\n", missing.err());
        assertEquals("e\nd\nt\n", missing.out());
        assertEquals(1, missing.exitCode());
        assertEquals(1, g.run("cut", "/cols").exitCode(), "no list is a usage error");
    }

    @Test
    void sortOrdersBytesNumbersKeysAndReverses() {
        assertEquals("-3\n10\n10\n2.5\n9\nb\n", g.run("sort", "/n").out(), "C locale: byte order");
        assertEquals("-3\nb\n2.5\n9\n10\n10\n", g.run("sort", "-n", "/n").out(),
                "a line without a number counts as zero");
        assertEquals("10\n9\n2.5\nb\n-3\n", g.run("sort", "-rnu", "/n").out());
        assertEquals("devbuf 12 96K\ntemp 3 2K\necho_buffer 1 1K\n", g.run("sort", "-k2", "-rn", "/cols").out());
        String root = "root:*:0:0:Charlie &:/root:/bin/csh\n";
        String user = "user:*:1001:1001:User:/home/user:/bin/sh\n";
        assertEquals(root + user, g.run("sort", "-t", ":", "-k", "3,3", "-n", "/passwd").out());
        assertEquals(user + root, g.run("sort", "-t:", "-k3,3", "-rn", "/passwd").out());
        assertEquals(root + user, g.run("sort", "-t:", "-k7", "/passwd").out(), "/bin/csh before /bin/sh");
        assertEquals("A\na\na\nb\nc\nc\nc\n", g.run("sort", "/dup").out());
        assertEquals("a\na\nA\nb\nc\nc\nc\n", g.run("sort", "-f", "-s", "/dup").out(),
                "-s keeps input order among keys equal without case");
        Guest.Run missing = g.run("sort", "/nope");
        assertEquals("sort: /nope: No such file or directory\n", missing.err());
        assertEquals(2, missing.exitCode());
    }

    @Test
    void uniqCollapsesAdjacentRepeats() {
        assertEquals("a\nb\nA\nc\n", g.run("uniq", "/dup").out());
        assertEquals("   2 a\n   1 b\n   1 A\n   3 c\n", g.run("uniq", "-c", "/dup").out());
        assertEquals("a\nc\n", g.run("uniq", "-d", "/dup").out());
        assertEquals("b\nA\n", g.run("uniq", "-u", "/dup").out());
        assertEquals("a\nc\n", g.run("uniq", "-i", "-d", "/dup").out().replace("b\n", ""));
        assertEquals("   1 a\n   1 b\n", g.runTyped(Ucred.root(), List.of("a\n", "b\n"), "uniq", "-c").out());
        Guest.Run missing = g.run("uniq", "/nope");
        assertEquals("uniq: /nope: No such file or directory\n", missing.err());
        assertEquals(1, missing.exitCode());
    }

    @Test
    void trTranslatesDeletesAndSqueezes() {
        assertEquals("HELLO\n", g.runTyped(Ucred.root(), List.of("hello\n"), "tr", "a-z", "A-Z").out());
        assertEquals("HELLO\n", g.runTyped(Ucred.root(), List.of("hello\n"), "tr", "[:lower:]", "[:upper:]").out());
        assertEquals("hll\n", g.runTyped(Ucred.root(), List.of("hello\n"), "tr", "-d", "aeiou").out());
        assertEquals("helo wrld\n", g.runTyped(Ucred.root(), List.of("hello  wrld\n"), "tr", "-s", "l ").out());
        assertEquals("a:b:c", g.runTyped(Ucred.root(), List.of("a\nb\nc"), "tr", "\\n", ":").out());
        assertEquals("xxxxo\n", g.runTyped(Ucred.root(), List.of("hello\n"), "tr", "hel", "x").out(),
                "a short string2 repeats its last character");
        assertEquals("eo", g.runTyped(Ucred.root(), List.of("hello\n"), "tr", "-cd", "aeiou").out());
        Guest.Run bad = g.run("tr", "-d");
        assertEquals(1, bad.exitCode());
        assertTrue(bad.err().startsWith("usage: tr"), bad.err());
        assertEquals("tr: Invalid range endpoint.\n", g.runTyped(Ucred.root(), List.of(), "tr", "z-a", "x").err());
    }
}
