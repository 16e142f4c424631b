package org.kld86.kpi;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * DECLARE_MODULE(name, data, sub, order): declares a module with an explicit SYSINIT subsystem and order
 * (sys/sys/module.h). Modules of one file are initialised in (subsystem, order) order, as SYSINITs are; a
 * driver normally uses {@link DevModule} instead.
 */
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.TYPE)
public @interface DeclareModule {

    String name();

    /** The SYSINIT subsystem, e.g. {@link Kld#SI_SUB_DRIVERS}. */
    int subsystem() default Kld.SI_SUB_DRIVERS;

    /** The order within the subsystem, e.g. {@link Kld#SI_ORDER_MIDDLE}. */
    int order() default Kld.SI_ORDER_MIDDLE;
}
