package org.kld86.userland;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** cmp(1)'s usage and exit statuses that need no files (comparing files waits for the file system). */
class CmpTest {

    private final Guest guest = new Guest();

    @AfterEach
    void tearDown() {
        guest.close();
    }

    @Test
    void oneFileIsUsageWithStatusTwo() {
        Guest.Run r = guest.run("cmp", "a");
        assertEquals("usage: cmp [-l | -s | -x] [-hz] file1 file2 [skip1 [skip2]]\n", r.err());
        assertEquals(2, r.exitCode());
    }

    @Test
    void aFileThatCannotBeOpenedIsStatusTwoAndSilentWithDashS() {
        assertEquals(2, guest.run("cmp", "nosuch", "other").exitCode());
        Guest.Run s = guest.run("cmp", "-s", "nosuch", "other");
        assertEquals("", s.all());
        assertEquals(2, s.exitCode());
    }

    @Test
    void theFirstDifferenceByCharAndLine() {
        guest.files.put("/a", "abc\ndef\n");
        guest.files.put("/b", "abc\ndxf\n");
        Guest.Run r = guest.run("cmp", "/a", "/b");
        assertEquals("/a /b differ: char 6, line 2\n", r.out());
        assertEquals(1, r.exitCode());
        assertEquals(0, guest.run("cmp", "/a", "/a").status());
        assertEquals("", guest.run("cmp", "/a", "/a").all());
    }

    @Test
    void dashLListsEveryDifferenceInOctalAndDashSIsSilent() {
        guest.files.put("/a", "abcd");
        guest.files.put("/b", "xbcy");
        assertEquals("     1 141 170\n     4 144 171\n", guest.run("cmp", "-l", "/a", "/b").out());
        Guest.Run s = guest.run("cmp", "-s", "/a", "/b");
        assertEquals("", s.all());
        assertEquals(1, s.exitCode());
    }

    @Test
    void aShorterFileIsEofOnIt() {
        guest.files.put("/long", "abcdef");
        guest.files.put("/short", "abc");
        Guest.Run r = guest.run("cmp", "/long", "/short");
        assertEquals("cmp: EOF on /short\n", r.err());
        assertEquals(1, r.exitCode());
    }
}
