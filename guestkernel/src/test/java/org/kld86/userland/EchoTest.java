package org.kld86.userland;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** echo(1) of FreeBSD: -n only as the first word, "\c" at the end. */
class EchoTest {

    private final Guest guest = new Guest();

    @AfterEach
    void tearDown() {
        guest.close();
    }

    @Test
    void wordsAreJoinedBySpacesAndEndWithANewline() {
        Guest.Run r = guest.run("echo", "hello", "world");
        assertEquals("hello world\n", r.out());
        assertEquals(0, r.status());
    }

    @Test
    void dashNFirstDropsTheNewlineAndAnywhereElseIsPrinted() {
        assertEquals("hi", guest.run("echo", "-n", "hi").out());
        assertEquals("hi -n\n", guest.run("echo", "hi", "-n").out());
        assertEquals("-e x\n", guest.run("echo", "-e", "x").out());
        assertEquals("\n", guest.run("echo").out());
    }

    @Test
    void backslashCAtTheEndEndsTheOutput() {
        assertEquals("a b", guest.run("echo", "a", "b\\c").out());
    }
}
