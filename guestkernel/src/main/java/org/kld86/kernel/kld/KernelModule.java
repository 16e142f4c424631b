package org.kld86.kernel.kld;

import org.kld86.kpi.KldModule;
import org.kld86.kpi.ModuleEventHandler;

/**
 * A registered module (FreeBSD's struct module): its id, name, version, the file that holds it, and the event
 * handler the kernel calls. Ids come from a counter that never goes back, so a module id is never reused.
 */
public final class KernelModule implements KldModule {

    final int id;
    final String name;
    final int version;
    final LinkerFile file;
    final ModuleDeclaration declaration;
    ModuleEventHandler handler;
    /** Linux's module reference count (try_module_get): open files of its devices. Above 0, unload is refused. */
    int useCount;
    /** Where the handler lives, for messages: the guest address of its class. */
    final long handlerAddress;

    KernelModule(int id, ModuleDeclaration declaration, LinkerFile file, ModuleEventHandler handler, long handlerAddress) {
        this.id = id;
        this.name = declaration == null ? "kernel" : declaration.name();
        this.version = declaration == null ? Linker.KERNEL_VERSION : declaration.version();
        this.file = file;
        this.declaration = declaration;
        this.handler = handler;
        this.handlerAddress = handlerAddress;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public int id() {
        return id;
    }

    @Override
    public int version() {
        return version;
    }

    public LinkerFile file() {
        return file;
    }

    /**
     * try_module_get(): takes a use reference for an open file of one of the module's devices, so that the
     * module cannot be unloaded under it. Fails (false) once the module has been unloaded.
     */
    public boolean tryGet() {
        if (handler == null) {
            return false;
        }
        useCount++;
        return true;
    }

    /** module_put(): gives back a reference {@link #tryGet} took. */
    public void put() {
        if (useCount > 0) {
            useCount--;
        }
    }

    /** module_refcount(): the use references held (open files of the module's devices). */
    public int useCount() {
        return useCount;
    }

    /** The module's reference count (module_register starts it at 1; module_reference/module_release move it). */
    public int refs() {
        return 1 + useCount;
    }

    @Override
    public String toString() {
        return id + " " + name;
    }
}
