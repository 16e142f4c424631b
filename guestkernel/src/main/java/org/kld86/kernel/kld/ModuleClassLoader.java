package org.kld86.kernel.kld;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.kld86.kernel.kld.rt.KldRuntime;
import org.kld86.kernel.kld.rt.Ticker;

/**
 * The class loader of one loaded file. It defines the file's instrumented classes and the generated Safepoint
 * class; everything else it asks of its dependencies' loaders (for their classes) or of a parent that exposes
 * only the KPI, the JDK and the kld runtime. A class of the application class path can never be reached, so a
 * module's classes are always defined here and go away with this loader when the file is unloaded.
 *
 * <p>The loader keeps no reference to the kernel beyond the ticker; the kernel drops the loader at unload.
 */
final class ModuleClassLoader extends ClassLoader implements KldRuntime.TickerSource {

    static {
        registerAsParallelCapable();
    }

    /** The parent: JDK classes from the platform, and from the kernel only the KPI and the kld runtime. */
    private static final class KernelSurface extends ClassLoader {
        private final ClassLoader kernel;

        KernelSurface(ClassLoader kernel) {
            super("kld86-kernel-surface", ClassLoader.getPlatformClassLoader());
            this.kernel = kernel;
        }

        @Override
        protected Class<?> findClass(String name) throws ClassNotFoundException {
            if ((name.startsWith("org.kld86.kpi.") && name.indexOf('.', "org.kld86.kpi.".length()) < 0)
                    || name.startsWith("org.kld86.kernel.kld.rt.") || name.startsWith("org.kld86.libkern.")
                    || name.equals("org.kld86.emulator.cpu.VirtualClock") || name.equals("org.kld86.emulator.mmu.Mmu")) {
                // The clock and the MMU only for the generated Safepoint class: the linker refuses any module
                // class that names them, as it refuses everything outside the KPI.
                return kernel.loadClass(name);
            }
            throw new ClassNotFoundException(name);
        }
    }

    static final ClassLoader SURFACE = new KernelSurface(ModuleClassLoader.class.getClassLoader());

    private volatile Map<String, byte[]> classes;
    private final Set<String> names;
    private final List<ModuleClassLoader> dependencies;
    private volatile Ticker ticker;

    ModuleClassLoader(String fileName, Map<String, byte[]> classes, List<ModuleClassLoader> dependencies, Ticker ticker) {
        super(fileName, SURFACE);
        this.classes = classes;
        this.names = Set.copyOf(classes.keySet());
        this.dependencies = dependencies;
        this.ticker = ticker;
    }

    @Override
    public Ticker ticker() {
        return ticker;
    }

    @Override
    protected Class<?> findClass(String name) throws ClassNotFoundException {
        Map<String, byte[]> c = classes;
        byte[] bytes = c == null ? null : c.get(name.replace('.', '/'));
        if (bytes != null) {
            return defineClass(name, bytes, 0, bytes.length);
        }
        for (ModuleClassLoader d : dependencies) {
            if (d.defines(name)) {
                return d.loadClass(name);
            }
        }
        throw new ClassNotFoundException(name);
    }

    boolean defines(String name) {
        return names.contains(name.replace('.', '/'));
    }

    /** Forgets the bytes (all classes are defined by now) so that only the defined classes keep memory. */
    void sealDefinitions() {
        classes = Map.of();
    }
}
