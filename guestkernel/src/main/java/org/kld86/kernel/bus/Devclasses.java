package org.kld86.kernel.bus;

import java.util.HashMap;
import java.util.Map;
import java.util.TreeSet;

/**
 * Device unit numbers by driver name (newbus's devclasses): the first driver to attach as "edu" gets edu0, the
 * next edu1, and a unit given back is handed out again, lowest first.
 */
public final class Devclasses {

    private final Map<String, TreeSet<Integer>> units = new HashMap<>();

    /** The lowest free unit of {@code name}, now taken. */
    public int allocate(String name) {
        TreeSet<Integer> taken = units.computeIfAbsent(name, k -> new TreeSet<>());
        int unit = 0;
        while (taken.contains(unit)) {
            unit++;
        }
        taken.add(unit);
        return unit;
    }

    /** Gives unit {@code unit} of {@code name} back. */
    public void release(String name, int unit) {
        TreeSet<Integer> taken = units.get(name);
        if (taken != null) {
            taken.remove(unit);
        }
    }
}
