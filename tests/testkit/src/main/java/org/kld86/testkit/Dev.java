package org.kld86.testkit;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/** A {@link GuestFile} parameter: the device file at this path, opened read-write (or with {@link #flags}). */
@Target(ElementType.PARAMETER)
@Retention(RetentionPolicy.RUNTIME)
public @interface Dev {

    String value();

    /** open(2) flags; read-write by default. */
    int flags() default GuestFile.O_RDWR;
}
