package org.kld86.userland;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.kld86.kernel.proc.Ucred;

/** hexdump(1) -C (and hd) in FreeBSD's canonical layout, and the default 16-bit layout. */
class HexdumpTest {

    private final Guest guest = new Guest();

    @AfterEach
    void tearDown() {
        guest.close();
    }

    @Test
    void canonicalWithAShortLastLine() {
        String expected = "00000000  68 65 6c 6c 6f 20 77 6f  72 6c 64 0a              |hello world.|\n"
                + "0000000c\n";
        assertEquals(expected, guest.runTyped(Ucred.root(), List.of("hello world\n"), "hexdump", "-C").out());
        assertEquals(expected, guest.runTyped(Ucred.root(), List.of("hello world\n"), "hd").out());
    }

    @Test
    void repeatedLinesBecomeOneStarUnlessDashV() {
        String a16 = "aaaaaaaaaaaaaaaa";
        List<String> in = List.of(a16, a16, a16, "b\n");
        String row = "61 61 61 61 61 61 61 61  61 61 61 61 61 61 61 61  |" + a16 + "|\n";
        assertEquals("00000000  " + row + "*\n"
                + "00000030  62 0a                                             |b.|\n00000032\n",
                guest.runTyped(Ucred.root(), in, "hexdump", "-C").out());
        assertEquals("00000000  " + row + "00000010  " + row + "00000020  " + row
                + "00000030  62 0a                                             |b.|\n00000032\n",
                guest.runTyped(Ucred.root(), in, "hexdump", "-Cv").out());
    }

    @Test
    void unprintableBytesAreDots() {
        assertEquals("00000000  09 7f 41                                          |..A|\n00000003\n",
                guest.runTyped(Ucred.root(), List.of("\t\u007fA"), "hexdump", "-C").out());
    }

    @Test
    void theDefaultFormatIsLittleEndianWords() {
        assertEquals("0000000 6568 6c6c 0a6f\n0000006\n",
                guest.runTyped(Ucred.root(), List.of("hello\n"), "hexdump").out());
        assertEquals("0000000 0061\n0000001\n", guest.runTyped(Ucred.root(), List.of("a"), "hexdump").out());
    }

    @Test
    void lengthAndSkip() {
        assertEquals("00000002  6c 6c                                             |ll|\n00000004\n",
                guest.runTyped(Ucred.root(), List.of("hello\n"), "hexdump", "-C", "-s", "2", "-n", "2").out());
    }

    @Test
    void emptyInputPrintsNothing() {
        assertEquals("", guest.runTyped(Ucred.root(), List.of(), "hexdump", "-C").out());
    }

    @Test
    void filesAreOneStream() {
        guest.files.put("/a", "hello ");
        guest.files.put("/b", "world\n");
        assertEquals("00000000  68 65 6c 6c 6f 20 77 6f  72 6c 64 0a              |hello world.|\n0000000c\n",
                guest.run("hexdump", "-C", "/a", "/b").out());
        Guest.Run r = guest.run("hexdump", "-C", "/nosuch");
        assertEquals("hexdump: /nosuch: No such file or directory\n", r.err());
        assertEquals(1, r.exitCode());
        r = guest.run("hexdump", "-C", "/tmp", "/a");
        assertEquals("hexdump: /tmp: Is a directory\n", r.err(), "get() warns of a failed read and goes on");
        assertEquals(0, r.status());
        assertTrue(r.out().startsWith("00000000  68 65"), r.out());
    }
}
