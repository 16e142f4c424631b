package org.kld86.kpi;

import java.lang.annotation.ElementType;
import java.lang.annotation.Repeatable;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * MODULE_DEPEND(module, mdepend, vmin, vpref, vmax): the annotated module needs module {@link #name()} at an
 * interface version in [{@link #min()}, {@link #max()}]. If no loaded module provides it, kldload looks for it
 * on kern.module_path and loads it first (the preferred version if there is a choice); the dependency's file
 * gains a reference, which is why kldstat shows Refs above 1 and why it cannot be unloaded first.
 *
 * <p>The dependency's classes become visible to the depending module's code.
 */
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.TYPE)
@Repeatable(ModuleDepend.List.class)
public @interface ModuleDepend {

    String name();

    int min();

    int pref();

    int max();

    /** The container of repeated {@link ModuleDepend}s. */
    @Retention(RetentionPolicy.CLASS)
    @Target(ElementType.TYPE)
    @interface List {
        ModuleDepend[] value();
    }
}
