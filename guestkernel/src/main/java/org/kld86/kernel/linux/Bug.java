package org.kld86.kernel.linux;

import java.util.HashSet;
import java.util.Set;
import org.kld86.kernel.Kernel;
import org.kld86.kernel.KernelPanic;
import org.kld86.kernel.proc.KThread;

/**
 * Linux's bug-reporting macros as 3.10 prints them: WARN and WARN_ON_ONCE ({@code kernel/panic.c}
 * {@code warn_slowpath_common}), BUG ({@code report_bug}: "kernel BUG at %s:%u!") and might_sleep
 * ({@code kernel/sched/core.c __might_sleep}).
 *
 * <p>Linux names the source file and line of the macro ({@code mm/vmalloc.c:1471}) and the function
 * ({@code __vunmap+0xe1/0xf0}); this kernel names its own file, relative to {@code org/kld86}, its line and the
 * method ({@code kernel/linux/Vmalloc.java:160 vfree()}). A WARN block is
 * <pre>
 *   ------------[ cut here ]------------
 *   WARNING: at kernel/linux/Vmalloc.java:160 vfree()
 *   Trying to vfree() bad address (c4800123)
 *   ---[ end trace 0000000000000000 ]---
 * </pre>
 * without the module list and stack dump Linux puts between the message and the end marker. Linux's trace id
 * is random at boot; here it is fixed so a rerun's console is byte-identical.
 *
 * <p>Two deliberate departures, both because a kernel in an emulator should stop where the bug is: a BUG panics
 * (Linux oopses and kills the task, and panics only in interrupt context), and might_sleep in interrupt context
 * panics with the splat's first line (Linux prints the splat and carries on until something really sleeps).
 */
final class Bug {

    static final String CUT_HERE = "------------[ cut here ]------------";
    static final String END_TRACE = "---[ end trace 0000000000000000 ]---";

    private static final StackWalker WALKER = StackWalker.getInstance(StackWalker.Option.RETAIN_CLASS_REFERENCE);

    private final Kernel kernel;
    /** Call sites whose WARN_ON_ONCE/WARN_ONCE has fired (the macro's static __warned flag). */
    private final Set<String> warnedSites = new HashSet<>();

    Bug(Kernel kernel) {
        this.kernel = kernel;
    }

    /** Where a macro was invoked: the first frame outside this class. */
    record Site(String file, int line, String function) {
        String key() {
            return file + ":" + line;
        }
    }

    static Site site() {
        StackWalker.StackFrame f = WALKER.walk(s -> s.filter(fr -> fr.getDeclaringClass() != Bug.class)
                .findFirst().orElseThrow());
        String pkg = f.getDeclaringClass().getPackageName();
        String dir = pkg.startsWith("org.kld86.") ? pkg.substring("org.kld86.".length()) : pkg;
        return new Site(dir.replace('.', '/') + "/" + f.getFileName(), f.getLineNumber(), f.getMethodName());
    }

    /** WARN(1, fmt, args): the warning block with a message; the kernel carries on. */
    void warn(String format, Object... args) {
        print(site(), String.format(format, args));
    }

    /** WARN_ON(condition): a warning block without a message, every time the condition holds. */
    boolean warnOn(boolean condition) {
        if (condition) {
            print(site(), null);
        }
        return condition;
    }

    /** WARN_ON_ONCE(condition): a warning block without a message, the first time this call site fires. */
    boolean warnOnOnce(boolean condition) {
        if (condition) {
            Site s = site();
            if (warnedSites.add(s.key())) {
                print(s, null);
            }
        }
        return condition;
    }

    /** WARN_ONCE(condition, fmt, args): as {@link #warnOnOnce} with a message. */
    boolean warnOnce(boolean condition, String format, Object... args) {
        if (condition) {
            Site s = site();
            if (warnedSites.add(s.key())) {
                print(s, String.format(format, args));
            }
        }
        return condition;
    }

    private void print(Site s, String message) {
        var console = kernel.console();
        console.printf("%s%n", CUT_HERE);
        console.printf("WARNING: at %s:%d %s()%n", s.file(), s.line(), s.function());
        if (message != null) {
            console.print(message.endsWith("\n") ? message : message + "\n");
        }
        console.printf("%s%n", END_TRACE);
    }

    /**
     * dump_stack() (3.10's {@code lib/dump_stack.c}): the {@code CPU: %d PID: %d Comm: %.20s %s %s} line, then
     * {@code Call Trace:} and one line per frame of the code that led here: this kernel's Linux API, the KPI and
     * module code, up to the first frame of anything else (the linker, a test). A frame reads
     * {@code  [<kernel/linux/Slab.java:210>] kmem_cache_destroy()}: the source position stands where Linux prints
     * the return address, and there is no offset to print after the function.
     */
    void dumpStack() {
        KThread t = kernel.scheduler().current();
        var console = kernel.console();
        console.printf("CPU: 0 PID: %d Comm: %.20s Not tainted %s #1%n", t == null ? 0 : t.tid(),
                t == null ? "swapper" : t.name(), Kernel.OSRELEASE);
        console.printf("Call Trace:%n");
        WALKER.walk(s -> {
            s.filter(f -> f.getDeclaringClass() != Bug.class)
                    .takeWhile(f -> isModuleClass(f.getDeclaringClass())
                            || f.getDeclaringClass().getPackageName().equals(Bug.class.getPackageName())
                            || f.getDeclaringClass().getPackageName().equals("org.kld86.kpi"))
                    .forEach(f -> {
                        String pkg = f.getDeclaringClass().getPackageName();
                        String dir = pkg.startsWith("org.kld86.") ? pkg.substring("org.kld86.".length()) : pkg;
                        console.printf(" [<%s/%s:%d>] %s()%n", dir.replace('.', '/'), f.getFileName(),
                                f.getLineNumber(), f.getMethodName());
                    });
            return null;
        });
    }

    /** Whether {@code c} is a module's class: one that neither the kernel's loader nor the JDK's defined. */
    private static boolean isModuleClass(Class<?> c) {
        ClassLoader l = c.getClassLoader();
        return l != null && l != Bug.class.getClassLoader() && l != ClassLoader.getPlatformClassLoader();
    }

    /**
     * BUG(): prints Linux's "kernel BUG at" line for the call site and panics with {@code format} (a one-line
     * message starting with the function name).
     *
     * @return never returns normally; declared so callers can write {@code throw bug.bug(...)}
     */
    KernelPanic bug(String format, Object... args) {
        Site s = site();
        kernel.console().printf("%s%n", CUT_HERE);
        kernel.console().printf("kernel BUG at %s:%d!%n", s.file(), s.line());
        return kernel.panic(format, args);
    }

    /**
     * might_sleep(): code that may sleep was reached in interrupt context. Prints the two lines of Linux's splat
     * and panics with the first.
     */
    void mightSleep() {
        if (!kernel.inInterrupt()) {
            return;
        }
        Site s = site();
        KThread t = kernel.scheduler().current();
        boolean irqsDisabled = !kernel.machine().cpu().interruptsEnabled();
        kernel.console().printf("BUG: sleeping function called from invalid context at %s:%d%n", s.file(), s.line());
        kernel.console().printf("in_atomic(): %d, irqs_disabled(): %d, pid: %d, name: %s%n", 1, irqsDisabled ? 1 : 0,
                t == null ? 0 : t.tid(), t == null ? "swapper" : t.name());
        throw kernel.panic("BUG: sleeping function called from invalid context at %s:%d", s.file(), s.line());
    }
}
