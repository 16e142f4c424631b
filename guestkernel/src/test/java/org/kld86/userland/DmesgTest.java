package org.kld86.userland;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** dmesg(8): the message buffer through sysctl kern.msgbuf. */
class DmesgTest {

    private final Guest guest = new Guest();

    @AfterEach
    void tearDown() {
        guest.close();
    }

    @Test
    void printsTheBootMessagesAndWhatCameAfter() {
        guest.kernel.console().printf("echo0: <test> on isa0%n");
        String out = guest.run("dmesg").out();
        assertTrue(out.startsWith("Copyright (c) 2026 The kld86 Project.\n"), out);
        assertTrue(out.endsWith("echo0: <test> on isa0\n"), out);
    }

    @Test
    void aLastLineWithoutNewlineGetsOne() {
        guest.kernel.console().print("partial");
        assertTrue(guest.run("dmesg").out().endsWith("\npartial\n"));
    }

    @Test
    void anOperandIsUsage() {
        Guest.Run r = guest.run("dmesg", "x");
        assertEquals("usage: dmesg [-ac] [-M core [-N system]]\n", r.err());
        assertEquals(1, r.exitCode());
    }
}
