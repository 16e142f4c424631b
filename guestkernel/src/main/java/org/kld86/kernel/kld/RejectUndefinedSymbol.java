package org.kld86.kernel.kld;

import org.objectweb.asm.Handle;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.FieldInsnNode;
import org.objectweb.asm.tree.FieldNode;
import org.objectweb.asm.tree.InvokeDynamicInsnNode;
import org.objectweb.asm.tree.LdcInsnNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.MethodNode;
import org.objectweb.asm.tree.MultiANewArrayInsnNode;
import org.objectweb.asm.tree.TryCatchBlockNode;
import org.objectweb.asm.tree.TypeInsnNode;

/**
 * Resolves every class, field and method a module names against the exported symbol table
 * ({@link ExportedSymbols}): the module's own classes, the modules it depends on, the KPI and the JDK
 * allowlist. What does not resolve, or resolves to something not exported, is an undefined symbol.
 *
 * <p>Members are resolved as the JVM would (JVMS 5.4.3), so a call through a module class to a method it
 * inherits from a JDK class is judged by the JDK class that declares it. invokedynamic is accepted only with
 * the bootstraps javac uses for lambdas, string concatenation and records, and the method handles they carry
 * are resolved like any other call, so a lambda cannot smuggle in a forbidden method.
 */
final class RejectUndefinedSymbol implements LinkRule {

    private final ExportedSymbols.Policy policy;

    /** @param policy what kernel classes the linked code may use (modules: the KPI; user programs: UserCpu) */
    RejectUndefinedSymbol(ExportedSymbols.Policy policy) {
        this.policy = policy;
    }

    @Override
    public void check(ClassNode cls, ClassIndex index, LinkProblems problems) {
        Checker c = new Checker(index, problems, policy);
        if (cls.superName != null) {
            c.classRef(cls.superName);
        }
        for (String i : cls.interfaces) {
            c.classRef(i);
        }
        for (FieldNode f : cls.fields) {
            c.typeRef(Type.getType(f.desc));
        }
        // Symbols are reported in reading order: each method's code, a call before the types of its
        // parameters, the handlers' exception types after the code they guard.
        for (MethodNode m : cls.methods) {
            c.descriptorRefs(m.desc);
            for (AbstractInsnNode insn = m.instructions.getFirst(); insn != null; insn = insn.getNext()) {
                c.instruction(insn);
            }
            if (m.tryCatchBlocks != null) {
                for (TryCatchBlockNode t : m.tryCatchBlocks) {
                    if (t.type != null) {
                        c.classRef(t.type);
                    }
                }
            }
        }
    }

    private static final class Checker {
        private final ClassIndex index;
        private final LinkProblems problems;
        private final ExportedSymbols.Policy policy;

        Checker(ClassIndex index, LinkProblems problems, ExportedSymbols.Policy policy) {
            this.index = index;
            this.problems = problems;
            this.policy = policy;
        }

        void instruction(AbstractInsnNode insn) {
            if (insn instanceof TypeInsnNode t) {
                classRef(t.desc); // an array type names its element type, a primitive one nothing
            } else if (insn instanceof FieldInsnNode f) {
                fieldRef(f.owner, f.name);
            } else if (insn instanceof MethodInsnNode m) {
                methodRef(m.owner, m.name, m.desc);
            } else if (insn instanceof InvokeDynamicInsnNode indy) {
                invokeDynamic(indy);
            } else if (insn instanceof LdcInsnNode ldc) {
                constant(ldc.cst);
            } else if (insn instanceof MultiANewArrayInsnNode ma) {
                typeRef(Type.getType(ma.desc));
            }
        }

        private void constant(Object cst) {
            if (cst instanceof Type t) {
                if (t.getSort() == Type.METHOD) {
                    descriptorRefs(t.getDescriptor());
                } else {
                    typeRef(t);
                }
            } else if (cst instanceof Handle h) {
                handle(h);
            } else if (cst instanceof org.objectweb.asm.ConstantDynamic cd) {
                problems.undefined("dynamic constant " + cd.getName() + " via "
                        + Symbols.method(cd.getBootstrapMethod().getOwner(), cd.getBootstrapMethod().getName(),
                                cd.getBootstrapMethod().getDesc()));
            }
        }

        private void invokeDynamic(InvokeDynamicInsnNode indy) {
            Handle bsm = indy.bsm;
            if (!ExportedSymbols.BOOTSTRAPS.contains(bsm.getOwner() + "." + bsm.getName())) {
                problems.undefined(Symbols.method(bsm.getOwner(), bsm.getName(), bsm.getDesc()));
                return;
            }
            descriptorRefs(indy.desc);
            for (Object arg : indy.bsmArgs) {
                constant(arg);
            }
        }

        private void handle(Handle h) {
            switch (h.getTag()) {
                case Opcodes.H_GETFIELD, Opcodes.H_GETSTATIC, Opcodes.H_PUTFIELD, Opcodes.H_PUTSTATIC -> fieldRef(h.getOwner(), h.getName());
                default -> methodRef(h.getOwner(), h.getName(), h.getDesc());
            }
        }

        void descriptorRefs(String methodDescriptor) {
            for (Type t : Type.getArgumentTypes(methodDescriptor)) {
                typeRef(t);
            }
            typeRef(Type.getReturnType(methodDescriptor));
        }

        void typeRef(Type t) {
            if (t.getSort() == Type.ARRAY) {
                t = t.getElementType();
            }
            if (t.getSort() == Type.OBJECT) {
                classRef(t.getInternalName());
            }
        }

        void classRef(String name) {
            if (name.startsWith("[")) {
                typeRef(Type.getType(name));
                return;
            }
            if (index.isLocal(name)) {
                return;
            }
            ClassIndex dep = index.dependencyDefining(name);
            if (dep != null) {
                if (!dep.localClasses().get(name).isPublic()) {
                    problems.undefined(Symbols.className(name));
                }
                return;
            }
            ClassInfo c = ClassIndex.system(name);
            if (c == null || !ExportedSymbols.classExported(policy, c)) {
                problems.undefined(Symbols.className(name));
            }
        }

        private void fieldRef(String owner, String name) {
            if (owner.startsWith("[")) {
                return;
            }
            ClassInfo declaring = index.resolveField(owner, name);
            if (declaring == null || !memberAllowed(declaring, name, "", declaring.fields().get(name))) {
                problems.undefined(Symbols.field(owner, name));
            }
        }

        private void methodRef(String owner, String name, String desc) {
            if (owner.startsWith("[")) {
                typeRef(Type.getType(owner)); // clone() and Object's methods on an array
            } else {
                ClassInfo declaring = index.resolveMethod(owner, name + desc);
                if (declaring == null || !memberAllowed(declaring, name, desc, declaring.methods().get(name + desc))) {
                    problems.undefined(Symbols.method(owner, name, desc));
                }
            }
            descriptorRefs(desc);
        }

        private boolean memberAllowed(ClassInfo declaring, String name, String descriptor, int access) {
            if (index.isLocal(declaring.name())) {
                return true;
            }
            if (index.dependencyDefining(declaring.name()) != null) {
                return declaring.isPublic() && (access & Opcodes.ACC_PUBLIC) != 0;
            }
            return ExportedSymbols.memberExported(policy, declaring, name, descriptor, access);
        }
    }
}
