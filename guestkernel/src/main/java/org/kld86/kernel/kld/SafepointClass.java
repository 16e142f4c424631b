package org.kld86.kernel.kld;

import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;

/**
 * Generates the class every instrumented call goes to, one per module class loader:
 *
 * <pre>
 * public final class kld86.rt.Safepoint {
 *     static final Ticker T = KldRuntime.tickerFor(Safepoint.class);
 *     public static void tick(int cycles) { T.tick(cycles); }
 * }
 * </pre>
 *
 * Because T is static final, the JIT treats the ticker as a constant and inlines the whole safepoint into the
 * module's loops, which is what keeps instrumented code near the speed of the original.
 */
final class SafepointClass {

    static final String NAME = "kld86/rt/Safepoint";
    private static final String TICKER = "org/kld86/kernel/kld/rt/Ticker";
    private static final String RUNTIME = "org/kld86/kernel/kld/rt/KldRuntime";

    private SafepointClass() {
    }

    static byte[] generate() {
        ClassWriter cw = new ClassWriter(ClassWriter.COMPUTE_MAXS | ClassWriter.COMPUTE_FRAMES);
        cw.visit(Opcodes.V17, Opcodes.ACC_PUBLIC | Opcodes.ACC_FINAL | Opcodes.ACC_SUPER, NAME, null, "java/lang/Object", null);
        cw.visitField(Opcodes.ACC_STATIC | Opcodes.ACC_FINAL, "T", "L" + TICKER + ";", null, null).visitEnd();
        MethodVisitor clinit = cw.visitMethod(Opcodes.ACC_STATIC, "<clinit>", "()V", null, null);
        clinit.visitCode();
        clinit.visitLdcInsn(Type.getObjectType(NAME));
        clinit.visitMethodInsn(Opcodes.INVOKESTATIC, RUNTIME, "tickerFor", "(Ljava/lang/Class;)L" + TICKER + ";", false);
        clinit.visitFieldInsn(Opcodes.PUTSTATIC, NAME, "T", "L" + TICKER + ";");
        clinit.visitInsn(Opcodes.RETURN);
        clinit.visitMaxs(0, 0);
        clinit.visitEnd();
        MethodVisitor tick = cw.visitMethod(Opcodes.ACC_PUBLIC | Opcodes.ACC_STATIC, "tick", "(I)V", null, null);
        tick.visitCode();
        tick.visitFieldInsn(Opcodes.GETSTATIC, NAME, "T", "L" + TICKER + ";");
        tick.visitVarInsn(Opcodes.ILOAD, 0);
        tick.visitMethodInsn(Opcodes.INVOKEVIRTUAL, TICKER, "tick", "(I)V", false);
        tick.visitInsn(Opcodes.RETURN);
        tick.visitMaxs(0, 0);
        tick.visitEnd();
        cw.visitEnd();
        return cw.toByteArray();
    }
}
