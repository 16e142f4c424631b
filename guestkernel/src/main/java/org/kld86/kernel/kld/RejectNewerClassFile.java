package org.kld86.kernel.kld;

import org.objectweb.asm.Opcodes;
import org.objectweb.asm.tree.ClassNode;

/**
 * A class file newer than the kernel's JVM (Java 17, major version 61) is not a file this kernel can link:
 * "unsupported file type", as linker_load_file says of a file no linker class recognises.
 */
final class RejectNewerClassFile implements LinkRule {

    static final int MAX_MAJOR = Opcodes.V17 & 0xFFFF;

    @Override
    public void check(ClassNode cls, ClassIndex index, LinkProblems problems) {
        int major = cls.version & 0xFFFF;
        if (major > MAX_MAJOR) {
            problems.unsupported(String.format("%s has class file version %d; this kernel links up to %d (Java 17)",
                    Symbols.className(cls.name), major, MAX_MAJOR));
        }
    }
}
