package org.kld86.kpi;

/**
 * A module's event handler, {@code modeventhand_t}: the kernel calls it with {@link Kld#MOD_LOAD} when the module
 * is loaded, {@link Kld#MOD_QUIESCE} and then {@link Kld#MOD_UNLOAD} when it is unloaded, and
 * {@link Kld#MOD_SHUTDOWN} at halt (module(9)).
 *
 * <p>Return 0 for success or an errno. A non-zero MOD_LOAD makes the kernel call MOD_UNLOAD and drop the module;
 * a non-zero MOD_QUIESCE stops an unload unless it is forced; a non-zero MOD_UNLOAD stops it even when forced.
 * Return {@link Errno#EOPNOTSUPP} for events you do not handle.
 */
@FunctionalInterface
public interface ModuleEventHandler {

    /**
     * @param mod  the module being told
     * @param what {@link Kld#MOD_LOAD}, {@link Kld#MOD_UNLOAD}, {@link Kld#MOD_SHUTDOWN} or {@link Kld#MOD_QUIESCE}
     * @param arg  the module's private argument (DEV_MODULE's third argument; null here)
     * @return 0 or an errno
     */
    int modevent(KldModule mod, int what, Object arg);
}
