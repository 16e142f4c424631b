package org.kld86.userland;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** kldunload(8): KERNEL-SEMANTICS 3.3 and checklist 18. */
class KldunloadTest {

    private final Guest guest = new Guest();

    @AfterEach
    void tearDown() {
        guest.close();
    }

    @Test
    void unloadingByNameRunsModUnload() {
        guest.echoModule();
        guest.run("kldload", "echo");
        Guest.Run r = guest.run("kldunload", "echo");
        assertEquals(0, r.status());
        assertEquals("Echo driver unloaded.\n", r.tty());
        assertNull(guest.kernel.linker().findFile("echo.ko"));
    }

    @Test
    void verboseNamesTheFileAndItsIdFirst() {
        guest.echoModule();
        guest.run("kldload", "echo");
        Guest.Run r = guest.run("kldunload", "-v", "echo.ko");
        assertEquals("Unloading echo.ko, id=2\nEcho driver unloaded.\n", r.all());
    }

    @Test
    void byIdWithDashI() {
        guest.echoModule();
        guest.run("kldload", "echo");
        assertEquals(0, guest.run("kldunload", "-i", "2").status());
        assertNull(guest.kernel.linker().findFile("echo.ko"));
    }

    @Test
    void anUnknownNameIsCantFindFile() {
        Guest.Run r = guest.run("kldunload", "nosuch");
        assertEquals("kldunload: can't find file nosuch\n", r.err());
        assertEquals(1, r.exitCode());
    }

    @Test
    void aModuleRefusingUnloadIsDeviceBusyEvenWithForce() {
        guest.module("sticky.ko", "s.Sticky", """
                package s;
                import org.kld86.kpi.*;
                @DevModule(name = "sticky")
                public final class Sticky implements ModuleEventHandler {
                    public int modevent(KldModule mod, int what, Object arg) {
                        return what == Kld.MOD_UNLOAD ? Errno.EBUSY : 0;
                    }
                }
                """);
        guest.run("kldload", "sticky");
        Guest.Run r = guest.run("kldunload", "sticky");
        assertEquals("kldunload: can't unload file: Device busy\n", r.err());
        assertEquals(1, r.exitCode());
        assertEquals("kldunload: can't unload file: Device busy\n", guest.run("kldunload", "-f", "sticky").err());
        assertNotNull(guest.kernel.linker().findFile("sticky.ko"));
    }

    @Test
    void theKernelItselfIsBusyAndTheConsoleSaysWhy() {
        int mark = guest.kernel.console().dmesg().length();
        Guest.Run r = guest.run("kldunload", "kernel");
        assertEquals("kldunload: can't unload file: Device busy\n", r.err());
        assertEquals("kldunload: attempt to unload file that was loaded by the kernel\n",
                guest.kernel.console().dmesg().substring(mark));
    }

    @Test
    void noNameIsUsageWithExUsage() {
        Guest.Run r = guest.run("kldunload");
        assertEquals("usage: kldunload [-fv] -i id ...\n       kldunload [-fv] [-n] name ...\n", r.err());
        assertEquals(64, r.exitCode());
    }
}
