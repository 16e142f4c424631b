package org.kld86.userland;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.kld86.kernel.kld.LinkerFile;

/**
 * kldstat(8) in the current i386 layout (KERNEL-SEMANTICS 3.1, checklist 14): the header
 * {@code "Id Refs Address%*c %8s Name\n"} with PTR_WIDTH 10, rows {@code "%2d %4d %*p %8zx %s"}. The kernel image
 * is 0x1e0000 bytes at 0xc0400000 (KERNEL_LOAD_PA 4 MiB above PAGE_OFFSET).
 */
class KldstatTest {

    private static final String HEADER = "Id Refs Address        Size Name\n";
    private final Guest guest = new Guest();

    @AfterEach
    void tearDown() {
        guest.close();
    }

    @Test
    void theKernelAlone() {
        Guest.Run r = guest.run("kldstat");
        assertEquals(HEADER + " 1    1 0xc0400000   1e0000 kernel\n", r.out());
        assertEquals(0, r.status());
    }

    @Test
    void aLoadedModuleRaisesTheKernelsRefsAndIsListedAfterIt() {
        guest.echoModule();
        guest.run("kldload", "echo");
        LinkerFile f = guest.kernel.linker().findFile("echo.ko");
        String row = String.format(" 2    1 0x%08x %8x echo.ko\n", f.address(), f.size());
        assertEquals(HEADER + " 1    2 0xc0400000   1e0000 kernel\n" + row, guest.run("kldstat").out());
        assertEquals(HEADER + row, guest.run("kldstat", "-n", "echo").out());
        assertEquals(HEADER + row, guest.run("kldstat", "-i", "2").out());
    }

    @Test
    void verboseListsThePathAndTheModules() {
        guest.echoModule();
        guest.run("kldload", "echo");
        String out = guest.run("kldstat", "-v", "-i", "1").out();
        assertEquals(HEADER + " 1    2 0xc0400000   1e0000 kernel (/boot/kernel/kernel)\n"
                + "\tContains modules:\n\t\t Id Name\n\t\t  1 kernel\n", out);
        LinkerFile f = guest.kernel.linker().findFile("echo.ko");
        assertEquals(String.format(" 2    1 0x%08x %8x echo.ko (/boot/modules/echo.ko)\n", f.address(), f.size())
                + "\tContains modules:\n\t\t Id Name\n\t\t  2 echo\n",
                guest.run("kldstat", "-v", "-n", "echo.ko").out().substring(HEADER.length()));
    }

    @Test
    void dashMShowsOneModule() {
        guest.echoModule();
        guest.run("kldload", "echo");
        assertEquals("Id  Refs Name\n  2    1 echo\n", guest.run("kldstat", "-m", "echo").out());
    }

    @Test
    void missingFilesAndModulesAreWarnedAboutWithStatusOne() {
        Guest.Run r = guest.run("kldstat", "-n", "nosuch");
        assertEquals("kldstat: can't find file nosuch: No such file or directory\n", r.err());
        assertEquals(1, r.exitCode());
        r = guest.run("kldstat", "-m", "nosuch");
        assertEquals("kldstat: can't find module nosuch: No such file or directory\n", r.err());
        assertEquals(1, r.exitCode());
    }

    @Test
    void quietOnlySetsTheStatus() {
        guest.echoModule();
        guest.run("kldload", "echo");
        Guest.Run found = guest.run("kldstat", "-q", "-m", "echo");
        Guest.Run missing = guest.run("kldstat", "-q", "-n", "nosuch");
        assertEquals(0, found.status());
        assertEquals(1, missing.exitCode());
        assertEquals("", found.all() + missing.all());
    }

    @Test
    void aBadOptionIsUsage() {
        Guest.Run r = guest.run("kldstat", "-z");
        assertEquals("kldstat: illegal option -- z\n"
                + "usage: kldstat [-dhqv] [-i id] [-n filename]\n       kldstat [-dq] [-m modname]\n", r.err());
        assertEquals(1, r.exitCode());
    }

    @Test
    void getoptTakesAnAttachedOrSeparateArgumentAndSaysWhenOneIsMissing() {
        assertEquals(HEADER + " 1    1 0xc0400000   1e0000 kernel\n", guest.run("kldstat", "-i1").out());
        assertEquals(HEADER + " 1    1 0xc0400000   1e0000 kernel\n", guest.run("kldstat", "-qi", "1").out(),
                "-q does not silence a plain listing; -i's argument is the next word");
        Guest.Run r = guest.run("kldstat", "-i");
        assertEquals("kldstat: option requires an argument -- i\n"
                + "usage: kldstat [-dhqv] [-i id] [-n filename]\n       kldstat [-dq] [-m modname]\n", r.err());
    }
}
