package org.kld86.userland;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** env(1) as FreeBSD's usr.bin/env behaves. */
class EnvTest {

    private final Guest guest = new Guest();

    @AfterEach
    void tearDown() {
        guest.close();
    }

    @Test
    void noOperandPrintsTheEnvironmentALineEach() {
        Guest.Run r = guest.run("env");
        assertEquals("HOME=/root\nPATH=/bin\n", r.out());
        assertEquals(0, r.status());
        assertEquals("HOME=/root\0PATH=/bin\0", guest.run("env", "-0").out());
    }

    @Test
    void assignmentsUnsetAndAnEmptyStart() {
        assertEquals("HOME=/root\nPATH=/bin\nA=1\n", guest.run("env", "A=1").out());
        assertEquals("HOME=/x\nPATH=/bin\n", guest.run("env", "HOME=/x").out(), "a variable is replaced in place");
        assertEquals("HOME=/root\n", guest.run("env", "-u", "PATH").out());
        assertEquals("B=2\n", guest.run("env", "-i", "B=2").out());
        assertEquals("B=2\n", guest.run("env", "-", "B=2").out(), "a lone - is the historical -i");
        assertEquals("", guest.run("env", "-i").out());
    }

    @Test
    void runsAUtilityInTheChangedEnvironmentWithItsStatus() {
        assertEquals("X=1\n", guest.run("env", "-i", "X=1", "/bin/env").out());
        assertEquals("hello\n", guest.run("sh", "-c", "env GREETING=hello sh -c 'echo $GREETING'").out());
        assertEquals(1, guest.run("env", "false").exitCode());
        assertEquals(0, guest.run("env", "true").exitCode());
    }

    @Test
    void aUtilityThatIsNotThereIs127() {
        Guest.Run r = guest.run("env", "nosuch");
        assertEquals("env: nosuch: No such file or directory\n", r.err());
        assertEquals(127, r.exitCode());
        Guest.Run noPath = guest.run("env", "-i", "true");
        assertEquals(0, noPath.exitCode(), "with no PATH, execvp's default path is searched");
    }

    @Test
    void errors() {
        Guest.Run u = guest.run("env", "-u", "A=B");
        assertEquals("env: unsetenv A=B: Invalid argument\n", u.err());
        assertEquals(1, u.exitCode());
        Guest.Run zero = guest.run("env", "-0", "true");
        assertEquals("env: cannot specify command with -0\n", zero.err());
        assertEquals(1, zero.exitCode());
        Guest.Run bad = guest.run("env", "-x");
        assertEquals("env: illegal option -- x\nusage: env [-0i] [-u name] [name=value ...] [utility [argument ...]]\n",
                bad.err());
        assertEquals(1, bad.exitCode());
    }
}
