package org.kld86.cli;

import java.nio.file.Path;
import java.util.List;
import org.kld86.kernel.KernelOptions;

/**
 * What the launcher hands the kernel at boot, beyond the machine: its options, the host folders whose .ko files
 * appear in /boot/modules, and the host folder to show read-only at /host (null for none).
 */
public record BootConfig(KernelOptions options, List<Path> moduleDirs, Path share) {

    public BootConfig {
        moduleDirs = List.copyOf(moduleDirs);
    }
}
