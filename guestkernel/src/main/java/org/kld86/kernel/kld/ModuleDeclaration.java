package org.kld86.kernel.kld;

import java.util.List;

/**
 * A module as a class of the file declares it, read from annotations in the bytecode before anything is loaded.
 *
 * @param className   internal name of the declaring class
 * @param name        module name
 * @param linux       whether it is a {@link org.kld86.kpi.LinuxModule} (init/exit) rather than a modevent module
 * @param subsystem   SYSINIT subsystem
 * @param order       SYSINIT order
 * @param version     MODULE_VERSION, 0 if none
 * @param depends     MODULE_DEPENDs
 * @param initMethod  the module_init method name (Linux), or null
 * @param exitMethod  the module_exit method name (Linux), or null
 * @param params      module parameters (Linux)
 * @param hasHandler  whether the class implements ModuleEventHandler (otherwise modevent_nop)
 */
record ModuleDeclaration(String className, String name, boolean linux, int subsystem, int order, int version,
        List<Dependency> depends, String initMethod, String exitMethod, List<Param> params, boolean hasHandler) {

    /** MODULE_DEPEND(module, name, min, pref, max). */
    record Dependency(String name, int min, int pref, int max) {
        boolean accepts(int version) {
            return version >= min && version <= max;
        }
    }

    /** A module_param: the static field, its descriptor, and the name users give. */
    record Param(String field, String descriptor, String name) {
    }
}
