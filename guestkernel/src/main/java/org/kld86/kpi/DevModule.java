package org.kld86.kpi;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * DEV_MODULE(name, evh, arg): declares the annotated class a driver module named {@code name}, registered at
 * SI_SUB_DRIVERS / SI_ORDER_MIDDLE, with the class's {@link ModuleEventHandler#modevent} as its event handler
 * (sys/sys/conf.h). Like DECLARE_MODULE, it also makes the module depend on "kernel".
 *
 * <p>The kernel's linker reads this annotation from the bytecode without loading the class. The class must
 * have a public no-argument constructor; the linker creates one instance for the module. A class that does not
 * implement {@link ModuleEventHandler} gets modevent_nop: MOD_LOAD succeeds, MOD_UNLOAD is refused with EBUSY.
 *
 * <p>Trap: the module name is what {@code kldload echo} and MODULE_DEPEND refer to; two loaded modules may not
 * share a name (EEXIST).
 */
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.TYPE)
public @interface DevModule {

    /** The module name, as in DEV_MODULE(name, ...). */
    String name();
}
