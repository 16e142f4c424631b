package org.kld86.kpi;

import static org.junit.jupiter.api.Assertions.*;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.kld86.emulator.Machine;
import org.kld86.emulator.MachineConfig;
import org.kld86.kernel.Kernel;
import org.kld86.kernel.KernelOptions;
import org.kld86.kernel.kld.Linker;
import org.kld86.kernel.kld.MemoryModuleStore;
import org.kld86.kernel.kld.ModuleJars;

/** MALLOC_DEFINE from a module: registered at kldload, torn down at kldunload with malloc_uninit's leak check. */
class MallocTypeTest {

    private final MemoryModuleStore store = new MemoryModuleStore();
    private final Kernel kernel = Kernel.boot(new Machine(MachineConfig.builder().ram("64M").clearDevices().build()),
            KernelOptions.defaults(), store);
    private final StringBuilder tty = new StringBuilder();

    MallocTypeTest() {
        kernel.setTerminal(tty::append);
    }

    @AfterEach
    void tearDown() {
        kernel.shutdown();
    }

    /** A driver with a type of its own that mallocs 100 and 260 bytes at load and frees them only if told to. */
    private static String driver(String name, boolean freesOnUnload) {
        return """
                package %1$s;
                import org.kld86.kpi.*;
                import static org.kld86.kpi.Kld.*;
                import static org.kld86.kpi.Malloc.*;
                @DevModule(name = "%1$s")
                public final class Driver implements ModuleEventHandler {
                    static final MallocType M_DRV = MallocType.define("%1$s", "the %1$s driver's buffers");
                    static long small;
                    static long echo;
                    public int modevent(KldModule mod, int what, Object arg) {
                        switch (what) {
                        case MOD_LOAD:
                            small = malloc(100, M_DRV, M_WAITOK);
                            echo = malloc(260, M_DRV, M_WAITOK | M_ZERO);
                            Systm.uprintf("%%s: %%d %%d\\n", M_DRV.shortdesc(), malloc_usable_size(small),
                                    malloc_usable_size(echo));
                            return 0;
                        case MOD_UNLOAD:
                            if (%2$s) {
                                free(small, M_DRV);
                                free(echo, M_DRV);
                            }
                            return 0;
                        default:
                            return Errno.EOPNOTSUPP;
                        }
                    }
                }
                """.formatted(name, freesOnUnload);
    }

    private int load(String name, boolean frees) {
        store.put("/boot/modules/" + name + ".ko", ModuleJars.jar(Map.of(name + ".Driver", driver(name, frees))));
        Linker.LoadResult r = kernel.linker().kldload(name, List.of());
        assertTrue(r.ok(), "kldload " + name + ": " + r.errno() + "\n" + kernel.console().dmesg());
        return r.fileId();
    }

    private boolean registered(String shortdesc) {
        return kernel.malloc().types().stream().anyMatch(t -> t.shortdesc().equals(shortdesc));
    }

    @Test
    void aModuleThatLeaksIsReportedAtUnloadInMallocUninitsWords() {
        int id = load("leaky", false);
        assertEquals("leaky: 128 512\n", tty.toString(), "malloc(100) takes 128 bytes, malloc(260) 512");
        assertTrue(registered("leaky"), "the SYSINIT registered the type at load");
        int mark = kernel.console().dmesg().length();
        assertEquals(0, kernel.linker().kldunload(id, Linker.LINKER_UNLOAD_NORMAL));
        assertEquals("Warning: memory type leaky leaked memory on destroy (2 allocations, 640 bytes leaked).\n",
                kernel.console().dmesg().substring(mark));
        assertFalse(registered("leaky"), "the SYSUNINIT took it away");
    }

    @Test
    void aModuleThatFreesEverythingUnloadsQuietly() {
        int id = load("tidy", true);
        int mark = kernel.console().dmesg().length();
        assertEquals(0, kernel.linker().kldunload(id, Linker.LINKER_UNLOAD_NORMAL));
        assertEquals("", kernel.console().dmesg().substring(mark));
        assertFalse(registered("tidy"));
        assertTrue(load("tidy", true) > 1, "and it loads again, its type registered anew");
        assertTrue(registered("tidy"));
    }

    @Test
    void aTypeDefinedOutsideALoadStays() {
        MallocType t = MallocType.define("boot", "defined by the kernel itself");
        assertTrue(registered("boot"));
        long p = Malloc.malloc(32, t, Malloc.M_WAITOK);
        Malloc.free(p, t);
        assertEquals("boot", t.shortdesc());
        assertTrue(registered("boot"));
    }

    @Test
    void theKernelsTypesAreThereForEveryModule() {
        assertEquals("devbuf", MallocType.M_DEVBUF.shortdesc());
        assertEquals("temp", MallocType.M_TEMP.shortdesc());
        long before = kernel.malloc().M_TEMP.numallocs();
        long p = Malloc.malloc(260, MallocType.M_TEMP, Malloc.M_WAITOK);
        assertEquals(before + 1, kernel.malloc().M_TEMP.numallocs(), "counted against the kernel's M_TEMP");
        Malloc.free(p, MallocType.M_TEMP);
        assertEquals("malloc type devbuf", MallocType.M_DEVBUF.toString());
    }
}
