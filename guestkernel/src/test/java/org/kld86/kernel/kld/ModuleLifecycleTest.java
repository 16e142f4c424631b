package org.kld86.kernel.kld;

import static org.junit.jupiter.api.Assertions.*;

import java.lang.ref.WeakReference;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.kld86.emulator.Machine;
import org.kld86.emulator.MachineConfig;
import org.kld86.kernel.Kernel;
import org.kld86.kernel.KernelOptions;
import org.kld86.kernel.KernelPanic;
import org.kld86.kpi.Errno;

/** kern_linker's lifecycle rules, each with a small module built by the test. */
class ModuleLifecycleTest {

    private final MemoryModuleStore store = new MemoryModuleStore();
    private final Machine machine = new Machine(MachineConfig.builder().clearDevices().build());
    private final Kernel kernel = Kernel.boot(machine, KernelOptions.defaults(), store);
    private final Linker linker = kernel.linker();
    private final StringBuilder tty = new StringBuilder();

    ModuleLifecycleTest() {
        kernel.setTerminal(tty::append);
    }

    @AfterEach
    void tearDown() {
        kernel.shutdown();
    }

    /** A module named {@code name} whose handler returns the given errno per event, printing each event. */
    static String scripted(String pkg, String cls, String name, int onLoad, int onQuiesce, int onUnload, String extra) {
        return """
                package %s;
                import org.kld86.kpi.*;
                import static org.kld86.kpi.Kld.*;
                import static org.kld86.kpi.Systm.*;
                %s
                @DevModule(name = "%s")
                public final class %s implements ModuleEventHandler {
                    public int modevent(KldModule mod, int what, Object arg) {
                        switch (what) {
                        case MOD_LOAD: uprintf("%s: load\\n"); return %d;
                        case MOD_QUIESCE: uprintf("%s: quiesce\\n"); return %d;
                        case MOD_UNLOAD: uprintf("%s: unload\\n"); return %d;
                        case MOD_SHUTDOWN: uprintf("%s: shutdown\\n"); return 0;
                        default: return Errno.EOPNOTSUPP;
                        }
                    }
                }
                """.formatted(pkg, extra, name, cls, name, onLoad, name, onQuiesce, name, onUnload, name);
    }

    private void put(String file, String pkgClass, String source) {
        store.put("/boot/modules/" + file, ModuleJars.jar(Map.of(pkgClass, source)));
    }

    private String dmesgSince(int mark) {
        return kernel.console().dmesg().substring(mark);
    }

    @Test
    void aFailingModLoadIsUndoneWithModUnloadAndTheFileIsDropped() {
        put("failing.ko", "f.Failing", scripted("f", "Failing", "failing", Errno.ENXIO, 0, 0, ""));
        int mark = kernel.console().dmesg().length();
        long free = freeWithPageTables();
        assertEquals(Errno.ENOEXEC, linker.kldload("failing", List.of()).errno());
        assertEquals("failing: load\nfailing: unload\n", tty.toString());
        assertTrue(dmesgSince(mark).matches("module_register_init: MOD_LOAD \\(failing, 0x[0-9a-f]{8}, 0\\) error 6\n"),
                dmesgSince(mark));
        assertNull(linker.findFile("failing.ko"));
        assertEquals(free, freeWithPageTables(), "the image's pages came back (kernel page tables stay, as on FreeBSD)");
    }

    private long freeWithPageTables() {
        return kernel.vm().allocator().totalFreePages() + kernel.vm().pmap().pageTablePages();
    }

    @Test
    void aFileKeepsTheModulesWhoseLoadSucceeded() {
        store.put("/boot/modules/pair.ko", ModuleJars.jar(Map.of(
                "p.Good", scripted("p", "Good", "good", 0, 0, 0, ""),
                "p.Bad", scripted("p", "Bad", "bad", Errno.EIO, 0, 0, ""))));
        Linker.LoadResult r = linker.kldload("pair.ko", List.of());
        assertEquals(0, r.errno());
        LinkerFile f = linker.fileById(r.fileId());
        assertEquals(List.of("good"), f.modules().stream().map(KernelModule::name).toList());
        assertNull(linker.findModule("bad"));
    }

    @Test
    void aModuleThatRefusesUnloadStaysEvenWhenForced() {
        put("sticky.ko", "s.Sticky", scripted("s", "Sticky", "sticky", 0, 0, Errno.EBUSY, ""));
        int id = linker.kldload("sticky", List.of()).fileId();
        assertEquals(Errno.EBUSY, linker.kldunload(id, Linker.LINKER_UNLOAD_NORMAL));
        assertEquals(Errno.EBUSY, linker.kldunload(id, Linker.LINKER_UNLOAD_FORCE));
        assertNotNull(linker.findModule("sticky"));
        assertEquals(1, linker.fileById(id).userrefs(), "the refused unload gave the user reference back");
        assertEquals("sticky: load\nsticky: quiesce\nsticky: unload\nsticky: quiesce\nsticky: unload\n", tty.toString());
    }

    @Test
    void aQuiesceVetoStopsANormalUnloadButNotAForcedOne() {
        put("busy.ko", "b.Busy", scripted("b", "Busy", "busy", 0, Errno.EBUSY, 0, ""));
        int id = linker.kldload("busy", List.of()).fileId();
        assertEquals(Errno.EBUSY, linker.kldunload(id, Linker.LINKER_UNLOAD_NORMAL));
        assertNotNull(linker.fileById(id));
        assertEquals(0, linker.kldunload(id, Linker.LINKER_UNLOAD_FORCE));
        assertNull(linker.fileById(id));
        assertEquals("busy: load\nbusy: quiesce\nbusy: quiesce\nbusy: unload\n", tty.toString());
    }

    @Test
    void quiesceAnsweringEopnotsuppOrEinvalCountsAsYes() {
        put("q.ko", "q.Q", scripted("q", "Q", "q", 0, Errno.EOPNOTSUPP, 0, ""));
        assertEquals(0, linker.kldunload(linker.kldload("q", List.of()).fileId(), Linker.LINKER_UNLOAD_NORMAL));
    }

    @Test
    void aModuleWithoutHandlerIsModeventNop() {
        put("nop.ko", "n.Nop", """
                package n;
                @org.kld86.kpi.DevModule(name = "nop")
                public final class Nop { }
                """);
        int id = linker.kldload("nop", List.of()).fileId();
        assertTrue(id > 1);
        assertEquals(Errno.EBUSY, linker.kldunload(id, Linker.LINKER_UNLOAD_FORCE), "modevent_nop refuses MOD_UNLOAD");
    }

    @Test
    void theKernelFileCannotBeUnloadedByTheUser() {
        int mark = kernel.console().dmesg().length();
        assertEquals(Errno.EBUSY, linker.kldunload(1, Linker.LINKER_UNLOAD_FORCE));
        assertEquals("kldunload: attempt to unload file that was loaded by the kernel\n", dmesgSince(mark));
        assertEquals(Errno.ENOENT, linker.kldunload(42, Linker.LINKER_UNLOAD_NORMAL));
        assertEquals(Errno.EINVAL, linker.kldunload(1, 7));
    }

    @Test
    void aNameClashRefusesTheSecondFile() {
        put("dup1.ko", "d1.Dup", scripted("d1", "Dup", "dup", 0, 0, 0, ""));
        put("dup2.ko", "d2.Dup", scripted("d2", "Dup", "dup", 0, 0, 0, ""));
        assertEquals(0, linker.kldload("dup1.ko", List.of()).errno());
        int mark = kernel.console().dmesg().length();
        assertEquals(Errno.EEXIST, linker.kldload("dup2.ko", List.of()).errno());
        assertEquals("module_register: cannot register dup from dup2.ko; already loaded from dup1.ko\n", dmesgSince(mark));
        assertEquals(Errno.EEXIST, linker.kldload("dup", List.of()).errno(), "by module name");
        assertEquals(Errno.ENOENT, linker.kldload("nosuch", List.of()).errno());
        assertEquals(Errno.ENOENT, linker.kldload("/boot/modules/nosuch.ko", List.of()).errno());
    }

    @Test
    void fileIdsReuseTheLastFreedIdModuleIdsNeverRepeat() {
        for (String n : List.of("a", "b", "c", "d")) {
            put(n + ".ko", n + ".M", scripted(n, "M", n, 0, 0, 0, ""));
        }
        int a = linker.kldload("a", List.of()).fileId();
        int b = linker.kldload("b", List.of()).fileId();
        assertEquals(List.of(2, 3), List.of(a, b));
        int modB = linker.findModule("b").id();
        assertEquals(0, linker.kldunload(b, 0));
        assertEquals(3, linker.kldload("c", List.of()).fileId(), "next_file_id was left at the freed 3");
        assertTrue(linker.findModule("c").id() > modB, "module ids are never reused");
        assertEquals(0, linker.kldunload(a, 0));
        assertEquals(4, linker.kldload("d", List.of()).fileId(), "2 is free but next_file_id is past it");
    }

    @Test
    void dependenciesLoadFromTheModulePathWithinTheirVersionRangeAndHoldReferences() {
        store.put("/boot/modules/libfoo.ko", ModuleJars.jar(Map.of("foo.Lib", """
                package foo;
                import org.kld86.kpi.*;
                @DevModule(name = "libfoo")
                @ModuleVersion(2)
                public final class Lib implements ModuleEventHandler {
                    public static int answer() { return 42; }
                    public int modevent(KldModule mod, int what, Object arg) { return 0; }
                }
                """)));
        String user = """
                package bar;
                import org.kld86.kpi.*;
                @DevModule(name = "bar")
                @ModuleDepend(name = "libfoo", min = %d, pref = 2, max = %d)
                public final class User implements ModuleEventHandler {
                    public int modevent(KldModule mod, int what, Object arg) {
                        if (what == Kld.MOD_LOAD) {
                            Systm.uprintf("libfoo says %%d\\n", foo.Lib.answer());
                        }
                        return 0;
                    }
                }
                """;
        Map<String, byte[]> libClasses = ModuleJars.compile(Map.of("foo.Lib", """
                package foo;
                public final class Lib { public static int answer() { return 0; } }
                """), List.of());
        java.nio.file.Path libDir = writeClasses(libClasses);
        store.put("/boot/modules/bar.ko", ModuleJars.pack(ModuleJars.compile(Map.of("bar.User", user.formatted(1, 3)), List.of(libDir.toString()))));
        store.put("/boot/modules/baz.ko", ModuleJars.pack(ModuleJars.compile(Map.of("baz.User",
                user.formatted(3, 4).replace("package bar;", "package baz;").replace("\"bar\"", "\"baz\"")),
                List.of(libDir.toString()))));

        Linker.LoadResult r = linker.kldload("bar", List.of());
        assertEquals(0, r.errno(), kernel.console().dmesg());
        assertEquals("libfoo says 42\n", tty.toString(), "the dependency's classes are visible");
        LinkerFile lib = linker.findFile("libfoo.ko");
        assertNotNull(lib, "loaded automatically");
        // linker_load_dependencies: a file loaded for a dependency keeps the reference it was made with
        // (refs 1, userrefs 0); only an already loaded one gains refs++.
        assertEquals(1, lib.refs());
        assertEquals(0, lib.userrefs());
        int mark = kernel.console().dmesg().length();
        assertEquals(Errno.EBUSY, linker.kldunload(lib.id(), 0));
        assertEquals("kldunload: attempt to unload file that was loaded by the kernel\n", dmesgSince(mark));

        mark = kernel.console().dmesg().length();
        assertEquals(Errno.ENOENT, linker.kldload("baz", List.of()).errno());
        assertEquals("KLD baz.ko: depends on libfoo - not available or version mismatch\n", dmesgSince(mark));

        assertEquals(0, linker.kldunload(r.fileId(), 0));
        assertNull(linker.findFile("libfoo.ko"), "the last reference went with bar");
        assertEquals(1, linker.fileById(1).refs());
    }

    private static java.nio.file.Path writeClasses(Map<String, byte[]> classes) {
        try {
            java.nio.file.Path dir = java.nio.file.Files.createTempDirectory("kld-dep");
            for (Map.Entry<String, byte[]> e : classes.entrySet()) {
                java.nio.file.Path p = dir.resolve(e.getKey() + ".class");
                java.nio.file.Files.createDirectories(p.getParent());
                java.nio.file.Files.write(p, e.getValue());
            }
            return dir;
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void shutdownSendsModShutdownInReverseOrder() {
        put("one.ko", "o.One", scripted("o", "One", "one", 0, 0, 0, ""));
        put("two.ko", "t.Two", scripted("t", "Two", "two", 0, 0, 0, ""));
        linker.kldload("one", List.of());
        linker.kldload("two", List.of());
        tty.setLength(0);
        linker.shutdown();
        assertEquals("two: shutdown\none: shutdown\n", tty.toString());
    }

    @Test
    void anUnloadedModulesClassLoaderIsCollected() throws Exception {
        put("gone.ko", "g.Gone", scripted("g", "Gone", "gone", 0, 0, 0, ""));
        WeakReference<ClassLoader> ref = loadAndUnload();
        for (int i = 0; i < 50 && ref.get() != null; i++) {
            System.gc();
            Thread.sleep(20);
        }
        assertNull(ref.get(), "nothing in the kernel keeps the unloaded module's class loader alive");
    }

    @Test
    void aModuleUsesStructViewsAndStillUnloadsCompletely() throws Exception {
        store.put("/boot/modules/views.ko", ModuleJars.jar(Map.of("v.Views", """
                package v;
                import org.kld86.kpi.*;
                @DevModule(name = "views")
                public final class Views implements ModuleEventHandler {
                    public interface EchoT {
                        @Field(0) @Array(length = 256) long buffer();
                        @Field(1) int length();
                        void length(int v);
                    }
                    public int modevent(KldModule mod, int what, Object arg) {
                        if (what == Kld.MOD_LOAD) {
                            long p = 0xC0100000L;
                            EchoT e = Struct.at(EchoT.class, p);
                            e.length(7);
                            Systm.uprintf("sizeof %d length %d at +%d\\n", Struct.sizeof(EchoT.class), Mem.read32(p + 256),
                                    Struct.offsetof(EchoT.class, "length"));
                        }
                        return 0;
                    }
                }
                """)));
        int id = linker.kldload("views", List.of()).fileId();
        assertEquals("sizeof 260 length 7 at +256\n", tty.toString());
        WeakReference<ClassLoader> ref = new WeakReference<>(linker.fileById(id).loader);
        assertEquals(0, linker.kldunload(id, 0));
        for (int i = 0; i < 50 && ref.get() != null; i++) {
            System.gc();
            Thread.sleep(20);
        }
        assertNull(ref.get(), "the generated view class does not keep the module alive");
    }

    private WeakReference<ClassLoader> loadAndUnload() {
        int id = linker.kldload("gone", List.of()).fileId();
        WeakReference<ClassLoader> ref = new WeakReference<>(linker.fileById(id).loader);
        assertEquals(0, linker.kldunload(id, 0));
        return ref;
    }

    @Test
    void linuxModulesRunInitAndExitAndTakeParameters() {
        put("lin.ko", "l.Lin", """
                package l;
                import org.kld86.kpi.*;
                import static org.kld86.kpi.Systm.*;
                @LinuxModule(name = "lin")
                public final class Lin {
                    @ModuleParam static int lin_order = 0;
                    @ModuleParam(name = "greeting") static String hello = "hi";
                    @ModuleParam static boolean loud;
                    @ModuleInit static int init() {
                        uprintf("init order=%d greeting=%s loud=%d\\n", lin_order, hello, loud ? 1 : 0);
                        return lin_order == 7 ? -Errno.ENOMEM : 0;
                    }
                    @ModuleExit static void exit() { uprintf("exit\\n"); }
                }
                """);
        int mark = kernel.console().dmesg().length();
        int id = linker.kldload("lin", List.of("lin_order=2", "greeting=howdy", "loud", "bogus=1")).fileId();
        assertTrue(id > 1);
        assertEquals("init order=2 greeting=howdy loud=1\n", tty.toString());
        assertEquals("lin: unknown parameter 'bogus' ignored\n", dmesgSince(mark));
        assertEquals(0, linker.kldunload(id, 0));
        assertEquals("init order=2 greeting=howdy loud=1\nexit\n", tty.toString());

        mark = kernel.console().dmesg().length();
        assertEquals(Errno.ENOEXEC, linker.kldload("lin", List.of("lin_order=x")).errno());
        assertTrue(dmesgSince(mark).startsWith("lin: `x' invalid for parameter `lin_order'\n"), dmesgSince(mark));
        mark = kernel.console().dmesg().length();
        assertEquals(Errno.ENOEXEC, linker.kldload("lin", List.of("lin_order=7")).errno());
        assertTrue(dmesgSince(mark).matches("(?s)module_register_init: MOD_LOAD \\(lin, 0x[0-9a-f]+, 0\\) error 12\n"),
                "init's -ENOMEM fails MOD_LOAD with 12: " + dmesgSince(mark));
        assertEquals("init order=2 greeting=howdy loud=1\nexit\ninit order=7 greeting=hi loud=0\n", tty.toString(),
                "neither the bad parameter nor the failed init is followed by module_exit");
    }

    @Test
    void anExceptionEscapingAModuleIsAPanicNamingThePlace() {
        put("div.ko", "d.Div", scripted("d", "Div", "div", 0, 0, 0, "").replace(
                "case MOD_LOAD: uprintf(\"div: load\\n\"); return 0;",
                "case MOD_LOAD: int zero = mod.id() - mod.id(); return 1 / zero;"));
        KernelPanic p = assertThrows(KernelPanic.class, () -> linker.kldload("div", List.of()));
        assertTrue(p.getMessage().matches("div\\.ko: java\\.lang\\.ArithmeticException: / by zero at d\\.Div\\.modevent\\(Div\\.java:\\d+\\)"),
                p.getMessage());
        assertTrue(p.report().contains("KDB: stack backtrace:\n#0 0x"), p.report());
        assertTrue(p.report().contains("panic: div.ko: java.lang.ArithmeticException"), p.report());
    }

    @Test
    void aStackOverflowIsADoubleFault() {
        put("deep.ko", "d.Deep", """
                package d;
                import org.kld86.kpi.*;
                @DevModule(name = "deep")
                public final class Deep implements ModuleEventHandler {
                    static int down(int n) { return down(n + 1) + 1; }
                    public int modevent(KldModule mod, int what, Object arg) { return down(0); }
                }
                """);
        KernelPanic p = assertThrows(KernelPanic.class, () -> linker.kldload("deep", List.of()));
        assertTrue(p.getMessage().startsWith("deep.ko: double fault (kernel stack overflow) at d.Deep.down(Deep.java:"), p.getMessage());
    }

    @Test
    void aNullDereferenceInKernelModeIsFatalTrap12NamingTheModuleMethod() {
        put("null.ko", "n.Null", scripted("n", "Null", "null", 0, 0, 0, "").replace(
                "case MOD_LOAD: uprintf(\"null: load\\n\"); return 0;",
                "case MOD_LOAD: return Mem.read32(0);"));
        KernelPanic p = assertThrows(KernelPanic.class, () -> linker.kldload("null", List.of()));
        assertEquals("page fault", p.getMessage());
        assertTrue(p.report().contains("Fatal trap 12: page fault while in kernel mode\n"), p.report());
        assertTrue(p.report().contains("fault virtual address\t= 0x0\n"), p.report());
        assertTrue(p.report().contains("fault code\t\t= supervisor read data, page not present\n"), p.report());
        assertTrue(p.report().matches("(?s).*instruction pointer\t= 0x20:n\\.Null\\.modevent\\(Null\\.java:\\d+\\)\n.*"), p.report());
    }

    @Test
    void anOutOfBoundsWriteIntoTheKernelImageIsAProtectionFault() {
        // The kernel's text is mapped read-only in nothing here; an address past the kmem arena's use is unmapped.
        long past = kernel.vm().layout().kmemEnd() - 4096;
        put("oob.ko", "o.Oob", scripted("o", "Oob", "oob", 0, 0, 0, "").replace(
                "case MOD_LOAD: uprintf(\"oob: load\\n\"); return 0;",
                "case MOD_LOAD: Mem.write32(" + past + "L, 1); return 0;"));
        KernelPanic p = assertThrows(KernelPanic.class, () -> linker.kldload("oob", List.of()));
        assertTrue(p.report().contains(String.format("fault virtual address\t= 0x%x\n", past)), p.report());
        assertTrue(p.report().contains("supervisor write data, page not present"), p.report());
        assertTrue(p.report().contains("o.Oob.modevent(Oob.java:"), p.report());
    }

    @Test
    void theWatchdogStopsABusyLoopNamingTheModuleAndMethod() {
        put("spin.ko", "s.Spin", scripted("s", "Spin", "spin", 0, 0, 0, "").replace(
                "case MOD_LOAD: uprintf(\"spin: load\\n\"); return 0;",
                "case MOD_LOAD: long n = 0; while (mod.id() > 0) { n++; } return (int) n;"));
        ((org.kld86.kernel.sysctl.Sysctl.LongNode) kernel.sysctl().lookup("debug.kld.watchdog_ms")).setter().accept(10);
        KernelPanic p = assertThrows(KernelPanic.class, () -> linker.kldload("spin", List.of()));
        assertTrue(p.getMessage().matches("softlockup: spin\\.ko ran 1\\d ms without sleeping in s\\.Spin\\.modevent\\(Spin\\.java:\\d+\\)"),
                p.getMessage());
        assertTrue(p.report().contains("watchdog: BUG: soft lockup - CPU#0 stuck for 1"), p.report());
    }

    @Test
    void theSameModuleTwiceGivesTheSameVirtualClock() {
        assertEquals(runLoopModule(), runLoopModule());
    }

    private static long runLoopModule() {
        MemoryModuleStore s = new MemoryModuleStore();
        s.put("/boot/modules/work.ko", ModuleJars.jar(Map.of("w.Work", """
                package w;
                import org.kld86.kpi.*;
                @DevModule(name = "work")
                public final class Work implements ModuleEventHandler {
                    public int modevent(KldModule mod, int what, Object arg) {
                        long sum = 0;
                        for (int i = 0; i < 100_000; i++) { sum += i * (long) i; }
                        return sum == 333328333350000L ? 0 : Errno.EDOM;
                    }
                }
                """)));
        Machine m = new Machine(MachineConfig.builder().clearDevices().build());
        Kernel k = Kernel.boot(m, KernelOptions.defaults(), s);
        try {
            long before = m.clock().now();
            assertEquals(0, k.linker().kldload("work", List.of()).errno());
            long spent = m.clock().now() - before;
            assertTrue(spent > 100_000 * 5, "the loop's bytecode was charged: " + spent);
            return m.clock().now();
        } finally {
            k.shutdown();
        }
    }

    @Test
    void anInterruptIsTakenAtALoopBackEdgeInsideModuleCode() {
        long t0 = machine.clock().now();
        machine.cpu().setGate(0x50, (v, e) -> tty.append("irq at " + (machine.clock().now() - t0) + "\n"));
        machine.cpu().setInterruptController(new org.kld86.emulator.cpu.InterruptController() {
            boolean pending;

            @Override
            public boolean intr() {
                return pending;
            }

            @Override
            public int acknowledge() {
                pending = false;
                return 0x50;
            }

            {
                machine.clock().schedule(50_000, () -> pending = true);
            }
        });
        put("loop.ko", "l.Loop", scripted("l", "Loop", "loop", 0, 0, 0, "").replace(
                "case MOD_LOAD: uprintf(\"loop: load\\n\"); return 0;",
                "case MOD_LOAD: long x = 0; for (int i = 0; i < 100_000; i++) { x += i; } uprintf(\"done\\n\"); return x > 0 ? 0 : 1;"));
        linker.kldload("loop", List.of());
        String[] lines = tty.toString().split("\n");
        assertEquals("done", lines[1], "the interrupt came in the middle of the loop, before it finished");
        long at = Long.parseLong(lines[0].substring("irq at ".length()));
        assertTrue(at >= 50_000 && at < 50_100, "taken within one loop iteration of the event: " + at);
    }
}
