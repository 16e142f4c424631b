package org.kld86.userland;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** /bin/pwd (not sh's builtin): getcwd by default and with -P, $PWD with -L when it names ".". */
class PwdTest {

    private final Guest g = new Guest();

    @AfterEach
    void tearDown() {
        g.close();
    }

    @Test
    void printsTheCurrentDirectory() {
        Guest.Run r = g.run("pwd");
        assertEquals("/\n", r.out());
        assertEquals(0, r.status());
        g.files.mkdir("/tmp/a");
        assertEquals("/tmp/a\n", g.run("sh", "-c", "cd /tmp/a && /bin/pwd").out());
    }

    @Test
    void lTakesPwdOnlyWhenItNamesTheSameDirectory() {
        g.files.mkdir("/tmp/a");
        assertEquals("/tmp/../tmp/a\n/tmp/a\n/tmp/a\n",
                g.run("sh", "-c", "cd /tmp/a; export PWD=/tmp/../tmp/a; /bin/pwd -L; /bin/pwd -P; /bin/pwd").out(),
                "-L prints $PWD as it is; -P and the default ask getcwd");
        assertEquals("/tmp/a\n/tmp/a\n",
                g.run("sh", "-c", "cd /tmp/a; export PWD=/tmp; /bin/pwd -L; export PWD=tmp/a; /bin/pwd -L").out(),
                "$PWD naming another directory, or relative, is not taken");
    }

    @Test
    void aRemovedDirectoryIsAnError() {
        g.files.mkdir("/tmp/gone");
        Guest.Run r = g.run("sh", "-c", "cd /tmp/gone; rmdir /tmp/gone; /bin/pwd");
        assertEquals("pwd: .: No such file or directory\n", r.err());
        assertEquals(1, r.exitCode());
    }

    @Test
    void anOperandOrABadOptionIsUsage() {
        Guest.Run r = g.run("pwd", "x");
        assertEquals("usage: pwd [-L | -P]\n", r.err());
        assertEquals(1, r.exitCode());
        assertEquals("pwd: illegal option -- x\nusage: pwd [-L | -P]\n", g.run("pwd", "-x").err());
    }
}
