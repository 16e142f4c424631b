package org.kld86.userland;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** uname(1) as FreeBSD's usr.bin/uname prints it. */
class UnameTest {

    private final Guest guest = new Guest();

    @AfterEach
    void tearDown() {
        guest.close();
    }

    @Test
    void noFlagIsTheSystemName() {
        Guest.Run r = guest.run("uname");
        assertEquals("kld86\n", r.out());
        assertEquals(0, r.status());
    }

    @Test
    void eachFlagPrintsItsField() {
        assertEquals("kld86\n", guest.run("uname", "-s").out());
        assertEquals("kld86\n", guest.run("uname", "-o").out(), "-o is -s");
        assertEquals("kld86\n", guest.run("uname", "-n").out());
        assertEquals("0.1.0\n", guest.run("uname", "-r").out());
        assertEquals("i386\n", guest.run("uname", "-m").out());
        assertEquals("i386\n", guest.run("uname", "-p").out());
        assertEquals("GENERIC\n", guest.run("uname", "-i").out());
        assertEquals("kld86 0.1.0 (GENERIC) i386 \n", guest.run("uname", "-v").out(),
                "kern.version's newline becomes a space");
    }

    @Test
    void dashAIsMnrsvInTheFixedOrder() {
        assertEquals("kld86 kld86 0.1.0 kld86 0.1.0 (GENERIC) i386  i386\n", guest.run("uname", "-a").out());
        assertEquals("kld86 0.1.0 i386\n", guest.run("uname", "-mrs").out(), "the order is s n r v m p i");
        assertEquals("0.1.0 i386 GENERIC\n", guest.run("uname", "-i", "-m", "-r").out());
    }

    @Test
    void anEnvironmentVariableStandsInForAField() {
        assertEquals("kld86 9.9\n", guest.run("sh", "-c", "UNAME_r=9.9 uname -sr").out());
    }

    @Test
    void badUsage() {
        Guest.Run r = guest.run("uname", "-x");
        assertEquals("uname: illegal option -- x\nusage: uname [-aimnoprsv]\n", r.err());
        assertEquals(1, r.exitCode());
        Guest.Run op = guest.run("uname", "extra");
        assertEquals("usage: uname [-aimnoprsv]\n", op.err());
        assertEquals(1, op.exitCode());
        assertEquals("", op.out());
    }
}
