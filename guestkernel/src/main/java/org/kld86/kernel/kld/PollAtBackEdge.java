package org.kld86.kernel.kld;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.JumpInsnNode;
import org.objectweb.asm.tree.LabelNode;
import org.objectweb.asm.tree.LookupSwitchInsnNode;
import org.objectweb.asm.tree.MethodNode;
import org.objectweb.asm.tree.TableSwitchInsnNode;

/**
 * Before every jump or switch that can go backwards (a loop's back-edge), charges the loop body, from the
 * target label to the jump, and polls for interrupts and the watchdog there: {@code Safepoint.tick(cost)}. The
 * call pushes one int and consumes it, leaving any comparison operands the jump is about to pop where they
 * were, so the operand stack is balanced and the frames at the labels stay valid.
 */
final class PollAtBackEdge {

    private PollAtBackEdge() {
    }

    static int apply(MethodNode m, String safepointClass) {
        Map<LabelNode, Integer> position = new HashMap<>();
        int pos = 0;
        for (AbstractInsnNode insn = m.instructions.getFirst(); insn != null; insn = insn.getNext()) {
            if (insn instanceof LabelNode l) {
                position.put(l, pos);
            } else if (insn.getOpcode() >= 0) {
                pos++;
            }
        }
        int polls = 0;
        pos = 0;
        for (AbstractInsnNode insn = m.instructions.getFirst(); insn != null; insn = insn.getNext()) {
            if (insn.getOpcode() < 0) {
                continue;
            }
            int earliest = earliestTarget(insn, position);
            if (earliest >= 0 && earliest <= pos) {
                int cost = (pos - earliest + 1) * ChargeBasicBlock.CYCLES_PER_INSTRUCTION;
                m.instructions.insertBefore(insn, ChargeBasicBlock.tick(cost, safepointClass));
                polls++;
            }
            pos++;
        }
        return polls;
    }

    /** The position of the earliest label this instruction can jump to, or -1 if it does not jump. */
    private static int earliestTarget(AbstractInsnNode insn, Map<LabelNode, Integer> position) {
        if (insn instanceof JumpInsnNode j) {
            return position.get(j.label);
        }
        if (insn instanceof TableSwitchInsnNode ts) {
            return min(position, ts.dflt, ts.labels);
        }
        if (insn instanceof LookupSwitchInsnNode ls) {
            return min(position, ls.dflt, ls.labels);
        }
        return -1;
    }

    private static int min(Map<LabelNode, Integer> position, LabelNode dflt, List<LabelNode> labels) {
        int m = position.get(dflt);
        for (LabelNode l : labels) {
            m = Math.min(m, position.get(l));
        }
        return m;
    }
}
