package org.kld86.kernel.kld;

import org.objectweb.asm.Type;

/** How the linker names a symbol in its messages: Java's dotted names, a method with its parameter types. */
final class Symbols {

    private Symbols() {
    }

    static String className(String internalName) {
        return Type.getObjectType(internalName).getClassName();
    }

    static String field(String owner, String name) {
        return className(owner) + "." + name;
    }

    static String method(String owner, String name, String descriptor) {
        StringBuilder sb = new StringBuilder(className(owner)).append('.').append(name).append('(');
        Type[] args = Type.getArgumentTypes(descriptor);
        for (int i = 0; i < args.length; i++) {
            if (i > 0) {
                sb.append(", ");
            }
            sb.append(args[i].getClassName());
        }
        return sb.append(')').toString();
    }

    /** The JNI name a native method would need from native code, which no kernel module can provide. */
    static String jniName(String owner, String name) {
        return "Java_" + mangle(owner.replace('/', '.')).replace('.', '_') + "_" + mangle(name);
    }

    private static String mangle(String s) {
        StringBuilder sb = new StringBuilder();
        for (char c : s.toCharArray()) {
            switch (c) {
                case '_' -> sb.append("_1");
                case ';' -> sb.append("_2");
                case '[' -> sb.append("_3");
                default -> {
                    if (c == '.' || Character.isLetterOrDigit(c) && c < 128) {
                        sb.append(c);
                    } else {
                        sb.append(String.format("_0%04x", (int) c));
                    }
                }
            }
        }
        return sb.toString();
    }
}
