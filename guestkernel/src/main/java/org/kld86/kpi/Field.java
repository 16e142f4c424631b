package org.kld86.kpi;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks the getter of a field of a C struct described by an interface (see {@link Struct}); {@link #value()} is
 * the field's position in the C declaration, which fixes its offset (Java does not keep method order).
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface Field {

    /** 0 for the first field of the struct, 1 for the next, ... */
    int value();
}
