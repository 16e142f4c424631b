package org.kld86.kernel.kld;

import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.MethodNode;

/**
 * Instruments a linked class for the virtual clock: {@link PollAtBackEdge} before every loop back-edge, then
 * {@link ChargeBasicBlock} at every method entry, both calling the generated Safepoint class; and binds scalar
 * guest-memory accesses to the module's kernel ({@link BindMemoryAccess}). Frames are kept (the
 * inserted code leaves stack and locals as they were), so only max stack is recomputed; a common super class, if ASM
 * asks, is answered from the linker's index without loading anything.
 */
final class Instrumenter {

    private Instrumenter() {
    }

    static byte[] instrument(ClassNode n, ClassIndex index) {
        for (MethodNode m : n.methods) {
            if ((m.access & (Opcodes.ACC_ABSTRACT | Opcodes.ACC_NATIVE)) != 0 || m.instructions.size() == 0) {
                continue;
            }
            BindMemoryAccess.apply(m, SafepointClass.NAME);
            PollAtBackEdge.apply(m, SafepointClass.NAME);
            ChargeBasicBlock.apply(m, SafepointClass.NAME);
        }
        ClassWriter cw = new ClassWriter(ClassWriter.COMPUTE_MAXS) {
            @Override
            protected String getCommonSuperClass(String a, String b) {
                return index.commonSuperClass(a, b);
            }
        };
        n.accept(cw);
        return cw.toByteArray();
    }
}
