package org.kld86.kpi;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A pointer field of a C struct: 4 bytes on i386, read and written as the unsigned 32-bit guest address held in
 * a {@code long} (0 is NULL). Also usable as {@code @Array(element = Pointer.class)} for an array of pointers.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface Pointer {
}
