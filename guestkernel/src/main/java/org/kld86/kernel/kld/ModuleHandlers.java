package org.kld86.kernel.kld;

import static org.kld86.kpi.Errno.EBUSY;
import static org.kld86.kpi.Errno.EINVAL;
import static org.kld86.kpi.Errno.EOPNOTSUPP;

import java.lang.reflect.Field;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.List;
import org.kld86.kernel.Kernel;
import org.kld86.kpi.Kld;
import org.kld86.kpi.KldModule;
import org.kld86.kpi.ModuleEventHandler;

/**
 * The event handler the kernel calls for a registered module: the module's own {@link ModuleEventHandler}
 * (an instance of its class), modevent_nop for a module that has none, or, for a Linux-style module, a handler
 * that sets its module_params, runs module_init at MOD_LOAD and module_exit at MOD_UNLOAD, and refuses to unload
 * while the module is in use, as rmmod does.
 */
final class ModuleHandlers {

    private ModuleHandlers() {
    }

    static ModuleEventHandler make(Kernel kernel, KernelModule m, List<String> params) {
        ModuleDeclaration d = m.declaration;
        Class<?> cls;
        try {
            cls = Class.forName(d.className().replace('/', '.'), true, m.file.loader);
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException(e);
        }
        if (d.linux()) {
            return linuxHandler(kernel, m, cls, params);
        }
        if (!d.hasHandler()) {
            return ModuleHandlers::modeventNop;
        }
        try {
            return (ModuleEventHandler) cls.getConstructor().newInstance();
        } catch (InvocationTargetException e) {
            throw rethrow(e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }

    /** modevent_nop: a module with no handler loads, refuses to unload, and knows no other event. */
    static int modeventNop(KldModule mod, int what, Object arg) {
        return switch (what) {
            case Kld.MOD_LOAD -> 0;
            case Kld.MOD_UNLOAD -> EBUSY;
            default -> EOPNOTSUPP;
        };
    }

    /**
     * module_init/module_exit/module_param over the module event mechanism. The MOD_UNLOAD that follows a failed
     * MOD_LOAD does not run module_exit: Linux never calls exit when parameters or init failed (load_module frees
     * the module), and an init that fails cleans up after itself, so exit would undo things twice.
     */
    private static ModuleEventHandler linuxHandler(Kernel kernel, KernelModule m, Class<?> cls, List<String> params) {
        ModuleDeclaration d = m.declaration;
        boolean[] live = {false};
        return (mod, what, arg) -> {
            switch (what) {
                case Kld.MOD_LOAD -> {
                    int perr = applyParams(kernel, m, cls, params);
                    if (perr != 0) {
                        return perr;
                    }
                    int ret = d.initMethod() == null ? 0 : (Integer) invokeStatic(cls, d.initMethod());
                    live[0] = ret == 0;
                    return ret < 0 ? -ret : ret;
                }
                case Kld.MOD_QUIESCE -> {
                    return m.useCount > 0 ? EBUSY : 0;
                }
                case Kld.MOD_UNLOAD -> {
                    if (m.useCount > 0) {
                        return EBUSY;
                    }
                    if (live[0] && d.exitMethod() != null) {
                        live[0] = false;
                        invokeStatic(cls, d.exitMethod());
                    }
                    return 0;
                }
                default -> {
                    return 0;
                }
            }
        };
    }

    private static int applyParams(Kernel kernel, KernelModule m, Class<?> cls, List<String> params) {
        for (String p : params) {
            int eq = p.indexOf('=');
            String key = eq < 0 ? p : p.substring(0, eq);
            String value = eq < 0 ? "" : p.substring(eq + 1);
            ModuleDeclaration.Param param = m.declaration.params().stream().filter(x -> x.name().equals(key)).findFirst().orElse(null);
            if (param == null) {
                kernel.console().printf("%s: unknown parameter '%s' ignored%n", m.name, key);
                continue;
            }
            try {
                Field fld = cls.getDeclaredField(param.field());
                fld.setAccessible(true);
                switch (param.descriptor()) {
                    case "I" -> fld.setInt(null, Integer.decode(value));
                    case "J" -> fld.setLong(null, Long.decode(value));
                    case "Z" -> fld.setBoolean(null, parseBool(value));
                    default -> fld.set(null, value);
                }
            } catch (NumberFormatException e) {
                kernel.console().printf("%s: `%s' invalid for parameter `%s'%n", m.name, value, key);
                return EINVAL;
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException(e);
            }
        }
        return 0;
    }

    private static boolean parseBool(String v) {
        return switch (v) {
            case "", "1", "y", "Y", "true" -> true;
            case "0", "n", "N", "false" -> false;
            default -> throw new NumberFormatException(v);
        };
    }

    private static Object invokeStatic(Class<?> cls, String method) {
        try {
            Method mm = cls.getDeclaredMethod(method);
            mm.setAccessible(true);
            return mm.invoke(null);
        } catch (InvocationTargetException e) {
            throw rethrow(e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }

    private static RuntimeException rethrow(Throwable t) {
        if (t instanceof RuntimeException r) {
            throw r;
        }
        if (t instanceof Error e) {
            throw e;
        }
        return new IllegalStateException(t);
    }

}
