package org.kld86.userland;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.kld86.kernel.proc.Ucred;

/** id(1) and whoami(1) as FreeBSD's usr.bin/id prints them. */
class IdTest {

    private final Guest guest = new Guest();

    @AfterEach
    void tearDown() {
        guest.close();
    }

    @Test
    void idPrintsTheIdsWithTheirNames() {
        Guest.Run r = guest.run("id");
        assertEquals("uid=0(root) gid=0(wheel) groups=0(wheel)\n", r.out());
        assertEquals(0, r.status());
        assertEquals("uid=1001(user) gid=1001(user) groups=1001(user)\n", guest.runAs(Ucred.user(), "id").out());
    }

    @Test
    void anIdWithNoNameIsANumberAlone() {
        assertEquals("uid=1002 gid=1002 groups=1002\n",
                guest.runAs(new Ucred(1002, 1002, new int[] {1002}), "id").out());
        assertEquals("1002\n", guest.runAs(new Ucred(1002, 1002, new int[] {1002}), "id", "-un").out(),
                "-n falls back to the number");
        assertEquals("1002\n", guest.runAs(new Ucred(1002, 1002, new int[] {1002}), "whoami").out());
    }

    @Test
    void singleFields() {
        assertEquals("1001\n", guest.runAs(Ucred.user(), "id", "-u").out());
        assertEquals("user\n", guest.runAs(Ucred.user(), "id", "-un").out());
        assertEquals("0\n", guest.run("id", "-g").out());
        assertEquals("wheel\n", guest.run("id", "-gn").out());
        assertEquals("wheel\n", guest.run("id", "-G", "-n").out());
        assertEquals("0\n", guest.run("id", "-ur").out());
    }

    @Test
    void aUserOperandByNameOrNumber() {
        assertEquals("uid=1001(user) gid=1001(user) groups=1001(user)\n", guest.run("id", "user").out());
        assertEquals("user\n", guest.run("id", "-un", "1001").out());
        Guest.Run r = guest.run("id", "nobody");
        assertEquals("id: nobody: no such user\n", r.err());
        assertEquals(1, r.exitCode());
    }

    @Test
    void badUsage() {
        String usage = "usage: id [user]\n       id -G [-n] [user]\n       id -g [-nr] [user]\n       id -u [-nr] [user]\n";
        Guest.Run both = guest.run("id", "-u", "-g");
        assertEquals(usage, both.err());
        assertEquals(1, both.exitCode());
        assertEquals(usage, guest.run("id", "root", "user").err(), "one user at most");
        assertEquals("id: illegal option -- x\n" + usage, guest.run("id", "-x").err());
    }

    @Test
    void whoamiIsTheEffectiveUsersName() {
        assertEquals("root\n", guest.run("whoami").out());
        assertEquals("user\n", guest.runAs(Ucred.user(), "whoami").out());
        assertEquals("user\n", guest.run("su", "user", "-c", "whoami").out());
        Guest.Run r = guest.run("whoami", "root");
        assertEquals("usage: whoami\n", r.err());
        assertEquals(1, r.exitCode());
        assertEquals("whoami: illegal option -- x\nusage: whoami\n", guest.run("whoami", "-x").err());
    }
}
