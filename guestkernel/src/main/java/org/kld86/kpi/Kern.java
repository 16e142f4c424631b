package org.kld86.kpi;

import org.kld86.kernel.Kernel;

/**
 * The kernel environment and tunables (sys/kernel.h, kern_environment.c): what a module reads at load to let
 * the user configure it, e.g. {@code kenv hw.scullp.order=2} before {@code kldload scullp}.
 */
public final class Kern {

    private Kern() {
    }

    /** kern_getenv(9): the value, or null if unset. */
    public static String getenv(String name) {
        return Kernel.current().kenv().get(name);
    }

    /** testenv(9). */
    public static boolean testenv(String name) {
        return getenv(name) != null;
    }

    /**
     * TUNABLE_INT_FETCH(path, &var): the tunable's value if it is set and is a number, otherwise {@code dflt}
     * (the variable keeps its compiled-in value).
     */
    public static int TUNABLE_INT_FETCH(String path, int dflt) {
        Long v = Kernel.current().kenv().getQuad(path);
        return v == null ? dflt : (int) (long) v;
    }

    /** TUNABLE_LONG_FETCH / getenv_quad(9). */
    public static long TUNABLE_QUAD_FETCH(String path, long dflt) {
        Long v = Kernel.current().kenv().getQuad(path);
        return v == null ? dflt : v;
    }

    /** The virtual clock, in nanoseconds since boot (nanouptime(9)). */
    public static long nanouptime() {
        return Kernel.current().machine().clock().nanos();
    }

    /** ticks: hardclock ticks since boot at {@link #hz()}. */
    public static long ticks() {
        return Kernel.current().machine().clock().nanos() / (1_000_000_000L / Kernel.HZ);
    }

    /** hz: clock ticks per second. */
    public static int hz() {
        return Kernel.HZ;
    }
}
