package org.kld86.kernel.tty;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.kld86.kernel.fs.FileOps;

/**
 * The character devices made so far, by name: the stand-in for devfs until devfs exists. A file system looks
 * nodes up here to open /dev/NAME. The host's completion of /dev paths reads it from another thread, hence the
 * synchronization.
 */
public final class DeviceNodeTable implements DeviceNodes {

    /** One node: what opening it gives and how it is owned. */
    public record Node(String name, FileOps ops, Object data, int uid, int gid, int mode) {
    }

    private final Map<String, Node> nodes = new TreeMap<>();

    @Override
    public synchronized void makeDev(String name, FileOps ops, Object data, int uid, int gid, int mode) {
        if (nodes.putIfAbsent(name, new Node(name, ops, data, uid, gid, mode)) != null) {
            throw new IllegalStateException("make_dev: /dev/" + name + " exists");
        }
    }

    /** The node /dev/{@code name}, or null. */
    public synchronized Node lookup(String name) {
        return nodes.get(name);
    }

    /** The node names, sorted. */
    public synchronized List<String> names() {
        return List.copyOf(nodes.keySet());
    }
}
