package org.kld86.kernel.kld;

import java.io.IOException;
import java.io.InputStream;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.FieldVisitor;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

/**
 * Describes classes for the linker without ever loading one: a module's classes from the bytes of its jar, the
 * kernel's (the KPI) and the JDK's from their class files, read through the kernel's class loader as resources
 * (the JDK's come out of the runtime image). Loading a class to analyse it would define it in the wrong loader,
 * which is the trap ASM's own {@code getCommonSuperClass} falls into.
 */
final class ClassIndex {

    /** Descriptions of kernel and JDK classes, shared by every link: they never change while the JVM runs. */
    private static final Map<String, ClassInfo> SYSTEM = new ConcurrentHashMap<>();
    private static final ClassInfo MISSING = new ClassInfo("", 0, null, List.of(), Map.of(), Map.of());

    private final Map<String, ClassInfo> local = new LinkedHashMap<>();
    private final List<ClassIndex> dependencies;

    ClassIndex(List<ClassIndex> dependencies) {
        this.dependencies = dependencies;
    }

    /** Adds a class of the module being linked. */
    ClassInfo add(byte[] classFile) {
        ClassInfo info = read(new ClassReader(classFile));
        local.put(info.name(), info);
        return info;
    }

    /** Whether {@code name} is one of this module's own classes. */
    boolean isLocal(String name) {
        return local.containsKey(name);
    }

    /** The index of the dependency module that defines {@code name}, or null. */
    ClassIndex dependencyDefining(String name) {
        for (ClassIndex d : dependencies) {
            if (d.isLocal(name)) {
                return d;
            }
        }
        return null;
    }

    Map<String, ClassInfo> localClasses() {
        return local;
    }

    /** The description of {@code name}: a local class, a dependency's, or a kernel/JDK class; null if none exists. */
    ClassInfo lookup(String name) {
        ClassInfo c = local.get(name);
        if (c != null) {
            return c;
        }
        for (ClassIndex d : dependencies) {
            c = d.local.get(name);
            if (c != null) {
                return c;
            }
        }
        return system(name);
    }

    static ClassInfo system(String name) {
        ClassInfo c = SYSTEM.computeIfAbsent(name, ClassIndex::readSystem);
        return c == MISSING ? null : c;
    }

    private static ClassInfo readSystem(String name) {
        if (name.startsWith("[")) {
            return MISSING;
        }
        try (InputStream in = ClassIndex.class.getClassLoader().getResourceAsStream(name + ".class")) {
            if (in == null) {
                return MISSING;
            }
            return read(new ClassReader(in));
        } catch (IOException e) {
            return MISSING;
        }
    }

    private static ClassInfo read(ClassReader reader) {
        Map<String, Integer> methods = new HashMap<>();
        Map<String, Integer> fields = new HashMap<>();
        String[] head = new String[2];
        int[] access = new int[1];
        List<String>[] ifaces = new List[1];
        reader.accept(new ClassVisitor(Linker.ASM_API) {
            @Override
            public void visit(int version, int acc, String name, String signature, String superName, String[] interfaces) {
                head[0] = name;
                head[1] = superName;
                access[0] = acc;
                ifaces[0] = interfaces == null ? List.of() : List.of(interfaces);
            }

            @Override
            public FieldVisitor visitField(int acc, String name, String descriptor, String signature, Object value) {
                fields.put(name, acc);
                return null;
            }

            @Override
            public MethodVisitor visitMethod(int acc, String name, String descriptor, String signature, String[] exceptions) {
                methods.put(name + descriptor, acc);
                return null;
            }
        }, ClassReader.SKIP_CODE | ClassReader.SKIP_DEBUG | ClassReader.SKIP_FRAMES);
        return new ClassInfo(head[0], access[0], head[1], ifaces[0], Map.copyOf(methods), Map.copyOf(fields));
    }

    /**
     * The class that declares the method {@code name + descriptor} as the JVM resolves it from {@code owner}
     * (JVMS 5.4.3.3/5.4.3.4: the class, its superclasses, then its superinterfaces), or null.
     */
    ClassInfo resolveMethod(String owner, String nameAndDescriptor) {
        for (ClassInfo c = lookup(owner); c != null; c = c.superName() == null ? null : lookup(c.superName())) {
            if (c.methods().containsKey(nameAndDescriptor)) {
                return c;
            }
        }
        return resolveInInterfaces(owner, nameAndDescriptor, new java.util.HashSet<>());
    }

    private ClassInfo resolveInInterfaces(String owner, String nameAndDescriptor, java.util.Set<String> seen) {
        for (ClassInfo c = lookup(owner); c != null; c = c.superName() == null ? null : lookup(c.superName())) {
            for (String i : c.interfaces()) {
                if (!seen.add(i)) {
                    continue;
                }
                ClassInfo ii = lookup(i);
                if (ii == null) {
                    continue;
                }
                Integer acc = ii.methods().get(nameAndDescriptor);
                if (acc != null && (acc & Opcodes.ACC_STATIC) == 0 && (acc & Opcodes.ACC_PRIVATE) == 0) {
                    return ii;
                }
                ClassInfo deeper = resolveInInterfaces(i, nameAndDescriptor, seen);
                if (deeper != null) {
                    return deeper;
                }
            }
        }
        return null;
    }

    /** The class that declares field {@code name} as resolved from {@code owner} (JVMS 5.4.3.2), or null. */
    ClassInfo resolveField(String owner, String name) {
        ClassInfo c = lookup(owner);
        if (c == null) {
            return null;
        }
        if (c.fields().containsKey(name)) {
            return c;
        }
        for (String i : c.interfaces()) {
            ClassInfo r = resolveField(i, name);
            if (r != null) {
                return r;
            }
        }
        return c.superName() == null ? null : resolveField(c.superName(), name);
    }

    /** Whether {@code sub} is {@code sup} or a subtype of it. */
    boolean isAssignable(String sup, String sub) {
        if (sup.equals(sub) || sup.equals("java/lang/Object")) {
            return true;
        }
        ClassInfo c = lookup(sub);
        if (c == null) {
            return false;
        }
        if (c.superName() != null && isAssignable(sup, c.superName())) {
            return true;
        }
        for (String i : c.interfaces()) {
            if (isAssignable(sup, i)) {
                return true;
            }
        }
        return false;
    }

    /** ClassWriter.getCommonSuperClass answered from the index, never by loading a class. */
    String commonSuperClass(String a, String b) {
        if (isAssignable(a, b)) {
            return a;
        }
        if (isAssignable(b, a)) {
            return b;
        }
        ClassInfo ca = lookup(a);
        ClassInfo cb = lookup(b);
        if (ca == null || cb == null || ca.isInterface() || cb.isInterface()) {
            return "java/lang/Object";
        }
        String s = ca.superName();
        while (s != null && !isAssignable(s, b)) {
            ClassInfo cs = lookup(s);
            s = cs == null ? null : cs.superName();
        }
        return s == null ? "java/lang/Object" : s;
    }
}
