package org.kld86.kernel.kld;

import java.util.function.Supplier;
import org.kld86.kernel.Kernel;
import org.kld86.kernel.KernelPanic;
import org.kld86.kernel.proc.Scheduler;

/**
 * The door through which the kernel runs module code (event handlers, init/exit, and later device methods and
 * interrupt handlers). Whatever escapes the module that is not the kernel's own unwinding (a panic, a shutdown)
 * is a bug in the module: an exception becomes a panic that names the module, the class, the method and the
 * source line where it was thrown, with a backtrace; a stack overflow is reported as the double fault an i386
 * kernel takes when its stack runs out. The host never sees the exception.
 */
public final class ModuleCalls {

    private ModuleCalls() {
    }

    /** Runs {@code body}, which calls into {@code file}'s code, and returns its result. */
    public static <T> T call(Kernel kernel, LinkerFile file, Supplier<T> body) {
        try {
            return body.get();
        } catch (KernelPanic | Scheduler.Shutdown e) {
            throw e;
        } catch (StackOverflowError e) {
            throw kernel.panic("%s", describe(kernel, file, e, "double fault (kernel stack overflow)"));
        } catch (RuntimeException | Error e) {
            throw kernel.panic("%s", describe(kernel, file, e, null));
        }
    }

    /** Runs {@code body} for its effect. */
    public static void run(Kernel kernel, LinkerFile file, Runnable body) {
        call(kernel, file, () -> {
            body.run();
            return null;
        });
    }

    private static String describe(Kernel kernel, LinkerFile file, Throwable e, String what) {
        StackTraceElement where = firstModuleFrame(file, e);
        StringBuilder trace = new StringBuilder();
        int n = 0;
        for (StackTraceElement f : e.getStackTrace()) {
            if (f.getClassName().startsWith("kld86.rt.")) {
                continue;
            }
            if (f.getClassName().startsWith(ModuleCalls.class.getName())) {
                break;
            }
            trace.append(String.format("#%d 0x%08x at %s%n", n++, addressOf(file, f), frame(f)));
            if (n == 16) {
                break;
            }
        }
        kernel.console().printf("KDB: stack backtrace:%n%s", trace);
        String problem = what != null ? what
                : e.getClass().getName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
        return String.format("%s: %s at %s", file.filename, problem, where == null ? "unknown" : frame(where));
    }

    private static long addressOf(LinkerFile file, StackTraceElement f) {
        String internal = f.getClassName().replace('.', '/');
        Long off = file.classOffsets.get(internal);
        return off == null ? 0 : file.address + off + Math.max(0, f.getLineNumber());
    }

    private static StackTraceElement firstModuleFrame(LinkerFile file, Throwable e) {
        for (StackTraceElement f : e.getStackTrace()) {
            if (file.classOffsets.containsKey(f.getClassName().replace('.', '/'))) {
                return f;
            }
        }
        return e.getStackTrace().length > 0 ? e.getStackTrace()[0] : null;
    }

    private static String frame(StackTraceElement f) {
        return f.getClassName() + "." + f.getMethodName() + "(" + (f.getFileName() == null ? "?" : f.getFileName())
                + ":" + f.getLineNumber() + ")";
    }
}
