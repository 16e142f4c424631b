package org.kld86.kernel.kld;

import org.objectweb.asm.Opcodes;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.MethodNode;

/**
 * A native method needs a symbol from native code (its JNI name), which no module can provide: it is reported
 * as that undefined symbol.
 */
final class RejectNativeMethod implements LinkRule {

    @Override
    public void check(ClassNode cls, ClassIndex index, LinkProblems problems) {
        for (MethodNode m : cls.methods) {
            if ((m.access & Opcodes.ACC_NATIVE) != 0) {
                problems.undefined(Symbols.jniName(cls.name, m.name));
            }
        }
    }
}
