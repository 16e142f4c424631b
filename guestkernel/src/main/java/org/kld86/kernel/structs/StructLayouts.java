package org.kld86.kernel.structs;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import net.bytebuddy.ByteBuddy;
import net.bytebuddy.description.field.FieldDescription;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.description.modifier.Visibility;
import net.bytebuddy.dynamic.loading.ClassLoadingStrategy;
import net.bytebuddy.dynamic.scaffold.InstrumentedType;
import net.bytebuddy.implementation.Implementation;
import net.bytebuddy.implementation.bytecode.ByteCodeAppender;
import net.bytebuddy.implementation.bytecode.StackManipulation;
import net.bytebuddy.implementation.bytecode.member.FieldAccess;
import net.bytebuddy.implementation.bytecode.member.MethodInvocation;
import net.bytebuddy.implementation.bytecode.member.MethodReturn;
import net.bytebuddy.implementation.bytecode.member.MethodVariableAccess;
import net.bytebuddy.jar.asm.MethodVisitor;
import net.bytebuddy.jar.asm.Opcodes;
import net.bytebuddy.matcher.ElementMatchers;
import org.kld86.kpi.Array;
import org.kld86.kpi.Field;
import org.kld86.kpi.Pointer;

/**
 * Computes C layouts of struct interfaces and generates their views with Byte Buddy: a class per interface with
 * one {@code long address} field, whose getters are {@code return Mem.readN(address + OFFSET)} and setters
 * {@code Mem.writeN(address + OFFSET, value)}, the offsets baked in as constants.
 *
 * <p>Layout is the i386 System V ABI: each field at the next multiple of its alignment (1, 2 or 4 bytes; 8-byte
 * scalars are 4-aligned), the struct's size rounded up to its largest alignment.
 *
 * <p>Layouts are kept in a {@link ClassValue}, which hangs off the interface's own Class object: a module's
 * layouts and generated views go away with the module's class loader, and nothing in the kernel holds them.
 */
public final class StructLayouts {

    /** One field: its name, offset, size of one element, element count (1 for a scalar) and kind. */
    public record FieldLayout(String name, long offset, int elementSize, int count, Kind kind) {
    }

    /** What a field holds, which decides its accessors. */
    public enum Kind { I8, I16, U16, I32, I64, BOOL, F32, F64, PTR, ARRAY }

    /** A computed layout and the generated view class. */
    public record Layout(Class<?> struct, long sizeBytes, Map<String, FieldLayout> fields, Class<?> viewClass) {
        public long offsetOf(String field) {
            FieldLayout f = fields.get(field);
            if (f == null) {
                throw new IllegalArgumentException(struct.getSimpleName() + " has no field " + field);
            }
            return f.offset();
        }
    }

    private static final ClassValue<Layout> LAYOUTS = new ClassValue<>() {
        @Override
        protected Layout computeValue(Class<?> type) {
            return compute(type);
        }
    };

    private StructLayouts() {
    }

    public static Layout layout(Class<?> struct) {
        return LAYOUTS.get(struct);
    }

    @SuppressWarnings("unchecked")
    public static <T> T view(Class<T> struct, long address) {
        try {
            return (T) layout(struct).viewClass().getConstructor(long.class).newInstance(address & 0xFFFFFFFFL);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }

    public static long addressOf(Object view) {
        if (view instanceof org.kld86.kernel.kld.rt.StructView v) {
            return v.structAddress();
        }
        throw new IllegalArgumentException("not a struct view: " + view);
    }

    private static Layout compute(Class<?> struct) {
        if (!struct.isInterface()) {
            throw new IllegalArgumentException("a struct is described by an interface, not " + struct.getName());
        }
        List<Method> getters = new ArrayList<>();
        Map<String, Method> setters = new LinkedHashMap<>();
        for (Method m : struct.getMethods()) {
            if (Modifier.isStatic(m.getModifiers()) || m.isDefault()) {
                continue;
            }
            if (m.isAnnotationPresent(Field.class)) {
                if (m.getParameterCount() != 0) {
                    throw new IllegalArgumentException(struct.getSimpleName() + "." + m.getName() + ": a @Field getter takes no arguments");
                }
                getters.add(m);
            } else if (m.getParameterCount() == 1 && m.getReturnType() == void.class) {
                setters.put(m.getName(), m);
            } else {
                throw new IllegalArgumentException(struct.getSimpleName() + "." + m.getName() + " is neither a @Field getter nor a setter");
            }
        }
        getters.sort(Comparator.comparingInt(m -> m.getAnnotation(Field.class).value()));
        Map<String, FieldLayout> fields = new LinkedHashMap<>();
        long offset = 0;
        int maxAlign = 1;
        int lastIndex = -1;
        for (Method g : getters) {
            int index = g.getAnnotation(Field.class).value();
            if (index == lastIndex) {
                throw new IllegalArgumentException(struct.getSimpleName() + ": two fields at position " + index);
            }
            lastIndex = index;
            FieldLayout f = fieldOf(struct, g);
            int align = Math.min(f.elementSize(), 4);
            offset = (offset + align - 1) / align * align;
            fields.put(g.getName(), new FieldLayout(g.getName(), offset, f.elementSize(), f.count(), f.kind()));
            offset += (long) f.elementSize() * f.count();
            maxAlign = Math.max(maxAlign, align);
            Method s = setters.remove(g.getName());
            if (s != null && (f.kind() == Kind.ARRAY || s.getParameterTypes()[0] != g.getReturnType())) {
                throw new IllegalArgumentException(struct.getSimpleName() + "." + s.getName() + ": setter does not match its getter");
            }
        }
        if (!setters.isEmpty()) {
            throw new IllegalArgumentException(struct.getSimpleName() + "." + setters.keySet().iterator().next() + " sets no field");
        }
        long size = (offset + maxAlign - 1) / maxAlign * maxAlign;
        Class<?> viewClass = generate(struct, fields);
        return new Layout(struct, size, Map.copyOf(fields), viewClass);
    }

    private static FieldLayout fieldOf(Class<?> struct, Method g) {
        Class<?> t = g.getReturnType();
        Array array = g.getAnnotation(Array.class);
        if (array != null) {
            if (t != long.class || array.length() <= 0) {
                throw new IllegalArgumentException(struct.getSimpleName() + "." + g.getName()
                        + ": an @Array getter returns long (the array's address) and has a positive length");
            }
            Kind ek = kindOf(struct, g, array.element(), array.element() == Pointer.class);
            return new FieldLayout(g.getName(), 0, sizeOf(ek), array.length(), Kind.ARRAY);
        }
        Kind k = kindOf(struct, g, t, g.isAnnotationPresent(Pointer.class));
        return new FieldLayout(g.getName(), 0, sizeOf(k), 1, k);
    }

    private static Kind kindOf(Class<?> struct, Method g, Class<?> t, boolean pointer) {
        if (pointer) {
            if (t != long.class && t != Pointer.class) {
                throw new IllegalArgumentException(struct.getSimpleName() + "." + g.getName() + ": a @Pointer is a long");
            }
            return Kind.PTR;
        }
        if (t == byte.class) {
            return Kind.I8;
        } else if (t == short.class) {
            return Kind.I16;
        } else if (t == char.class) {
            return Kind.U16;
        } else if (t == int.class) {
            return Kind.I32;
        } else if (t == long.class) {
            return Kind.I64;
        } else if (t == boolean.class) {
            return Kind.BOOL;
        } else if (t == float.class) {
            return Kind.F32;
        } else if (t == double.class) {
            return Kind.F64;
        }
        throw new IllegalArgumentException(struct.getSimpleName() + "." + g.getName() + ": " + t.getName()
                + " is not a C field type (byte, short, char, int, long, boolean, float, double, @Pointer long)");
    }

    private static int sizeOf(Kind k) {
        return switch (k) {
            case I8, BOOL -> 1;
            case I16, U16 -> 2;
            case I32, F32, PTR -> 4;
            case I64, F64 -> 8;
            case ARRAY -> throw new IllegalStateException();
        };
    }

    // ---------------------------------------------------------------------------------------------------------
    // Generation

    private static Class<?> generate(Class<?> struct, Map<String, FieldLayout> fields) {
        var builder = new ByteBuddy()
                .subclass(Object.class)
                .name(struct.getName() + "$StructView")
                .implement(struct, org.kld86.kernel.kld.rt.StructView.class)
                .defineField("address", long.class, Visibility.PRIVATE, net.bytebuddy.description.modifier.FieldManifestation.FINAL)
                .defineConstructor(Visibility.PUBLIC).withParameters(long.class)
                .intercept(new Constructor())
                .method(ElementMatchers.named("structAddress")).intercept(new AddressGetter());
        for (FieldLayout f : fields.values()) {
            builder = builder.method(ElementMatchers.named(f.name()).and(ElementMatchers.takesArguments(0)))
                    .intercept(new Accessor(f, false))
                    .method(ElementMatchers.named(f.name()).and(ElementMatchers.takesArguments(1)))
                    .intercept(new Accessor(f, true));
        }
        builder = builder.method(ElementMatchers.named("toString").and(ElementMatchers.takesArguments(0)))
                .intercept(new ToString(struct.getSimpleName()));
        return builder.make()
                .load(struct.getClassLoader(), ClassLoadingStrategy.Default.WRAPPER)
                .getLoaded();
    }

    /** this.address = arg. */
    private static final class Constructor implements Implementation {
        @Override
        public InstrumentedType prepare(InstrumentedType t) {
            return t;
        }

        @Override
        public ByteCodeAppender appender(Target target) {
            return (mv, ctx, method) -> {
                mv.visitVarInsn(Opcodes.ALOAD, 0);
                mv.visitMethodInsn(Opcodes.INVOKESPECIAL, "java/lang/Object", "<init>", "()V", false);
                mv.visitVarInsn(Opcodes.ALOAD, 0);
                mv.visitVarInsn(Opcodes.LLOAD, 1);
                mv.visitFieldInsn(Opcodes.PUTFIELD, target.getInstrumentedType().getInternalName(), "address", "J");
                mv.visitInsn(Opcodes.RETURN);
                return new ByteCodeAppender.Size(4, 3);
            };
        }
    }

    /** return this.address. */
    private static final class AddressGetter implements Implementation {
        @Override
        public InstrumentedType prepare(InstrumentedType t) {
            return t;
        }

        @Override
        public ByteCodeAppender appender(Target target) {
            return (mv, ctx, method) -> {
                FieldDescription f = target.getInstrumentedType().getDeclaredFields().filter(ElementMatchers.named("address")).getOnly();
                StackManipulation.Size s = new StackManipulation.Compound(MethodVariableAccess.loadThis(),
                        FieldAccess.forField(f).read(), MethodReturn.LONG).apply(mv, ctx);
                return new ByteCodeAppender.Size(s.getMaximalSize(), method.getStackSize());
            };
        }
    }

    /** "EchoT@0xc0a41000". */
    private static final class ToString implements Implementation {
        private final String name;

        ToString(String name) {
            this.name = name;
        }

        @Override
        public InstrumentedType prepare(InstrumentedType t) {
            return t;
        }

        @Override
        public ByteCodeAppender appender(Target target) {
            return (mv, ctx, method) -> {
                mv.visitLdcInsn(name + "@0x");
                mv.visitVarInsn(Opcodes.ALOAD, 0);
                mv.visitFieldInsn(Opcodes.GETFIELD, target.getInstrumentedType().getInternalName(), "address", "J");
                mv.visitMethodInsn(Opcodes.INVOKESTATIC, "java/lang/Long", "toHexString", "(J)Ljava/lang/String;", false);
                mv.visitMethodInsn(Opcodes.INVOKEVIRTUAL, "java/lang/String", "concat", "(Ljava/lang/String;)Ljava/lang/String;", false);
                mv.visitInsn(Opcodes.ARETURN);
                return new ByteCodeAppender.Size(3, 1);
            };
        }
    }

    /** A getter or setter: Mem.readN / Mem.writeN at address + offset. */
    private static final class Accessor implements Implementation {
        private static final String MEM = "org/kld86/kpi/Mem";
        private final FieldLayout f;
        private final boolean setter;

        Accessor(FieldLayout f, boolean setter) {
            this.f = f;
            this.setter = setter;
        }

        @Override
        public InstrumentedType prepare(InstrumentedType t) {
            return t;
        }

        @Override
        public ByteCodeAppender appender(Target target) {
            String owner = target.getInstrumentedType().getInternalName();
            return (mv, ctx, method) -> {
                loadAddress(mv, owner, f.offset());
                if (f.kind() == Kind.ARRAY) {
                    mv.visitInsn(Opcodes.LRETURN);
                    return new ByteCodeAppender.Size(4, method.getStackSize());
                }
                if (setter) {
                    store(mv);
                    mv.visitInsn(Opcodes.RETURN);
                } else {
                    load(mv, method);
                }
                return new ByteCodeAppender.Size(8, method.getStackSize());
            };
        }

        private static void loadAddress(MethodVisitor mv, String owner, long offset) {
            mv.visitVarInsn(Opcodes.ALOAD, 0);
            mv.visitFieldInsn(Opcodes.GETFIELD, owner, "address", "J");
            mv.visitLdcInsn(offset);
            mv.visitInsn(Opcodes.LADD);
        }

        private void load(MethodVisitor mv, MethodDescription method) {
            switch (f.kind()) {
                case I8 -> {
                    read(mv, "read8");
                    mv.visitInsn(Opcodes.I2B);
                    mv.visitInsn(Opcodes.IRETURN);
                }
                case BOOL -> {
                    read(mv, "read8");
                    mv.visitInsn(Opcodes.IRETURN); // any non-zero byte is true for the JVM's boolean return
                }
                case I16 -> {
                    read(mv, "read16");
                    mv.visitInsn(Opcodes.I2S);
                    mv.visitInsn(Opcodes.IRETURN);
                }
                case U16 -> {
                    read(mv, "read16");
                    mv.visitInsn(Opcodes.I2C);
                    mv.visitInsn(Opcodes.IRETURN);
                }
                case I32 -> {
                    read(mv, "read32");
                    mv.visitInsn(Opcodes.IRETURN);
                }
                case F32 -> {
                    read(mv, "read32");
                    mv.visitMethodInsn(Opcodes.INVOKESTATIC, "java/lang/Float", "intBitsToFloat", "(I)F", false);
                    mv.visitInsn(Opcodes.FRETURN);
                }
                case PTR -> {
                    read(mv, "read32");
                    mv.visitMethodInsn(Opcodes.INVOKESTATIC, "java/lang/Integer", "toUnsignedLong", "(I)J", false);
                    mv.visitInsn(Opcodes.LRETURN);
                }
                case I64, F64 -> {
                    // low word at address + offset, high word 4 bytes on: little-endian
                    mv.visitInsn(Opcodes.DUP2);
                    read(mv, "read32");
                    mv.visitMethodInsn(Opcodes.INVOKESTATIC, "java/lang/Integer", "toUnsignedLong", "(I)J", false);
                    mv.visitInsn(Opcodes.DUP2_X2);
                    mv.visitInsn(Opcodes.POP2);
                    mv.visitLdcInsn(4L);
                    mv.visitInsn(Opcodes.LADD);
                    read(mv, "read32");
                    mv.visitInsn(Opcodes.I2L);
                    mv.visitIntInsn(Opcodes.BIPUSH, 32);
                    mv.visitInsn(Opcodes.LSHL);
                    mv.visitInsn(Opcodes.LOR);
                    if (f.kind() == Kind.F64) {
                        mv.visitMethodInsn(Opcodes.INVOKESTATIC, "java/lang/Double", "longBitsToDouble", "(J)D", false);
                        mv.visitInsn(Opcodes.DRETURN);
                    } else {
                        mv.visitInsn(Opcodes.LRETURN);
                    }
                }
                default -> throw new IllegalStateException(f.kind().toString());
            }
        }

        private void store(MethodVisitor mv) {
            switch (f.kind()) {
                case I8, BOOL -> {
                    mv.visitVarInsn(Opcodes.ILOAD, 1);
                    write(mv, "write8");
                }
                case I16, U16 -> {
                    mv.visitVarInsn(Opcodes.ILOAD, 1);
                    write(mv, "write16");
                }
                case I32 -> {
                    mv.visitVarInsn(Opcodes.ILOAD, 1);
                    write(mv, "write32");
                }
                case F32 -> {
                    mv.visitVarInsn(Opcodes.FLOAD, 1);
                    mv.visitMethodInsn(Opcodes.INVOKESTATIC, "java/lang/Float", "floatToRawIntBits", "(F)I", false);
                    write(mv, "write32");
                }
                case PTR -> {
                    mv.visitVarInsn(Opcodes.LLOAD, 1);
                    mv.visitInsn(Opcodes.L2I);
                    write(mv, "write32");
                }
                case I64, F64 -> {
                    // [addr] -> write32(addr, (int) v); write32(addr + 4, (int) (v >>> 32))
                    mv.visitInsn(Opcodes.DUP2);
                    if (f.kind() == Kind.F64) {
                        mv.visitVarInsn(Opcodes.DLOAD, 1);
                        mv.visitMethodInsn(Opcodes.INVOKESTATIC, "java/lang/Double", "doubleToRawLongBits", "(D)J", false);
                    } else {
                        mv.visitVarInsn(Opcodes.LLOAD, 1);
                    }
                    mv.visitInsn(Opcodes.L2I);
                    write(mv, "write32");
                    mv.visitLdcInsn(4L);
                    mv.visitInsn(Opcodes.LADD);
                    if (f.kind() == Kind.F64) {
                        mv.visitVarInsn(Opcodes.DLOAD, 1);
                        mv.visitMethodInsn(Opcodes.INVOKESTATIC, "java/lang/Double", "doubleToRawLongBits", "(D)J", false);
                    } else {
                        mv.visitVarInsn(Opcodes.LLOAD, 1);
                    }
                    mv.visitIntInsn(Opcodes.BIPUSH, 32);
                    mv.visitInsn(Opcodes.LUSHR);
                    mv.visitInsn(Opcodes.L2I);
                    write(mv, "write32");
                }
                default -> throw new IllegalStateException(f.kind().toString());
            }
        }

        private static void read(MethodVisitor mv, String name) {
            mv.visitMethodInsn(Opcodes.INVOKESTATIC, MEM, name, "(J)I", false);
        }

        private static void write(MethodVisitor mv, String name) {
            mv.visitMethodInsn(Opcodes.INVOKESTATIC, MEM, name, "(JI)V", false);
        }
    }
}
