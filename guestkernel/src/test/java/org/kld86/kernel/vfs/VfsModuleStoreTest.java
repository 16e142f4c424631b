package org.kld86.kernel.vfs;

import static org.junit.jupiter.api.Assertions.*;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.kld86.kernel.Guest;
import org.kld86.kernel.kld.ModuleJars;
import org.kld86.kernel.proc.Ucred;

/** The linker reads .ko files through the file system: from the module path, from /tmp, from the cwd. */
class VfsModuleStoreTest {

    private final Guest g = new Guest();

    @AfterEach
    void tearDown() {
        g.close();
    }

    static byte[] module(String name) {
        return ModuleJars.jar(Map.of("m." + name + ".M", """
                package m.%s;
                import org.kld86.kpi.*;
                @DevModule(name = "%s")
                public final class M implements ModuleEventHandler {
                    public int modevent(KldModule mod, int what, Object arg) {
                        if (what == Kld.MOD_LOAD) { Systm.uprintf("%s loaded\\n"); }
                        return 0;
                    }
                }
                """.formatted(name, name, name)));
    }

    @Test
    void aModuleInTmpLoadsByItsPath() {
        assertEquals(0, g.kernel.vfs().writeFile("/tmp/echo.ko", module("echo"), 0644));
        String out = g.fsops("kldload", "/tmp/echo.ko");
        assertEquals("echo loaded\nkldload=ok\n", out);
        assertEquals("/tmp/echo.ko", g.kernel.linker().findFile("echo.ko").pathname());
    }

    @Test
    void aRelativePathIsTakenFromTheCurrentDirectoryOfTheLoader() {
        assertEquals(0, g.kernel.vfs().writeFile("/tmp/rel.ko", module("rel"), 0644));
        assertEquals("kldload=-2\n", g.fsops("kldload_r", "./rel.ko"), "from / there is no ./rel.ko");
        assertEquals("chdir=0\nrel loaded\nkldload=ok\n", g.fsops("chdir", "/tmp", "kldload", "./rel.ko"));
    }

    @Test
    void theModulePathShowsTheStoreAndModuleNamesAreFoundThere() {
        g.store.put("/boot/modules/named.ko", module("named"));
        g.store.put("/boot/modules/notes.txt", new byte[] {1});
        assertEquals(List.of("/boot/modules/named.ko"), g.kernel.vfs().moduleStore().list("/boot/modules"));
        String out = g.fsops("ls", "/boot/modules", "stat", "/boot/modules/named.ko", "kldload", "named");
        assertTrue(out.startsWith("ls=3 ./4 ../4 named.ko/8\n"), "a store shows its .ko files: " + out);
        assertTrue(out.contains("mode=100444 "), out);
        assertTrue(out.endsWith("named loaded\nkldload=ok\n"), out);
    }

    @Test
    void aModuleTheUserCannotReadIsStillTheKernelsToLoadButKldloadIsForRoot() {
        assertEquals(0, g.kernel.vfs().writeFile("/tmp/priv.ko", module("priv"), 0600));
        assertEquals("kldload=-1\n", g.fsops(Ucred.user(), "kldload_r", "/tmp/priv.ko"), "EPERM");
        assertTrue(g.fsops("kldload", "/tmp/priv.ko").endsWith("kldload=ok\n"));
    }
}
