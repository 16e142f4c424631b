package org.kld86.userland;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** cp(1)'s usage (copying files waits for the file system). */
class CpTest {

    private final Guest guest = new Guest();

    @AfterEach
    void tearDown() {
        guest.close();
    }

    @Test
    void oneOperandIsUsage() {
        Guest.Run r = guest.run("cp", "a");
        assertEquals("usage: cp [-R [-H | -L | -P]] [-f | -i | -n] [-alpsvx] source_file target_file\n"
                + "       cp [-R [-H | -L | -P]] [-f | -i | -n] [-alpsvx] source_file ... target_directory\n",
                r.err());
        assertEquals(1, r.exitCode());
    }

    @Test
    void copiesAFile() {
        guest.files.put("/src", "data\n");
        Guest.Run r = guest.run("cp", "/src", "/dst");
        assertEquals(0, r.status());
        assertEquals("data\n", guest.files.get("/dst"));
        guest.files.put("/dst", "longer old content\n");
        guest.run("cp", "/src", "/dst");
        assertEquals("data\n", guest.files.get("/dst"), "the target is truncated");
    }

    @Test
    void aMissingSourceIsWarnedAbout() {
        Guest.Run r = guest.run("cp", "/nosuch", "/dst");
        assertEquals("cp: /nosuch: No such file or directory\n", r.err());
        assertEquals(1, r.exitCode());
    }
}
