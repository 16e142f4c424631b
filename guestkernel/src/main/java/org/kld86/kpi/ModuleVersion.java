package org.kld86.kpi;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * MODULE_VERSION(module, version): the interface version the annotated module provides, which other modules'
 * {@link ModuleDepend} ranges are checked against. As in FreeBSD, a module without a MODULE_VERSION cannot satisfy
 * a dependency on it, and loading a second module of the same name and version is refused with EEXIST.
 */
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.TYPE)
public @interface ModuleVersion {

    int value();
}
