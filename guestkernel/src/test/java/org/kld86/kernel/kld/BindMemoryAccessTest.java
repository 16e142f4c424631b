package org.kld86.kernel.kld;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.kld86.emulator.Machine;
import org.kld86.emulator.MachineConfig;
import org.kld86.kernel.Kernel;
import org.kld86.kernel.KernelOptions;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.tree.ClassNode;

/** A module's scalar Mem accesses are bound to its kernel's MMU at link time, and do what the KPI calls do. */
class BindMemoryAccessTest {

    static final String POKER = """
            package poker;
            import org.kld86.kpi.*;
            import static org.kld86.kpi.Malloc.*;
            @DevModule(name = "poker")
            public final class Poker implements ModuleEventHandler {
                static final MallocType M_POKER = MallocType.define("poker", "poker's buffer");
                public static long buf;
                public int modevent(KldModule mod, int what, Object arg) {
                    if (what == Kld.MOD_LOAD) {
                        buf = malloc(16, M_POKER, M_WAITOK | M_ZERO);
                        Mem.write32(buf, 0x11223344);
                        Mem.write16(buf + 4, 0xBEEF);
                        Mem.write8(buf + 6, Mem.read8(buf) + Mem.read16(buf + 2));
                        Mem.memset(buf + 8, 0x5A, 8);
                        Mem.write32(buf + 12, Mem.read32(buf) ^ Mem.read32(buf + 8));
                    } else if (what == Kld.MOD_UNLOAD) {
                        free(buf, M_POKER);
                    }
                    return 0;
                }
            }
            """;

    private final MemoryModuleStore store = new MemoryModuleStore();
    private final Kernel kernel = Kernel.boot(new Machine(MachineConfig.builder().clearDevices().build()),
            KernelOptions.defaults(), store);

    @AfterEach
    void tearDown() {
        kernel.shutdown();
    }

    @Test
    void scalarAccessesGoToTheSafepointClassAndBulkOnesStayWithTheKpi() {
        byte[] original = ModuleJars.compile(Map.of("poker.Poker", POKER), List.of()).get("poker/Poker");
        ClassNode n = new ClassNode(Linker.ASM_API);
        new ClassReader(original).accept(n, 0);
        ClassIndex index = new ClassIndex(List.of());
        index.add(original);
        List<String> calls = new ArrayList<>();
        new ClassReader(Instrumenter.instrument(n, index)).accept(new ClassVisitor(Opcodes.ASM9) {
            @Override
            public MethodVisitor visitMethod(int access, String name, String desc, String sig, String[] ex) {
                return new MethodVisitor(Opcodes.ASM9) {
                    @Override
                    public void visitMethodInsn(int op, String owner, String mname, String mdesc, boolean itf) {
                        if (owner.equals("org/kld86/kpi/Mem") || owner.equals(SafepointClass.NAME)) {
                            calls.add(owner.substring(owner.lastIndexOf('/') + 1) + "." + mname);
                        }
                    }
                };
            }
        }, 0);
        assertTrue(calls.containsAll(List.of("Safepoint.write32", "Safepoint.write16", "Safepoint.write8",
                "Safepoint.read8", "Safepoint.read16", "Safepoint.read32", "Mem.memset")), calls.toString());
        assertTrue(calls.stream().filter(c -> c.startsWith("Mem.")).allMatch(c -> c.equals("Mem.memset")), calls.toString());
    }

    @Test
    void theBoundAccessesReadAndWriteTheKernelsMemoryAsMemDoes() throws Exception {
        store.put("/boot/modules/poker.ko", ModuleJars.jar(Map.of("poker.Poker", POKER)));
        Linker.LoadResult r = kernel.linker().kldload("poker", List.of());
        assertEquals(0, r.errno(), kernel.console().dmesg());
        long buf = (long) kernel.linker().fileById(r.fileId()).moduleClass("poker.Poker").getField("buf").get(null);
        assertEquals(0x11223344, kernel.memory().read32(buf));
        assertEquals(0xBEEF, kernel.memory().read16(buf + 4));
        assertEquals((0x44 + 0x1122) & 0xFF, kernel.memory().read8(buf + 6));
        assertEquals(0x11223344 ^ 0x5A5A5A5A, kernel.memory().read32(buf + 12));
        assertEquals(0, kernel.linker().kldunload(r.fileId(), Linker.LINKER_UNLOAD_NORMAL));
    }
}
