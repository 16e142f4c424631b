package org.kld86.userland;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.kld86.kernel.proc.Ucred;

/** tee(1): standard input to standard output and to each file, truncated or (-a) appended to. */
class TeeTest {

    private final Guest g = new Guest();

    @AfterEach
    void tearDown() {
        g.close();
    }

    @Test
    void copiesToStdoutAndEachFile() {
        g.files.put("/tmp/b", "old content\n");
        Guest.Run r = g.run("sh", "-c", "echo hello | tee /tmp/a /tmp/b");
        assertEquals("hello\n", r.out());
        assertEquals(0, r.status());
        assertEquals("hello\n", g.files.get("/tmp/a"));
        assertEquals("hello\n", g.files.get("/tmp/b"), "truncated");
        assertEquals(0100644, g.files.stat("/tmp/a").mode, "DEFFILEMODE less the umask 022");
    }

    @Test
    void aAppends() {
        g.files.put("/tmp/log", "one\n");
        assertEquals(0, g.run("sh", "-c", "echo two | tee -a /tmp/log > /dev/null").status());
        assertEquals("one\ntwo\n", g.files.get("/tmp/log"));
    }

    @Test
    void aFileThatCannotBeOpenedIsWarnedAboutAndTheOthersStillGetTheCopy() {
        g.files.mkdir("/tmp/d");
        Guest.Run r = g.runAs(Ucred.user(), "sh", "-c", "echo x | tee /tmp/d/f /tmp/mine /tmp");
        assertEquals("x\n", r.out());
        assertEquals("tee: /tmp/d/f: Permission denied\ntee: /tmp: Is a directory\n", r.err());
        assertEquals(1, r.exitCode());
        assertEquals("x\n", g.files.get("/tmp/mine"));
    }

    @Test
    void aBadOptionIsUsage() {
        Guest.Run r = g.run("tee", "-z");
        assertEquals("tee: illegal option -- z\nusage: tee [-ai] [file ...]\n", r.err());
        assertEquals(1, r.exitCode());
    }
}
