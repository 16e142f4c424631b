package org.kld86.userland;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.kld86.kernel.proc.Ucred;

/** cat(1) on standard input (files wait for the file system). */
class CatTest {

    private final Guest guest = new Guest();

    @AfterEach
    void tearDown() {
        guest.close();
    }

    @Test
    void copiesStandardInput() {
        Guest.Run r = guest.runTyped(Ucred.root(), List.of("one\n", "two\n"), "cat");
        assertEquals("one\ntwo\n", r.out());
        assertEquals(0, r.status());
        assertEquals("x\n", guest.runTyped(Ucred.root(), List.of("x\n"), "cat", "-").out());
    }

    @Test
    void dashNNumbersLinesSixWideAndATab() {
        assertEquals("     1\tone\n     2\t\n     3\tthree\n",
                guest.runTyped(Ucred.root(), List.of("one\n", "\n", "three\n"), "cat", "-n").out());
        assertEquals("     1\tone\n\n     2\tthree\n",
                guest.runTyped(Ucred.root(), List.of("one\n", "\n", "three\n"), "cat", "-b").out());
    }

    @Test
    void aFileThatCannotBeOpenedIsWarnedAboutAndTheRestIsStillCopied() {
        Guest.Run r = guest.runTyped(Ucred.root(), List.of("in\n"), "cat", "nosuch", "-");
        assertEquals("cat: nosuch: No such file or directory\n", r.err());
        assertEquals("in\n", r.out());
        assertEquals(1, r.exitCode());
    }

    @Test
    void filesInTurnAndFreeBsdsMessageForAMissingOne() {
        guest.files.put("/a", "A\n");
        guest.files.put("/b", "B\n");
        assertEquals("A\nB\n", guest.run("cat", "/a", "/b").out());
        Guest.Run r = guest.run("cat", "/a", "/nosuch", "/b");
        assertEquals("A\ncat: /nosuch: No such file or directory\nB\n", r.all());
        assertEquals(1, r.exitCode());
    }
}
