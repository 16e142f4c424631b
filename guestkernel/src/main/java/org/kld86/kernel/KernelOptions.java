package org.kld86.kernel;

/**
 * The kernel's build options, chosen at boot the way a kernel config file chooses them (sys/conf/NOTES).
 *
 * @param invariants         INVARIANTS: consistency checks; malloc'd memory is trash-filled with 0xdeadc0de and
 *                           checked for writes after free ("Memory modified after free")
 * @param diagnostic         DIAGNOSTIC: more expensive checks
 * @param mallocMakeFailures MALLOC_MAKE_FAILURES: the debug.malloc.failure_rate sysctl makes every n-th
 *                           M_NOWAIT malloc fail
 */
public record KernelOptions(boolean invariants, boolean diagnostic, boolean mallocMakeFailures) {

    /** The default kernel: INVARIANTS on, as on a FreeBSD development kernel. */
    public static KernelOptions defaults() {
        return new KernelOptions(true, false, false);
    }

    public KernelOptions withInvariants(boolean on) {
        return new KernelOptions(on, diagnostic, mallocMakeFailures);
    }

    public KernelOptions withDiagnostic(boolean on) {
        return new KernelOptions(invariants, on, mallocMakeFailures);
    }

    public KernelOptions withMallocMakeFailures(boolean on) {
        return new KernelOptions(invariants, diagnostic, on);
    }

    /**
     * Parses a comma-separated option list as a kernel config names them: {@code INVARIANTS,DIAGNOSTIC},
     * {@code MALLOC_MAKE_FAILURES}, and {@code -INVARIANTS} to turn one off. Starts from the defaults.
     */
    public static KernelOptions parse(String list) {
        KernelOptions o = defaults();
        for (String raw : list.split(",")) {
            String name = raw.trim();
            if (name.isEmpty()) {
                continue;
            }
            boolean on = !name.startsWith("-");
            String key = on ? name : name.substring(1);
            o = switch (key) {
                case "INVARIANTS" -> o.withInvariants(on);
                case "DIAGNOSTIC" -> o.withDiagnostic(on);
                case "MALLOC_MAKE_FAILURES" -> o.withMallocMakeFailures(on);
                default -> throw new IllegalArgumentException("unknown kernel option '" + key
                        + "' (options: INVARIANTS, DIAGNOSTIC, MALLOC_MAKE_FAILURES)");
            };
        }
        return o;
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        if (invariants) {
            sb.append("INVARIANTS ");
        }
        if (diagnostic) {
            sb.append("DIAGNOSTIC ");
        }
        if (mallocMakeFailures) {
            sb.append("MALLOC_MAKE_FAILURES ");
        }
        return sb.toString().trim();
    }
}
