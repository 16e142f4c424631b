package org.kld86.kpi;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * An array field of a C struct ({@code char buffer[256]}): its getter returns {@code long}, the guest address of
 * the first element, just as the array decays to a pointer in C ({@code echo_message->buffer}).
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface Array {

    /** The number of elements. */
    int length();

    /** The element type: byte.class for char, short.class, int.class, long.class (long long), or {@link Pointer}.class. */
    Class<?> element() default byte.class;
}
