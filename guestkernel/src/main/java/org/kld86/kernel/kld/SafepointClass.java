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
 *     public static int read32(long va) { return T.read32(va); }     // and read8, read16, write8/16/32
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
    private static final String CLOCK = "org/kld86/emulator/cpu/VirtualClock";
    private static final String MMU = "org/kld86/emulator/mmu/Mmu";

    private SafepointClass() {
    }

    static byte[] generate() {
        ClassWriter cw = new ClassWriter(ClassWriter.COMPUTE_MAXS | ClassWriter.COMPUTE_FRAMES);
        cw.visit(Opcodes.V17, Opcodes.ACC_PUBLIC | Opcodes.ACC_FINAL | Opcodes.ACC_SUPER, NAME, null, "java/lang/Object", null);
        cw.visitField(Opcodes.ACC_STATIC | Opcodes.ACC_FINAL, "T", "L" + TICKER + ";", null, null).visitEnd();
        cw.visitField(Opcodes.ACC_STATIC | Opcodes.ACC_FINAL, "C", "L" + CLOCK + ";", null, null).visitEnd();
        cw.visitField(Opcodes.ACC_STATIC | Opcodes.ACC_FINAL, "M", "L" + MMU + ";", null, null).visitEnd();
        MethodVisitor clinit = cw.visitMethod(Opcodes.ACC_STATIC, "<clinit>", "()V", null, null);
        clinit.visitCode();
        clinit.visitLdcInsn(Type.getObjectType(NAME));
        clinit.visitMethodInsn(Opcodes.INVOKESTATIC, RUNTIME, "tickerFor", "(Ljava/lang/Class;)L" + TICKER + ";", false);
        clinit.visitFieldInsn(Opcodes.PUTSTATIC, NAME, "T", "L" + TICKER + ";");
        clinit.visitFieldInsn(Opcodes.GETSTATIC, NAME, "T", "L" + TICKER + ";");
        clinit.visitMethodInsn(Opcodes.INVOKEVIRTUAL, TICKER, "clock", "()L" + CLOCK + ";", false);
        clinit.visitFieldInsn(Opcodes.PUTSTATIC, NAME, "C", "L" + CLOCK + ";");
        clinit.visitFieldInsn(Opcodes.GETSTATIC, NAME, "T", "L" + TICKER + ";");
        clinit.visitMethodInsn(Opcodes.INVOKEVIRTUAL, TICKER, "mmu", "()L" + MMU + ";", false);
        clinit.visitFieldInsn(Opcodes.PUTSTATIC, NAME, "M", "L" + MMU + ";");
        clinit.visitInsn(Opcodes.RETURN);
        clinit.visitMaxs(0, 0);
        clinit.visitEnd();
        MethodVisitor tick = cw.visitMethod(Opcodes.ACC_PUBLIC | Opcodes.ACC_STATIC, "tick", "(I)V", null, null);
        tick.visitCode();
        tick.visitFieldInsn(Opcodes.GETSTATIC, NAME, "C", "L" + CLOCK + ";");
        tick.visitVarInsn(Opcodes.ILOAD, 0);
        tick.visitInsn(Opcodes.I2L);
        tick.visitMethodInsn(Opcodes.INVOKEVIRTUAL, CLOCK, "advanceAtSafepoint", "(J)V", false);
        tick.visitInsn(Opcodes.RETURN);
        tick.visitMaxs(0, 0);
        tick.visitEnd();
        for (String sig : BindMemoryAccess.BOUND) {
            String name = sig.substring(0, sig.indexOf('('));
            String desc = sig.substring(sig.indexOf('('));
            MethodVisitor mv = cw.visitMethod(Opcodes.ACC_PUBLIC | Opcodes.ACC_STATIC, name, desc, null, null);
            mv.visitCode();
            mv.visitFieldInsn(Opcodes.GETSTATIC, NAME, "M", "L" + MMU + ";");
            mv.visitVarInsn(Opcodes.LLOAD, 0);
            mv.visitInsn(Opcodes.L2I);
            if (desc.equals("(JI)V")) {
                mv.visitVarInsn(Opcodes.ILOAD, 2);
            }
            mv.visitMethodInsn(Opcodes.INVOKEVIRTUAL, MMU, name, desc.replace("(J", "(I"), false);
            mv.visitInsn(desc.endsWith("V") ? Opcodes.RETURN : Opcodes.IRETURN);
            mv.visitMaxs(0, 0);
            mv.visitEnd();
        }
        cw.visitEnd();
        return cw.toByteArray();
    }
}
