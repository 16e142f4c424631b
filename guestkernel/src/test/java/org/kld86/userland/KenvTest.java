package org.kld86.userland;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.kld86.kernel.proc.Ucred;

/** kenv(1) as FreeBSD's bin/kenv prints it. */
class KenvTest {

    private final Guest guest = new Guest();

    @AfterEach
    void tearDown() {
        guest.close();
    }

    @Test
    void settingPrintsTheQuotedPairAndGettingTheValue() {
        Guest.Run set = guest.run("kenv", "hw.scullp.order=2");
        assertEquals("hw.scullp.order=\"2\"\n", set.out());
        assertEquals("2", guest.kernel.kenv().get("hw.scullp.order"));
        assertEquals("2\n", guest.run("kenv", "hw.scullp.order").out());
        assertEquals("hw.scullp.order=\"2\"\n", guest.run("kenv", "-v", "hw.scullp.order").out());
    }

    @Test
    void noArgumentDumpsEveryVariableQuotedAndDashNNamesOnly() {
        guest.kernel.kenv().set("a.b", "1");
        guest.kernel.kenv().set("hint.echo.0.at", "isa");
        assertEquals("a.b=\"1\"\nhint.echo.0.at=\"isa\"\n", guest.run("kenv").out());
        assertEquals("a.b\nhint.echo.0.at\n", guest.run("kenv", "-N").out());
        assertEquals("hint.echo.0.at=\"isa\"\n", guest.run("kenv", "-h").out());
    }

    @Test
    void unsetAndTheFailures() {
        guest.kernel.kenv().set("x", "1");
        assertEquals(0, guest.run("kenv", "-u", "x").status());
        Guest.Run r = guest.run("kenv", "-u", "x");
        assertEquals("kenv: unable to unset x\n", r.err());
        assertEquals(255, r.exitCode(), "kenv returns kenv(2)'s -1");
        assertEquals("kenv: unable to get x\n", guest.run("kenv", "x").err());
        assertEquals("", guest.run("kenv", "-q", "x").err());
        assertEquals("kenv: unable to set y to 2\n", guest.runAs(Ucred.user(), "kenv", "y=2").err());
    }

    @Test
    void badUsage() {
        assertEquals("usage: kenv [-hNq]\n       kenv [-qv] variable[=value]\n       kenv [-q] -u variable\n",
                guest.run("kenv", "-u").err());
    }
}
