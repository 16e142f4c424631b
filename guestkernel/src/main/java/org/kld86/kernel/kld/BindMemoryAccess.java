package org.kld86.kernel.kld;

import java.util.Set;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.MethodNode;

/**
 * Binds a module's scalar guest-memory accesses to its kernel at link time, as a linker resolves a symbol once
 * instead of at every call: {@code Mem.read32(va)} and its siblings become calls to the module's generated
 * Safepoint class, whose static final field holds this kernel's MMU. The KPI version finds the calling thread's
 * kernel each time; in a loop that also polls the clock, the JIT cannot hoist that lookup past the poll, and it
 * would cost a driver's inner loops more than the polling itself. The bound call does the same access.
 */
final class BindMemoryAccess {

    static final String MEM = "org/kld86/kpi/Mem";
    static final Set<String> BOUND = Set.of("read8(J)I", "read16(J)I", "read32(J)I", "write8(JI)V", "write16(JI)V",
            "write32(JI)V");

    private BindMemoryAccess() {
    }

    static void apply(MethodNode m, String safepointClass) {
        for (AbstractInsnNode insn = m.instructions.getFirst(); insn != null; insn = insn.getNext()) {
            if (insn.getOpcode() == Opcodes.INVOKESTATIC && insn instanceof MethodInsnNode call
                    && call.owner.equals(MEM) && BOUND.contains(call.name + call.desc)) {
                call.owner = safepointClass;
            }
        }
    }
}
