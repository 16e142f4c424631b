package org.kld86.kernel.kld;

import org.objectweb.asm.Opcodes;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.InsnList;
import org.objectweb.asm.tree.IntInsnNode;
import org.objectweb.asm.tree.LdcInsnNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.MethodNode;

/**
 * At method entry, charges the straight-line block that starts the method: its instruction count in cycles, as
 * one call {@code Safepoint.tick(cost)}. The call pushes one int and consumes it, so the operand stack is as it
 * was and no frame changes; it sits before the first label, so no branch target moves past it.
 */
final class ChargeBasicBlock {

    /** Cycles charged per bytecode instruction: the cost model of the virtual CPU. */
    static final int CYCLES_PER_INSTRUCTION = 1;

    private ChargeBasicBlock() {
    }

    static void apply(MethodNode m, String safepointClass) {
        int cost = 0;
        for (AbstractInsnNode insn = m.instructions.getFirst(); insn != null; insn = insn.getNext()) {
            if (insn.getOpcode() < 0) {
                continue;
            }
            cost += CYCLES_PER_INSTRUCTION;
            if (endsBlock(insn)) {
                break;
            }
        }
        m.instructions.insert(tick(Math.max(cost, 1), safepointClass));
    }

    static boolean endsBlock(AbstractInsnNode insn) {
        int t = insn.getType();
        int op = insn.getOpcode();
        return t == AbstractInsnNode.JUMP_INSN || t == AbstractInsnNode.TABLESWITCH_INSN
                || t == AbstractInsnNode.LOOKUPSWITCH_INSN || (op >= Opcodes.IRETURN && op <= Opcodes.RETURN)
                || op == Opcodes.ATHROW;
    }

    /** {@code push cost; invokestatic safepointClass.tick(I)V}. */
    static InsnList tick(int cost, String safepointClass) {
        InsnList l = new InsnList();
        if (cost <= Short.MAX_VALUE) {
            l.add(new IntInsnNode(cost <= Byte.MAX_VALUE ? Opcodes.BIPUSH : Opcodes.SIPUSH, cost));
        } else {
            l.add(new LdcInsnNode(cost));
        }
        l.add(new MethodInsnNode(Opcodes.INVOKESTATIC, safepointClass, "tick", "(I)V", false));
        return l;
    }
}
