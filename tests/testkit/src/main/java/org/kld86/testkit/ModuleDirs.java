package org.kld86.testkit;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.kld86.kernel.kld.HostModuleStore;

/**
 * Where a test's kernel finds .ko files for /boot/modules: the system property {@code kld86.module.path} (folders
 * separated by the host's path separator) if it is set; else every {@code modules/NAME/target} of the kld86
 * project around the working directory (found by walking up to the folder that holds modules/pom.xml). The
 * working directory's own {@code target} comes too when it holds a .ko, so a driver kept outside the project tests
 * itself the same way.
 */
public final class ModuleDirs {

    private ModuleDirs() {
    }

    public static List<Path> find() {
        List<Path> dirs = new ArrayList<>();
        Path cwd = Path.of("").toAbsolutePath();
        String property = System.getProperty("kld86.module.path");
        if (property != null && !property.isBlank()) {
            for (String s : property.split(File.pathSeparator)) {
                dirs.add(Path.of(s).toAbsolutePath().normalize());
            }
        } else {
            for (Path p = cwd; p != null; p = p.getParent()) {
                if (Files.isRegularFile(p.resolve("modules").resolve("pom.xml"))) {
                    dirs.addAll(HostModuleStore.buildOutputDirs(p));
                    break;
                }
            }
        }
        Path own = cwd.resolve("target").normalize();
        if (HostModuleStore.holdsModules(own) && !dirs.contains(own)) {
            dirs.add(own);
        }
        return dirs;
    }
}
