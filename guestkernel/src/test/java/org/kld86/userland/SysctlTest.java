package org.kld86.userland;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.kld86.kernel.proc.Ucred;

/** sysctl(8): FreeBSD's "name: value", "name: old -> new" and its messages. */
class SysctlTest {

    private final Guest guest = new Guest();
    private long rate;

    SysctlTest() {
        guest.kernel.sysctl().addLong("debug.test.rate", "a writable knob", () -> rate, v -> rate = v);
    }

    @AfterEach
    void tearDown() {
        guest.close();
    }

    @Test
    void stringsAndNumbersPrintAsNameColonValue() {
        assertEquals("kern.ostype: kld86\n", guest.run("sysctl", "kern.ostype").out());
        assertEquals("hw.pagesize: 4096\n", guest.run("sysctl", "hw.pagesize").out());
        assertEquals("4096\n", guest.run("sysctl", "-n", "hw.pagesize").out());
        assertEquals("hw.pagesize\n", guest.run("sysctl", "-N", "hw.pagesize").out());
        assertEquals("hw.pagesize=4096\n", guest.run("sysctl", "-e", "hw.pagesize").out());
        assertEquals("kern.ostype: kld86\nhw.machine: i386\n",
                guest.run("sysctl", "kern.ostype", "hw.machine").out());
    }

    @Test
    void settingShowsOldAndNew() {
        rate = 3;
        Guest.Run r = guest.run("sysctl", "debug.test.rate=10");
        assertEquals("debug.test.rate: 3 -> 10\n", r.out());
        assertEquals(10, rate);
        assertEquals("debug.test.rate: 10 -> 16\n", guest.run("sysctl", "debug.test.rate=0x10").out());
    }

    @Test
    void refusedSets() {
        Guest.Run ro = guest.run("sysctl", "hw.pagesize=1");
        assertEquals("sysctl: oid 'hw.pagesize' is read only\n", ro.err());
        assertEquals(1, ro.exitCode());
        assertEquals("sysctl: invalid integer 'abc'\n", guest.run("sysctl", "debug.test.rate=abc").err());
        Guest.Run user = guest.runAs(Ucred.user(), "sysctl", "debug.test.rate=5");
        assertEquals("debug.test.rate: 0\nsysctl: debug.test.rate=5: Operation not permitted\n", user.all());
        assertEquals(0, rate);
    }

    @Test
    void anUnknownOidIsWarnedAboutAndCounted() {
        Guest.Run r = guest.run("sysctl", "no.such", "kern.ostype", "no.other");
        assertEquals("sysctl: unknown oid 'no.such'\nkern.ostype: kld86\nsysctl: unknown oid 'no.other'\n", r.all());
        assertEquals(2, r.exitCode());
        assertEquals("", guest.run("sysctl", "-q", "no.such").err());
    }

    @Test
    void anInnerNodeListsItsLeavesAndOpaqueNodesAreSkipped() {
        assertEquals("debug.test.rate: 0\n", guest.run("sysctl", "debug.test").out());
        Guest.Run r = guest.run("sysctl", "kern.malloc_stats");
        assertEquals("", r.all());
        assertEquals(0, r.status());
        String all = guest.run("sysctl", "-a").out();
        assertTrue(all.contains("hw.machine: i386\n") && all.contains("kern.ostype: kld86\n"), all);
        assertTrue(!all.contains("malloc_stats") && !all.contains("zone_stats"), "opaque nodes are not shown");
    }

    @Test
    void noNameIsUsage() {
        Guest.Run r = guest.run("sysctl");
        assertEquals("usage: sysctl [-bdehiNnoqTtWx] [ -B <bufsize> ] [-f filename] name[=value] ...\n"
                + "       sysctl [-bdehNnoqTtWx] [ -B <bufsize> ] -a\n", r.err());
        assertEquals(1, r.exitCode());
    }
}
