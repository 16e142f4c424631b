package org.kld86.kernel.kld;

import static org.junit.jupiter.api.Assertions.*;

import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.kld86.emulator.Machine;
import org.kld86.emulator.MachineConfig;
import org.kld86.kernel.Kernel;
import org.kld86.kernel.KernelOptions;
import org.kld86.kpi.Errno;

/**
 * One deliberately bad module per linker rule: each is refused with ENOEXEC and exactly the report FreeBSD's
 * linker would print, and leaves nothing behind (no file, no module, no page, no kernel address range).
 */
class BadModuleCorpusTest {

    private final MemoryModuleStore store = new MemoryModuleStore();
    private final Machine machine = new Machine(MachineConfig.builder().clearDevices().build());
    private final Kernel kernel = Kernel.boot(machine, KernelOptions.defaults(), store);

    @AfterEach
    void tearDown() {
        kernel.shutdown();
    }

    /** A module whose MOD_LOAD does {@code body}. */
    private static Map<String, String> module(String cls, String imports, String body) {
        return Map.of("bad." + cls, """
                package bad;
                import org.kld86.kpi.*;
                %s
                @DevModule(name = "%s")
                public final class %s implements ModuleEventHandler {
                    public int modevent(KldModule mod, int what, Object arg) {
                        if (what == Kld.MOD_LOAD) {
                            %s
                        }
                        return 0;
                    }
                }
                """.formatted(imports, cls.toLowerCase(), cls, body));
    }

    static Stream<Arguments> corpus() {
        return Stream.of(
                Arguments.of("exit", module("Exit", "", "System.exit(1);"),
                        List.of("link_elf: symbol java.lang.System.exit(int) undefined")),
                Arguments.of("thread", module("Threads", "", "new Thread(() -> { }).start();"),
                        List.of("link_elf: symbol java.lang.Thread undefined",
                                "link_elf: symbol java.lang.Thread.<init>(java.lang.Runnable) undefined",
                                "link_elf: symbol java.lang.Thread.start() undefined")),
                Arguments.of("reflection", module("Reflect", "",
                        "try { Class.forName(\"java.lang.Runtime\"); } catch (ClassNotFoundException e) { }"),
                        List.of("link_elf: symbol java.lang.Class.forName(java.lang.String) undefined",
                                "link_elf: symbol java.lang.ClassNotFoundException undefined")),
                Arguments.of("file", module("Files", "",
                        "try { new java.io.FileInputStream(\"/etc/passwd\").close(); } catch (java.io.IOException e) { }"),
                        List.of("link_elf: symbol java.io.FileInputStream undefined",
                                "link_elf: symbol java.io.FileInputStream.<init>(java.lang.String) undefined",
                                "link_elf: symbol java.io.FileInputStream.close() undefined",
                                "link_elf: symbol java.io.IOException undefined")),
                Arguments.of("network", module("Net", "",
                        "try { new java.net.Socket(\"localhost\", 80).close(); } catch (java.io.IOException e) { }"),
                        List.of("link_elf: symbol java.net.Socket undefined",
                                "link_elf: symbol java.net.Socket.<init>(java.lang.String, int) undefined",
                                "link_elf: symbol java.net.Socket.close() undefined",
                                "link_elf: symbol java.io.IOException undefined")),
                Arguments.of("classloader", module("Loader", "", "ClassLoader.getSystemClassLoader();"),
                        List.of("link_elf: symbol java.lang.ClassLoader.getSystemClassLoader() undefined",
                                "link_elf: symbol java.lang.ClassLoader undefined")),
                Arguments.of("runtime", module("Rt", "",
                        "try { Runtime.getRuntime().exec(\"ls\"); } catch (java.io.IOException e) { }"),
                        List.of("link_elf: symbol java.lang.Runtime.getRuntime() undefined",
                                "link_elf: symbol java.lang.Runtime undefined",
                                "link_elf: symbol java.lang.Runtime.exec(java.lang.String) undefined",
                                "link_elf: symbol java.lang.Process undefined",
                                "link_elf: symbol java.io.IOException undefined")),
                Arguments.of("hostclock", module("Clock", "", "long t = System.currentTimeMillis();"),
                        List.of("link_elf: symbol java.lang.System.currentTimeMillis() undefined")),
                Arguments.of("kernelinternals", module("Internals", "", "org.kld86.kernel.Kernel.current();"),
                        List.of("link_elf: symbol org.kld86.kernel.Kernel.current() undefined",
                                "link_elf: symbol org.kld86.kernel.Kernel undefined")),
                Arguments.of("machine", module("Machine", "",
                        "org.kld86.emulator.mmu.Mmu m = null; org.kld86.emulator.cpu.VirtualClock c = null;"
                                + " if (m != null) { m.read32(0); c.now(); }"),
                        List.of("link_elf: symbol org.kld86.emulator.mmu.Mmu.read32(int) undefined",
                                "link_elf: symbol org.kld86.emulator.cpu.VirtualClock.now() undefined")),
                Arguments.of("lambdasmuggling", module("Smuggle", "", "Runnable r = System::gc; r.run();"),
                        List.of("link_elf: symbol java.lang.System.gc() undefined")),
                Arguments.of("hashmap", module("Hash", "", "new java.util.HashMap<String, String>().put(\"a\", \"b\");"),
                        List.of("link_elf: symbol java.util.HashMap undefined",
                                "link_elf: symbol java.util.HashMap.<init>() undefined",
                                "link_elf: symbol java.util.HashMap.put(java.lang.Object, java.lang.Object) undefined")),
                Arguments.of("hostlocale", module("Locale", "", "String s = String.format(\"%d\", 1);"),
                        List.of("link_elf: symbol java.lang.String.format(java.lang.String, java.lang.Object[]) undefined")),
                Arguments.of("native", Map.of("bad.Native", """
                        package bad;
                        import org.kld86.kpi.*;
                        @DevModule(name = "native")
                        public final class Native {
                            native void poke_port(int port);
                        }
                        """), List.of("link_elf: symbol Java_bad_Native_poke_1port undefined")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("corpus")
    void eachForbiddenReferenceIsReportedAndTheLoadFailsWithNothingLeft(String name, Map<String, String> sources,
            List<String> expected) {
        store.put("/boot/modules/" + name + ".ko", ModuleJars.jar(sources));
        assertRefused(name + ".ko", expected);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("malformed")
    void filesThatAreNotModulesAreUnsupported(String name, byte[] bytes, List<String> expected) {
        store.put("/boot/modules/" + name + ".ko", bytes);
        assertRefused(name + ".ko", expected);
    }

    static Stream<Arguments> malformed() {
        byte[] newer = ModuleJars.pack(withMajorVersion(ModuleJars.compile(module("Newer", "", "return 0;"), List.of()), 66));
        return Stream.of(
                Arguments.of("garbage", "this is not a jar".getBytes(), List.of()),
                Arguments.of("empty", ModuleJars.pack(Map.of()), List.of()),
                Arguments.of("newer", newer,
                        List.of("newer.ko: bad.Newer has class file version 66; this kernel links up to 61 (Java 17)")),
                Arguments.of("noctor", ModuleJars.jar(Map.of("bad.NoCtor", """
                        package bad;
                        import org.kld86.kpi.*;
                        @DevModule(name = "noctor")
                        public final class NoCtor implements ModuleEventHandler {
                            private NoCtor() { }
                            public int modevent(KldModule mod, int what, Object arg) { return 0; }
                        }
                        """)), List.of("noctor.ko: bad.NoCtor declares module noctor but has no public no-argument constructor")));
    }

    private static Map<String, byte[]> withMajorVersion(Map<String, byte[]> classes, int major) {
        classes.values().forEach(b -> {
            b[6] = (byte) (major >> 8);
            b[7] = (byte) major;
        });
        return classes;
    }

    private void assertRefused(String file, List<String> expectedLines) {
        long freeBefore = kernel.vm().allocator().totalFreePages();
        long kmemBefore = kernel.vm().kmemArena().allocatedBytes();
        int before = kernel.console().dmesg().length();
        Linker.LoadResult r = kernel.linker().kldload(file, List.of());
        assertEquals(Errno.ENOEXEC, r.errno());
        String report = kernel.console().dmesg().substring(before);
        StringBuilder want = new StringBuilder();
        for (String l : expectedLines) {
            want.append(l).append('\n');
        }
        want.append("linker_load_file: /boot/modules/").append(file).append(" - unsupported file type\n");
        assertEquals(want.toString(), report);
        assertEquals(1, kernel.linker().files().size(), "only the kernel is loaded");
        assertEquals(1, kernel.linker().modules().size());
        assertEquals(1, kernel.linker().fileById(1).refs());
        assertEquals(freeBefore, kernel.vm().allocator().totalFreePages(), "no page kept");
        assertEquals(kmemBefore, kernel.vm().kmemArena().allocatedBytes(), "no kernel address range kept");
    }
}
