package org.kld86.kpi;

import org.kld86.kernel.Kernel;
import org.kld86.kernel.proc.KThread;

/**
 * The Linux debug checks the Linux KPI classes share (kernel/sched/core.c __might_sleep, kernel/panic.c
 * warn_slowpath), naming the KPI's own source line where Linux names its file and line. Not exported.
 */
final class LinuxChecks {

    private static final StackWalker WALKER = StackWalker.getInstance();

    private LinuxChecks() {
    }

    /** The KPI call site: "kpi/Wait.java:123" and the function, from the first frame outside this class. */
    private static String[] site() {
        StackWalker.StackFrame f = WALKER.walk(s -> s.filter(fr -> !fr.getClassName().equals(LinuxChecks.class.getName()))
                .findFirst().orElseThrow());
        return new String[] {"kpi/" + f.getFileName() + ":" + f.getLineNumber(), f.getMethodName()};
    }

    /**
     * might_sleep(): code that may sleep reached in interrupt context, with a spin lock held (in_atomic), or with
     * interrupts off prints the splat's two lines and panics with the first.
     */
    static void mightSleep(Kernel k) {
        boolean atomic = k.criticalSections().depth() > 0;
        boolean irqsDisabled = !k.machine().cpu().interruptsEnabled();
        if (!k.inInterrupt() && !atomic && !irqsDisabled) {
            return;
        }
        String where = site()[0];
        KThread t = k.scheduler().current();
        k.console().printf("BUG: sleeping function called from invalid context at %s%n", where);
        k.console().printf("in_atomic(): %d, irqs_disabled(): %d, pid: %d, name: %s%n", atomic || k.inInterrupt() ? 1 : 0,
                irqsDisabled ? 1 : 0, t == null ? 0 : t.tid(), t == null ? "swapper" : t.name());
        throw k.panic("BUG: sleeping function called from invalid context at %s", where);
    }

    /** WARN(1, fmt, ...): the warning block; the kernel carries on. */
    static void warn(Kernel k, String format, Object... args) {
        String[] s = site();
        k.console().printf("------------[ cut here ]------------%n");
        k.console().printf("WARNING: at %s %s()%n", s[0], s[1]);
        k.console().printf(format + "%n", args);
        k.console().printf("---[ end trace 0000000000000000 ]---%n");
    }
}
