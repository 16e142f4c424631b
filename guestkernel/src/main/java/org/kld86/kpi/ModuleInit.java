package org.kld86.kpi;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * module_init(fn): marks the {@code static int fn()} of a {@link LinuxModule} that runs at load; it returns 0 or
 * a negative errno (-ENOMEM), as Linux init functions do.
 */
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.METHOD)
public @interface ModuleInit {
}
