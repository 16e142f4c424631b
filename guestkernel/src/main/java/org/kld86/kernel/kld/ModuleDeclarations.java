package org.kld86.kernel.kld;

import java.util.ArrayList;
import java.util.List;
import org.kld86.kpi.Kld;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;
import org.objectweb.asm.tree.AnnotationNode;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.FieldNode;
import org.objectweb.asm.tree.MethodNode;

/**
 * Reads the module declarations of a class from its bytecode: DEV_MODULE / DECLARE_MODULE / MODULE_VERSION /
 * MODULE_DEPEND ({@link org.kld86.kpi.DevModule} and friends) and the Linux module_init / module_exit /
 * module_param annotations. Reading them never loads the class, so a file is judged before any of its code runs.
 */
final class ModuleDeclarations {

    private static final String KPI = "Lorg/kld86/kpi/";
    private static final String HANDLER = "org/kld86/kpi/ModuleEventHandler";

    private ModuleDeclarations() {
    }

    /**
     * The module the class declares, or null if it declares none.
     *
     * @throws IllegalArgumentException with a message for the console if the declaration is malformed
     */
    static ModuleDeclaration read(ClassNode cls, ClassIndex index) {
        List<AnnotationNode> anns = new ArrayList<>();
        if (cls.invisibleAnnotations != null) {
            anns.addAll(cls.invisibleAnnotations);
        }
        if (cls.visibleAnnotations != null) {
            anns.addAll(cls.visibleAnnotations);
        }
        String name = null;
        boolean linux = false;
        int subsystem = Kld.SI_SUB_DRIVERS;
        int order = Kld.SI_ORDER_MIDDLE;
        int version = 0;
        List<ModuleDeclaration.Dependency> depends = new ArrayList<>();
        for (AnnotationNode a : anns) {
            switch (a.desc) {
                case KPI + "DevModule;" -> name = (String) value(a, "name", null);
                case KPI + "DeclareModule;" -> {
                    name = (String) value(a, "name", null);
                    subsystem = (Integer) value(a, "subsystem", Kld.SI_SUB_DRIVERS);
                    order = (Integer) value(a, "order", Kld.SI_ORDER_MIDDLE);
                }
                case KPI + "LinuxModule;" -> {
                    name = (String) value(a, "name", null);
                    linux = true;
                }
                case KPI + "ModuleVersion;" -> version = (Integer) value(a, "value", 0);
                case KPI + "ModuleDepend;" -> depends.add(dependency(a));
                case KPI + "ModuleDepend$List;" -> {
                    for (Object o : (List<?>) value(a, "value", List.of())) {
                        depends.add(dependency((AnnotationNode) o));
                    }
                }
                default -> { }
            }
        }
        if (name == null) {
            if (version != 0 || !depends.isEmpty()) {
                throw new IllegalArgumentException(Symbols.className(cls.name)
                        + " has MODULE_VERSION or MODULE_DEPEND but declares no module");
            }
            return null;
        }
        if (name.isEmpty() || name.length() > 31 || !name.matches("[A-Za-z0-9_.-]+")) {
            throw new IllegalArgumentException("bad module name \"" + name + "\" in " + Symbols.className(cls.name));
        }
        String init = null;
        String exit = null;
        List<ModuleDeclaration.Param> params = new ArrayList<>();
        if (linux) {
            for (MethodNode m : cls.methods) {
                if (has(m.invisibleAnnotations, "ModuleInit")) {
                    requireStatic(cls, m, "()I", "module_init");
                    init = m.name;
                }
                if (has(m.invisibleAnnotations, "ModuleExit")) {
                    requireStatic(cls, m, "()V", "module_exit");
                    exit = m.name;
                }
            }
            for (FieldNode f : cls.fields) {
                AnnotationNode p = find(f.invisibleAnnotations, "ModuleParam");
                if (p == null) {
                    continue;
                }
                if ((f.access & Opcodes.ACC_STATIC) == 0 || (f.access & Opcodes.ACC_FINAL) != 0
                        || !List.of("I", "J", "Z", "Ljava/lang/String;").contains(f.desc)) {
                    throw new IllegalArgumentException("module_param " + Symbols.field(cls.name, f.name)
                            + " must be a static, non-final int, long, boolean or String");
                }
                String pname = (String) value(p, "name", "");
                params.add(new ModuleDeclaration.Param(f.name, f.desc, pname.isEmpty() ? f.name : pname));
            }
        }
        boolean handler = index.isAssignable(HANDLER, cls.name);
        if (!linux && handler || linux) {
            boolean hasCtor = cls.methods.stream().anyMatch(m -> m.name.equals("<init>") && m.desc.equals("()V")
                    && (m.access & Opcodes.ACC_PUBLIC) != 0);
            if (!linux && !hasCtor) {
                throw new IllegalArgumentException(Symbols.className(cls.name)
                        + " declares module " + name + " but has no public no-argument constructor");
            }
        }
        return new ModuleDeclaration(cls.name, name, linux, subsystem, order, version, List.copyOf(depends), init, exit,
                List.copyOf(params), handler);
    }

    private static void requireStatic(ClassNode cls, MethodNode m, String desc, String what) {
        if ((m.access & Opcodes.ACC_STATIC) == 0 || !m.desc.equals(desc)) {
            throw new IllegalArgumentException(what + " " + Symbols.method(cls.name, m.name, m.desc)
                    + " must be static " + (desc.endsWith("I") ? "int" : "void") + " with no arguments");
        }
    }

    private static ModuleDeclaration.Dependency dependency(AnnotationNode a) {
        return new ModuleDeclaration.Dependency((String) value(a, "name", ""), (Integer) value(a, "min", 0),
                (Integer) value(a, "pref", 0), (Integer) value(a, "max", 0));
    }

    private static boolean has(List<AnnotationNode> anns, String simpleName) {
        return find(anns, simpleName) != null;
    }

    private static AnnotationNode find(List<AnnotationNode> anns, String simpleName) {
        if (anns == null) {
            return null;
        }
        for (AnnotationNode a : anns) {
            if (a.desc.equals(KPI + simpleName + ";")) {
                return a;
            }
        }
        return null;
    }

    private static Object value(AnnotationNode a, String key, Object dflt) {
        if (a.values != null) {
            for (int i = 0; i + 1 < a.values.size(); i += 2) {
                if (a.values.get(i).equals(key)) {
                    Object v = a.values.get(i + 1);
                    return v instanceof Type t ? t.getInternalName() : v;
                }
            }
        }
        return dflt;
    }
}
