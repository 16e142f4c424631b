package org.kld86.userland;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.kld86.kernel.proc.Ucred;

/** kldload(8): FreeBSD 12-14's messages and exit statuses (KERNEL-SEMANTICS 3.2, checklist 15 and 16). */
class KldloadTest {

    private final Guest guest = new Guest();

    @AfterEach
    void tearDown() {
        guest.close();
    }

    @Test
    void aModuleNameLoadsFromTheModulePathAndTheDriverTalksToTheTerminal() {
        guest.echoModule();
        Guest.Run r = guest.run("kldload", "echo");
        assertEquals(0, r.status());
        assertEquals("Echo driver loaded.\n", r.tty());
        assertEquals("", r.out() + r.err());
        assertNotNull(guest.kernel.linker().findFile("echo.ko"));
    }

    @Test
    void verboseSaysLoadedWithTheFileId() {
        guest.echoModule();
        assertEquals("Loaded echo, id=2\n", guest.run("kldload", "-v", "echo").out());
    }

    @Test
    void loadingTwiceIsModuleAlreadyLoadedOrInKernel() {
        guest.echoModule();
        guest.run("kldload", "echo");
        Guest.Run r = guest.run("kldload", "echo");
        assertEquals("kldload: can't load echo: module already loaded or in kernel\n", r.err());
        assertEquals(1, r.exitCode());
    }

    @Test
    void dashNMakesAlreadyLoadedQuietAndSuccessful() {
        guest.echoModule();
        guest.run("kldload", "echo");
        Guest.Run r = guest.run("kldload", "-n", "echo");
        assertEquals(0, r.status());
        assertEquals("", r.all());
        assertEquals("echo is already loaded\n", guest.run("kldload", "-nv", "echo").out());
    }

    @Test
    void aMissingFileIsWarnWithStrerror() {
        Guest.Run r = guest.run("kldload", "nosuch");
        assertEquals("kldload: can't load nosuch: No such file or directory\n", r.err());
        assertEquals(1, r.exitCode());
    }

    @Test
    void aModuleThatFailsToLoadPointsAtDmesg() {
        guest.module("bad.ko", "b.Bad", """
                package b;
                import org.kld86.kpi.*;
                @DevModule(name = "bad")
                public final class Bad implements ModuleEventHandler {
                    public int modevent(KldModule mod, int what, Object arg) {
                        return what == Kld.MOD_LOAD ? Errno.ENXIO : 0;
                    }
                }
                """);
        Guest.Run r = guest.run("kldload", "bad");
        assertEquals("kldload: an error occurred while loading module bad. Please check dmesg(8) for more details.\n",
                r.err());
        assertEquals(1, r.exitCode());
    }

    @Test
    void everyFileIsTriedAndTheStatusSaysWhetherAnyFailed() {
        guest.echoModule();
        Guest.Run r = guest.run("kldload", "-v", "nosuch", "echo");
        assertEquals("kldload: can't load nosuch: No such file or directory\nEcho driver loaded.\nLoaded echo, id=2\n",
                r.all());
        assertEquals(1, r.exitCode());
    }

    @Test
    void nameValueWordsAfterAModuleAreItsParameters() {
        guest.module("lin.ko", "l.Lin", """
                package l;
                import org.kld86.kpi.*;
                import static org.kld86.kpi.Systm.*;
                @LinuxModule(name = "lin")
                public final class Lin {
                    @ModuleParam static int lin_order = 0;
                    @ModuleParam(name = "greeting") static String hello = "hi";
                    @ModuleInit static int init() {
                        uprintf("init order=%d greeting=%s\\n", lin_order, hello);
                        return 0;
                    }
                    @ModuleExit static void exit() { }
                }
                """);
        Guest.Run r = guest.run("kldload", "lin", "lin_order=3", "greeting=howdy");
        assertEquals(0, r.status());
        assertEquals("init order=3 greeting=howdy\n", r.tty());
    }

    @Test
    void anUnprivilegedUserGetsOperationNotPermitted() {
        guest.echoModule();
        Guest.Run r = guest.runAs(Ucred.user(), "kldload", "echo");
        assertEquals("kldload: can't load echo: Operation not permitted\n", r.err());
        assertNull(guest.kernel.linker().findFile("echo.ko"));
    }

    @Test
    void noFileOrABadOptionIsUsage() {
        Guest.Run r = guest.run("kldload");
        assertEquals("usage: kldload [-nqv] file ...\n", r.err());
        assertEquals(1, r.exitCode());
        assertEquals("kldload: illegal option -- x\nusage: kldload [-nqv] file ...\n", guest.run("kldload", "-x", "e").err());
    }

    @Test
    void doubleDashEndsTheOptions() {
        Guest.Run r = guest.run("kldload", "--", "-v");
        assertEquals("kldload: can't load -v: No such file or directory\n", r.err());
    }
}
