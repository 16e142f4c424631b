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
    public sealed interface Node permits LongNode, StringNode, OpaqueNode, HandlerNode {
        String description();
    }

    // The value formats of sys/sysctl.h (oid_kind & CTLTYPE).
    public static final int CTLTYPE = 0xf;
    public static final int CTLTYPE_NODE = 1;
    public static final int CTLTYPE_INT = 2;
    public static final int CTLTYPE_STRING = 3;
    public static final int CTLTYPE_S64 = 4;
    public static final int CTLTYPE_OPAQUE = 5;
    public static final int CTLTYPE_UINT = 6;
    public static final int CTLTYPE_LONG = 7;
    public static final int CTLTYPE_ULONG = 8;
    public static final int CTLTYPE_U64 = 9;

    // Access flags (the high bits of oid_kind).
    public static final int CTLFLAG_RD = 0x80000000;
    public static final int CTLFLAG_WR = 0x40000000;
    public static final int CTLFLAG_ANYBODY = 0x10000000;
    public static final int CTLFLAG_TUN = 0x00080000;
    public static final int CTLFLAG_NOFETCH = 0x00001000;

    /**
     * A node whose value a handler gives and takes, the way every FreeBSD oid has an oid_handler: a module's
     * SYSCTL_ADD_INT, SYSCTL_ADD_STRING and SYSCTL_ADD_PROC become these. {@code kind} is the oid_kind, type and
     * access flags together; {@code owner} is the module that declared it (null for the kernel).
     */
    public record HandlerNode(String description, int kind, Handler handler, Object owner) implements Node {

        /** The CTLTYPE_* of the value. */
        public int format() {
            return kind & CTLTYPE;
        }

        /** Whether the value is a number (and so crosses as a 64-bit integer). */
        public boolean numeric() {
            int f = format();
            return f == CTLTYPE_INT || f == CTLTYPE_UINT || f == CTLTYPE_LONG || f == CTLTYPE_ULONG
                    || f == CTLTYPE_S64 || f == CTLTYPE_U64;
        }

        /** The width in bytes of a number on i386 (int and long are 32-bit), 0 for other formats. */
        public int width() {
            int f = format();
            return f == CTLTYPE_S64 || f == CTLTYPE_U64 ? 8 : numeric() ? 4 : 0;
        }
    }

    /** {@code v} as {@code width} little-endian bytes: how numbers cross the sysctl interface. */
    public static byte[] le(long v, int width) {
        byte[] b = new byte[width];
        for (int i = 0; i < width; i++) {
            b[i] = (byte) (v >>> (8 * i));
        }
        return b;
    }

    /** The little-endian number in {@code b} (up to 8 bytes), sign-extended from a 4-byte one when {@code signed}. */
    public static long fromLe(byte[] b, boolean signed) {
        long v = 0;
        for (int i = b.length - 1; i >= 0; i--) {
            v = (v << 8) | (b[i] & 0xFF);
        }
        return signed && b.length == 4 ? (int) v : v;
    }

    /** oid_handler: serves one request; returns 0 or an errno. */
    @FunctionalInterface
    public interface Handler {
        int handle(Request req);
    }

    /**
     * struct sysctl_req: the old value a handler writes out (SYSCTL_OUT) and the new value it may read in
     * (SYSCTL_IN). A handler serves a read and a write in the same call, as kern_sysctl.c's do: it gives the
     * old value first, then takes the new one if there is one.
     */
    public static final class Request {
        /** The most a handler may write out in one request. */
        public static final int MAX_OLD = 1 << 20;

        private final byte[] newValue;
        private int newIdx;
        private byte[] old = new byte[16];
        private int oldLen;
        /** The reader's buffer size, or -1 when it only asks for the length or wants no old value. */
        private final int capacity;
        private boolean truncated;

        /** A request with {@code newValue} to set (null to only read), for a reader with no buffer limit. */
        public Request(byte[] newValue) {
            this(newValue, -1);
        }

        /**
         * A request whose reader has a buffer of {@code capacity} bytes (-1: no limit): a SYSCTL_OUT past it keeps
         * what fits and fails with ENOMEM, so a handler stops before it takes the new value, as sysctl_old_user.
         */
        public Request(byte[] newValue, int capacity) {
            this.newValue = newValue;
            this.capacity = capacity;
        }

        /** Whether a SYSCTL_OUT did not fit the reader's buffer. */
        public boolean truncated() {
            return truncated;
        }

        /** req->newptr != NULL. */
        public boolean hasNew() {
            return newValue != null;
        }

        /** req->newlen. */
        public int newLength() {
            return newValue == null ? 0 : newValue.length;
        }

        /** SYSCTL_OUT: appends {@code len} bytes of {@code b}; ENOMEM past the reader's buffer or {@link #MAX_OLD}. */
        public int out(byte[] b, int off, int len) {
            if (capacity >= 0 && oldLen + len > capacity) {
                truncated = true;
                len = Math.max(0, capacity - oldLen);
                append(b, off, len);
                return org.kld86.libkern.Errnos.ENOMEM;
            }
            if (oldLen + len > MAX_OLD) {
                return org.kld86.libkern.Errnos.ENOMEM;
            }
            append(b, off, len);
            return 0;
        }

        private void append(byte[] b, int off, int len) {
            if (oldLen + len > old.length) {
                old = java.util.Arrays.copyOf(old, Math.max(old.length * 2, oldLen + len));
            }
            System.arraycopy(b, off, old, oldLen, len);
            oldLen += len;
        }

        /** SYSCTL_IN: the next {@code len} bytes of the new value; EINVAL if fewer are left, as sysctl_new_user. */
        public int in(byte[] b, int off, int len) {
            if (newValue == null) {
                return 0;
            }
            if (newValue.length - newIdx < len) {
                return org.kld86.libkern.Errnos.EINVAL;
            }
            System.arraycopy(newValue, newIdx, b, off, len);
            newIdx += len;
            return 0;
        }

        /** What the handler wrote out. */
        public byte[] oldBytes() {
            return java.util.Arrays.copyOf(old, oldLen);
        }
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

    /** Declares a handler-served node (a module's oid); false if the name is taken. */
    public boolean addHandler(String name, HandlerNode node) {
        return nodes.putIfAbsent(name, node) == null;
    }

    /** Whether some node's name starts with {@code prefix + "."}: {@code prefix} is an inner node. */
    public boolean hasChildren(String prefix) {
        String k = nodes.higherKey(prefix + ".");
        return k != null && k.startsWith(prefix + ".");
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
