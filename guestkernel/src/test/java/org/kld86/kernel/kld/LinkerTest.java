package org.kld86.kernel.kld;

import static org.junit.jupiter.api.Assertions.*;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.kld86.emulator.Machine;
import org.kld86.emulator.MachineConfig;
import org.kld86.kernel.Kernel;
import org.kld86.kernel.KernelOptions;
import org.kld86.kpi.Errno;

class LinkerTest {

    private final MemoryModuleStore store = new MemoryModuleStore();
    private final Machine machine = new Machine(MachineConfig.builder().clearDevices().build());
    private final Kernel kernel = Kernel.boot(machine, KernelOptions.defaults(), store);
    private final Linker linker = kernel.linker();
    private final StringBuilder tty = new StringBuilder();

    LinkerTest() {
        kernel.setTerminal(tty::append);
    }

    @AfterEach
    void tearDown() {
        kernel.shutdown();
    }

    static final String HELLO = """
            package hello;
            import org.kld86.kpi.*;
            import static org.kld86.kpi.Kld.*;
            import static org.kld86.kpi.Systm.*;
            @DevModule(name = "hello")
            public final class Hello implements ModuleEventHandler {
                public int modevent(KldModule mod, int what, Object arg) {
                    switch (what) {
                    case MOD_LOAD:
                        uprintf("Hello, %s (module %d).\\n", mod.name(), mod.id());
                        return 0;
                    case MOD_UNLOAD:
                        uprintf("Goodbye.\\n");
                        return 0;
                    default:
                        return Errno.EOPNOTSUPP;
                    }
                }
            }
            """;

    @Test
    void aModuleLoadsRunsItsHandlerAndUnloads() {
        store.put("/boot/modules/hello.ko", ModuleJars.jar(Map.of("hello.Hello", HELLO)));
        Linker.LoadResult r = linker.kldload("hello", List.of());
        assertEquals(0, r.errno(), kernel.console().dmesg());
        assertEquals(2, r.fileId());
        assertEquals("Hello, hello (module 2).\n", tty.toString());
        LinkerFile f = linker.fileById(2);
        assertEquals("hello.ko", f.filename());
        assertEquals(1, f.refs());
        assertEquals(1, f.userrefs());
        assertEquals(2, linker.fileById(1).refs(), "the kernel gained a reference");
        assertTrue(f.address() >= kernel.vm().layout().kmemStart(), "the image lies in kernel memory");
        assertEquals(Errno.EEXIST, linker.kldload("hello", List.of()).errno());
        assertEquals(Errno.EEXIST, linker.kldload("hello.ko", List.of()).errno());
        assertEquals(0, linker.kldunload(2, Linker.LINKER_UNLOAD_NORMAL));
        assertEquals("Hello, hello (module 2).\nGoodbye.\n", tty.toString());
        assertNull(linker.fileById(2));
        assertNull(linker.findModule("hello"));
        assertEquals(1, linker.fileById(1).refs());
    }

    @Test
    void castsToArraysOfPrimitivesLinkAsTheArraysThemselvesDo() {
        // checkcast [I and [J name no class: a List<int[]> is as much the module's own business as an int[].
        store.put("/boot/modules/ranges.ko", ModuleJars.jar(Map.of("ranges.Ranges", """
                package ranges;
                import java.util.ArrayList;
                import java.util.List;
                import org.kld86.kpi.*;
                import static org.kld86.kpi.Systm.*;
                @DevModule(name = "ranges")
                public final class Ranges implements ModuleEventHandler {
                    public int modevent(KldModule mod, int what, Object arg) {
                        List<int[]> ints = new ArrayList<>();
                        ints.add(new int[] {3, 4});
                        List<long[]> longs = new ArrayList<>();
                        longs.add(new long[] {5});
                        Object o = ints.get(0);
                        uprintf("%d\\n", ints.get(0)[1] + longs.get(0)[0] + ((int[]) o).length);
                        return 0;
                    }
                }
                """)));
        Linker.LoadResult r = linker.kldload("ranges", List.of());
        assertEquals(0, r.errno(), kernel.console().dmesg());
        assertEquals("11\n", tty.toString());
    }

    @Test
    void aModuleNameNoFileDeclaresFallsBackToTheFileOfThatName() {
        // echo_contig.ko of FreeBSD Device Drivers ch. 2 declares DEV_MODULE(echo, ...): "kldload echo_contig"
        // finds no module echo_contig, so kern_linker's hints lookup falls back to the file echo_contig.ko.
        store.put("/boot/modules/greeter.ko", ModuleJars.jar(Map.of("hello.Hello", HELLO)));
        Linker.LoadResult r = linker.kldload("greeter", List.of());
        assertEquals(0, r.errno(), kernel.console().dmesg());
        assertEquals("greeter.ko", linker.fileById(r.fileId()).filename());
        assertNotNull(linker.findModule("hello"));
        assertEquals(Errno.EEXIST, linker.kldload("greeter", List.of()).errno(), "the file is loaded");
        assertEquals(Errno.EEXIST, linker.kldload("hello", List.of()).errno(), "the module is loaded");
        assertEquals(Errno.ENOENT, linker.kldload("nosuch", List.of()).errno());
        assertEquals(0, linker.kldunload(r.fileId(), Linker.LINKER_UNLOAD_NORMAL));
    }
}
