package org.kld86.kernel.sysctl;

import java.util.Map;
import java.util.TreeMap;
import java.util.function.LongConsumer;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * The sysctl(3) MIB: named kernel variables, read-only or read-write, integer or string, as FreeBSD's
 * SYSCTL_INT / SYSCTL_STRING / SYSCTL_PROC declare them. Names are dotted ("debug.malloc.failure_rate"), kept in
 * sorted order so a listing is stable.
 */
public final class Sysctl {

    /** One node. */
    public sealed interface Node permits LongNode, StringNode, OpaqueNode {
        String description();
    }

    /** An integer variable; {@code setter} is null for a read-only one. */
    public record LongNode(String description, LongSupplier getter, LongConsumer setter) implements Node {
    }

    /** A string variable; read-only. */
    public record StringNode(String description, Supplier<String> getter) implements Node {
    }

    /** An opaque binary value (a stats stream such as kern.malloc_stats); read-only. */
    public record OpaqueNode(String description, Supplier<byte[]> getter) implements Node {
    }

    private final TreeMap<String, Node> nodes = new TreeMap<>();

    /** Declares an integer sysctl ({@code setter} null for CTLFLAG_RD). */
    public void addLong(String name, String description, LongSupplier getter, LongConsumer setter) {
        put(name, new LongNode(description, getter, setter));
    }

    public void addString(String name, String description, Supplier<String> getter) {
        put(name, new StringNode(description, getter));
    }

    public void addOpaque(String name, String description, Supplier<byte[]> getter) {
        put(name, new OpaqueNode(description, getter));
    }

    /** The first node name after {@code name} in order ("" for the first of all), or null past the last. */
    public String next(String name) {
        return name.isEmpty() ? (nodes.isEmpty() ? null : nodes.firstKey()) : nodes.higherKey(name);
    }

    private void put(String name, Node node) {
        if (nodes.putIfAbsent(name, node) != null) {
            throw new IllegalArgumentException("sysctl " + name + " is already declared");
        }
    }

    /** Removes a node (a module's sysctls go away at unload). */
    public void remove(String name) {
        nodes.remove(name);
    }

    public Node lookup(String name) {
        return nodes.get(name);
    }

    /** Every node whose name is {@code prefix} or starts with {@code prefix + "."}, in order. */
    public Map<String, Node> subtree(String prefix) {
        if (prefix.isEmpty()) {
            return java.util.Collections.unmodifiableSortedMap(nodes);
        }
        TreeMap<String, Node> out = new TreeMap<>();
        for (Map.Entry<String, Node> e : nodes.tailMap(prefix, true).entrySet()) {
            String k = e.getKey();
            if (!k.equals(prefix) && !k.startsWith(prefix + ".")) {
                break;
            }
            out.put(k, e.getValue());
        }
        return out;
    }
}
