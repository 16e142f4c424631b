package org.kld86.kernel.kld;

import java.util.ArrayList;
import java.util.List;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.tree.ClassNode;

/**
 * The search of kern.module_path (";"-separated directories, "/boot/kernel;/boot/modules" by default): a file name
 * is looked for in each directory in turn; a module name is looked for in the declarations of every .ko there,
 * as linker.hints would tell, choosing the preferred version of a dependency when there is a choice.
 */
final class ModulePath {

    private final ModuleStore store;
    private final String modulePath;

    ModulePath(ModuleStore store, String modulePath) {
        this.store = store;
        this.modulePath = modulePath;
    }

    /** The first path on the module path where {@code fileName} exists, or null. */
    String findFile(String fileName) {
        for (String dir : modulePath.split(";")) {
            String p = (dir.endsWith("/") ? dir : dir + "/") + fileName;
            if (store.read(p) != null) {
                return p;
            }
        }
        return null;
    }

    /**
     * The .ko on the module path that declares module {@code name} (within {@code dep}'s version range if given,
     * the preferred version if there is a choice), as linker.hints would tell; null if none.
     */
    String findModuleFile(String name, ModuleDeclaration.Dependency dep) {
        String best = null;
        int bestVersion = -1;
        for (String dir : modulePath.split(";")) {
            for (String p : store.list(dir)) {
                byte[] bytes = store.read(p);
                if (bytes == null) {
                    continue;
                }
                for (ModuleDeclaration d : declarationsOf(bytes)) {
                    if (!d.name().equals(name)) {
                        continue;
                    }
                    if (dep == null) {
                        return p;
                    }
                    if (d.version() != 0 && dep.accepts(d.version())) {
                        if (d.version() == dep.pref()) {
                            return p;
                        }
                        if (d.version() > bestVersion) {
                            best = p;
                            bestVersion = d.version();
                        }
                    }
                }
            }
        }
        return best;
    }

    private static List<ModuleDeclaration> declarationsOf(byte[] bytes) {
        List<ModuleDeclaration> out = new ArrayList<>();
        try {
            JarImage jar = new JarImage(bytes);
            ClassIndex index = new ClassIndex(List.of());
            List<ClassNode> nodes = new ArrayList<>();
            for (byte[] b : jar.classes.values()) {
                index.add(b);
                ClassNode n = new ClassNode(Linker.ASM_API);
                new ClassReader(b).accept(n, ClassReader.SKIP_CODE | ClassReader.SKIP_DEBUG | ClassReader.SKIP_FRAMES);
                nodes.add(n);
            }
            for (ClassNode n : nodes) {
                ModuleDeclaration d = ModuleDeclarations.read(n, index);
                if (d != null) {
                    out.add(d);
                }
            }
        } catch (JarImage.NotAJar | RuntimeException e) {
            // not a module: it declares nothing
        }
        return out;
    }

}
