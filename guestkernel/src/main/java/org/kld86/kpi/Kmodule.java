package org.kld86.kpi;

import org.kld86.kernel.Kernel;
import org.kld86.kernel.kld.KernelModule;
import org.kld86.kernel.kld.LinkerFile;

/**
 * linux/module.h: the module a piece of code belongs to, and its reference count. {@code THIS_MODULE()} is what
 * C spells {@code THIS_MODULE}: the module of the class that calls it. The kernel takes a reference on the
 * {@code owner} of a file_operations for every open file, so the module cannot be unloaded under it.
 */
public final class Kmodule {

    private Kmodule() {
    }

    private static final StackWalker WALKER = StackWalker.getInstance(StackWalker.Option.RETAIN_CLASS_REFERENCE);

    /** THIS_MODULE: the calling code's module, or null for the kernel's own code. */
    public static KldModule THIS_MODULE() {
        return moduleOf(WALKER.getCallerClass());
    }

    static KldModule moduleOf(Class<?> c) {
        Kernel k = Kernel.current();
        LinkerFile f = k.linker() == null ? null : k.linker().fileOf(c);
        if (f == null) {
            return null;
        }
        for (KernelModule m : k.linker().modules()) {
            if (m.file() == f) {
                return m;
            }
        }
        return null;
    }

    /** try_module_get(): takes a reference unless the module is going away; true for NULL (the kernel). */
    public static boolean try_module_get(KldModule m) {
        return m == null || ((KernelModule) m).tryGet();
    }

    /** module_put(). */
    public static void module_put(KldModule m) {
        if (m != null) {
            ((KernelModule) m).put();
        }
    }

    /** module_refcount(). */
    public static int module_refcount(KldModule m) {
        return m == null ? 0 : ((KernelModule) m).useCount();
    }
}
