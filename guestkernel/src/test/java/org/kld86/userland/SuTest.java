package org.kld86.userland;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.kld86.kernel.proc.Ucred;

class SuTest {

    private final Guest g = new Guest();

    @AfterEach
    void tearDown() {
        g.close();
    }

    @Test
    void rootRunsACommandAsTheUnprivilegedUser() {
        Guest.Run r = g.run("su", "user", "-c", "sysctl -n hw.pagesize; kenv x=1");
        assertEquals("4096\n", r.out());
        // bin/kenv/kenv.c: warnx("unable to set %s to %s") and main's return (error) with error -1.
        assertEquals("kenv: unable to set x to 1\n", r.err(), "the child really is uid 1001: EPERM");
        assertEquals(255, r.exitCode());
    }

    @Test
    void theUserCannotBecomeRoot() {
        Guest.Run r = g.runAs(Ucred.user(), "su", "root", "-c", "true");
        assertEquals("su: Sorry\n", r.err());
        assertEquals(1, r.exitCode());
        assertEquals("su: unknown login: nobody\n", g.run("su", "nobody", "-c", "true").err());
    }
}
