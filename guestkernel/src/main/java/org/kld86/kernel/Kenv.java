package org.kld86.kernel;

import java.util.Map;
import java.util.TreeMap;

/**
 * The kernel environment (kenv(1), kenv(2)): name=value strings set by the loader or at run time, which
 * modules read as tunables at load ({@code TUNABLE_INT_FETCH("hw.scullp.order", &order)}).
 */
public final class Kenv {

    /** KENV_MNAMELEN and KENV_MVALLEN of sys/kenv.h. */
    public static final int MAX_NAME = 128;
    public static final int MAX_VALUE = 128;

    private final TreeMap<String, String> env = new TreeMap<>();

    public String get(String name) {
        return env.get(name);
    }

    /**
     * kern_setenv.
     *
     * @return 0, or EINVAL for a name or value too long or a name with '=' in it
     */
    public int set(String name, String value) {
        if (name.isEmpty() || name.length() >= MAX_NAME || value.length() >= MAX_VALUE || name.indexOf('=') >= 0) {
            return org.kld86.kpi.Errno.EINVAL;
        }
        env.put(name, value);
        return 0;
    }

    /** kern_unsetenv: 0, or ENOENT if not set. */
    public int unset(String name) {
        return env.remove(name) == null ? org.kld86.kpi.Errno.ENOENT : 0;
    }

    /** Every variable, sorted by name (kenv(1) with no arguments). */
    public Map<String, String> all() {
        return java.util.Collections.unmodifiableSortedMap(env);
    }

    /**
     * getenv_quad(9): the variable as a number (decimal, 0x hex, 0 octal) with an optional k/m/g/t suffix, or
     * null if unset or not a number.
     */
    public Long getQuad(String name) {
        String v = env.get(name);
        if (v == null || v.isEmpty()) {
            return null;
        }
        long mult = 1;
        char last = Character.toLowerCase(v.charAt(v.length() - 1));
        int shift = switch (last) {
            case 'k' -> 10;
            case 'm' -> 20;
            case 'g' -> 30;
            case 't' -> 40;
            default -> 0;
        };
        if (shift > 0) {
            v = v.substring(0, v.length() - 1);
            mult = 1L << shift;
        }
        try {
            long n = Long.decode(v);
            return n * mult;
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
