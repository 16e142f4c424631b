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
}
