package org.kld86.kpi;

/**
 * {@code module_t}: a loaded module as the kernel knows it, handed to {@link ModuleEventHandler#modevent}.
 */
public interface KldModule {

    /** module_getname(9). */
    String name();

    /** module_getid(9): unique for the life of the kernel, never reused. */
    int id();

    /** The version from {@link ModuleVersion}, or 0 if the module declares none. */
    int version();
}
