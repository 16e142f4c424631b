package org.kld86.kernel.kld;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** A module store held in memory, for tests: guest path -> bytes. */
public final class MemoryModuleStore implements ModuleStore {

    private final Map<String, byte[]> files = new TreeMap<>();

    public MemoryModuleStore put(String path, byte[] bytes) {
        files.put(path, bytes);
        return this;
    }

    @Override
    public byte[] read(String path) {
        return files.get(path);
    }

    @Override
    public List<String> list(String dir) {
        List<String> out = new ArrayList<>();
        String prefix = dir.endsWith("/") ? dir : dir + "/";
        for (String p : files.keySet()) {
            if (p.startsWith(prefix) && p.indexOf('/', prefix.length()) < 0 && p.endsWith(".ko")) {
                out.add(p);
            }
        }
        return out;
    }
}
