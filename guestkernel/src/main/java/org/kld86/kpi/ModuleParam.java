package org.kld86.kpi;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * module_param(name, type, perm): marks a static {@code int}, {@code long}, {@code boolean} or {@code String}
 * field of a {@link LinuxModule} whose value may be given at load as {@code name=value}. The field keeps its
 * initialiser when no value is given. A value that does not parse fails the load with EINVAL, as insmod's
 * "Invalid parameters" does.
 */
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.FIELD)
public @interface ModuleParam {

    /** The parameter name; the field name when empty. */
    String name() default "";

    /** The sysfs permission bits (kept for fidelity; there is no sysfs here). */
    int perm() default 0444;

    /** MODULE_PARM_DESC. */
    String description() default "";
}
