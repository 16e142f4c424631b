package org.kld86.kpi;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A Linux-style module: the annotated class's {@link ModuleInit} method runs at load (module_init) and its
 * {@link ModuleExit} method at unload (module_exit); its {@link ModuleParam} fields are set from the parameters
 * given at load ({@code kldload scullp scullp_order=2}, as insmod takes them). Underneath it is a module like any
 * other: init's negative errno fails MOD_LOAD, and the kernel refuses to unload it while it is in use.
 */
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.TYPE)
public @interface LinuxModule {

    /** The module name (the file name without .ko, as Linux names modules). */
    String name();

    /** MODULE_LICENSE. */
    String license() default "Dual BSD/GPL";

    /** MODULE_AUTHOR. */
    String author() default "";

    /** MODULE_DESCRIPTION. */
    String description() default "";
}
