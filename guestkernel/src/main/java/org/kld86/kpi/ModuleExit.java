package org.kld86.kpi;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/** module_exit(fn): marks the {@code static void fn()} of a {@link LinuxModule} that runs at unload. */
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.METHOD)
public @interface ModuleExit {
}
