package org.kld86.kernel.kld;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * A read-only view of host folders as guest directories: each guest directory (such as /boot/modules) shows
 * the .ko files of one or more host folders, the first folder winning when two hold the same name. This is how
 * the sample modules' build output appears on kern.module_path.
 */
public final class HostModuleStore implements ModuleStore {

    private final Map<String, List<Path>> mounts = new LinkedHashMap<>();

    /** Shows the .ko files of {@code hostDirs} in the guest directory {@code guestDir}. */
    public HostModuleStore mount(String guestDir, List<Path> hostDirs) {
        mounts.computeIfAbsent(normalize(guestDir), k -> new ArrayList<>()).addAll(hostDirs);
        return this;
    }

    /** The guest directories and the host folders each one shows, in mount order. */
    public Map<String, List<Path>> mounts() {
        Map<String, List<Path>> out = new LinkedHashMap<>();
        mounts.forEach((k, v) -> out.put(k, List.copyOf(v)));
        return java.util.Collections.unmodifiableMap(out);
    }

    /**
     * The sample drivers' build output of the kld86 project at {@code projectHome}: every modules/NAME/target
     * folder that holds a .ko, sorted. Empty if there is no modules folder.
     */
    public static List<Path> buildOutputDirs(Path projectHome) {
        List<Path> dirs = new ArrayList<>();
        Path modules = projectHome.resolve("modules");
        if (Files.isDirectory(modules)) {
            try (Stream<Path> s = Files.list(modules)) {
                s.map(m -> m.resolve("target")).filter(HostModuleStore::holdsModules).sorted().forEach(dirs::add);
            } catch (IOException e) {
                // no sample modules
            }
        }
        return dirs;
    }

    /** Whether host folder {@code dir} holds a .ko file. */
    public static boolean holdsModules(Path dir) {
        if (!Files.isDirectory(dir)) {
            return false;
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.anyMatch(p -> p.getFileName().toString().endsWith(".ko"));
        } catch (IOException e) {
            return false;
        }
    }

    private static String normalize(String dir) {
        String d = dir.endsWith("/") && dir.length() > 1 ? dir.substring(0, dir.length() - 1) : dir;
        return d.isEmpty() ? "/" : d;
    }

    @Override
    public byte[] read(String path) {
        int slash = path.lastIndexOf('/');
        if (slash < 0) {
            return null;
        }
        String name = path.substring(slash + 1);
        List<Path> dirs = mounts.get(normalize(path.substring(0, slash)));
        if (dirs == null || name.isEmpty() || name.equals(".") || name.equals("..")) {
            return null;
        }
        for (Path d : dirs) {
            Path f = d.resolve(name);
            if (Files.isRegularFile(f)) {
                try {
                    return Files.readAllBytes(f);
                } catch (IOException e) {
                    return null;
                }
            }
        }
        return null;
    }

    @Override
    public List<String> list(String dir) {
        String d = normalize(dir);
        List<Path> dirs = mounts.get(d);
        if (dirs == null) {
            return List.of();
        }
        TreeSet<String> names = new TreeSet<>();
        for (Path hostDir : dirs) {
            if (!Files.isDirectory(hostDir)) {
                continue;
            }
            try (Stream<Path> s = Files.list(hostDir)) {
                s.filter(p -> p.getFileName().toString().endsWith(".ko") && Files.isRegularFile(p))
                        .forEach(p -> names.add(p.getFileName().toString()));
            } catch (IOException e) {
                // an unreadable folder shows nothing
            }
        }
        List<String> out = new ArrayList<>();
        for (String n : names) {
            out.add((d.equals("/") ? "" : d) + "/" + n);
        }
        return out;
    }
}
