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
}
