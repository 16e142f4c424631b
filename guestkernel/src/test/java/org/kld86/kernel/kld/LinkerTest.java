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
    void theEverydayJavaOfADriverLinks() {
        // What a driver author writes without thinking: enums and switches on them, records, nested and 2-D
        // arrays, lambdas, string switches, try-with-resources, a custom exception, collections, boxing.
        store.put("/boot/modules/everyday.ko", ModuleJars.jar(Map.of("everyday.Everyday", """
                package everyday;
                import java.util.*;
                import java.util.function.*;
                import org.kld86.kpi.*;
                import static org.kld86.kpi.Systm.*;
                @DevModule(name = "everyday")
                public final class Everyday implements ModuleEventHandler {
                    enum State { IDLE, BUSY, GONE }
                    record Reg(String name, int offset) { }
                    static final class Oops extends RuntimeException {
                        Oops(String m) { super(m); }
                    }
                    static final class Res implements AutoCloseable {
                        int[] closed;
                        Res(int[] closed) { this.closed = closed; }
                        public void close() { closed[0]++; }
                    }
                    static int weight(State s) {
                        return switch (s) { case IDLE -> 1; case BUSY -> 2; case GONE -> 3; };
                    }
                    public int modevent(KldModule mod, int what, Object arg) {
                        if (what != Kld.MOD_LOAD) {
                            return 0;
                        }
                        int total = 0;
                        for (State s : State.values()) {
                            total += weight(s) * (s.ordinal() + 1);
                        }
                        long[][] grid = new long[3][4];
                        grid[2][3] = 5;
                        Reg[] regs = { new Reg("ctrl", 0), new Reg("status", 4) };
                        Map<String, Integer> byName = new LinkedHashMap<>(); // HashMap's order is not deterministic
                        for (Reg r : regs) {
                            byName.put(r.name(), r.offset());
                        }
                        IntBinaryOperator add = (a, b) -> a + b;
                        int[] closed = new int[1];
                        try (Res r = new Res(closed)) {
                            throw new Oops("bad");
                        } catch (Oops e) {
                            total += e.getMessage().length();
                        }
                        String key = "status";
                        switch (key) {
                            case "ctrl" -> total += 100;
                            case "status" -> total += byName.get(key);
                            default -> { }
                        }
                        StringBuilder sb = new StringBuilder();
                        sb.append(Long.toHexString(0xdeadL)).append(':').append(Integer.valueOf(7));
                        Object o = regs[1];
                        if (o instanceof Reg r && r.offset() == 4) {
                            total += 1000;
                        }
                        List<Integer> sorted = new ArrayList<>(List.of(3, 1, 2));
                        Collections.sort(sorted);
                        uprintf("%d %d %d %s %s %d\\n", total, grid[2][3], add.applyAsInt(2, 3), sb.toString(),
                                sorted.toString(), closed[0]);
                        return 0;
                    }
                }
                """)));
        Linker.LoadResult r = linker.kldload("everyday", List.of());
        assertEquals(0, r.errno(), kernel.console().dmesg());
        // 1*1 + 2*2 + 3*3 = 14, "bad" 3, byName status 4, instanceof 1000
        assertEquals("1021 5 5 dead:7 [1, 2, 3] 1\n", tty.toString());
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
