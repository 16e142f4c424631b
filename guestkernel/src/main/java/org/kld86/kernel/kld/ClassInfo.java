package org.kld86.kernel.kld;

import java.util.List;
import java.util.Map;

/**
 * What the linker knows of a class without loading it: its access flags, supertypes and members, read from the
 * class file with ASM.
 *
 * @param name       internal name ({@code java/lang/String})
 * @param access     class access flags
 * @param superName  internal name of the superclass, null for java/lang/Object
 * @param interfaces internal names of the direct superinterfaces
 * @param methods    name + descriptor to access flags
 * @param fields     name to access flags
 */
record ClassInfo(String name, int access, String superName, List<String> interfaces, Map<String, Integer> methods,
        Map<String, Integer> fields) {

    boolean isInterface() {
        return (access & org.objectweb.asm.Opcodes.ACC_INTERFACE) != 0;
    }

    boolean isPublic() {
        return (access & org.objectweb.asm.Opcodes.ACC_PUBLIC) != 0;
    }
}
