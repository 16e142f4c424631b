package org.kld86.kernel.kld;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A loaded file (FreeBSD's linker_file): the kernel itself (id 1) or a .ko, with its id, reference counts,
 * where its image lies in kernel memory, the modules it contains and the files it depends on.
 *
 * <p>{@code refs} counts the file itself plus every file that depends on it; {@code userrefs} counts the
 * kldload(2) calls that asked for it. A file loaded only as a dependency has userrefs 0 and cannot be unloaded
 * by name.
 */
public final class LinkerFile {

    final int id;
    final String filename;
    final String pathname;
    long address;
    long size;
    int refs = 1;
    int userrefs;
    /** Modules, most recently registered first, as TAILQ_INSERT_HEAD leaves them: the unload order. */
    final List<KernelModule> modules = new ArrayList<>();
    final List<LinkerFile> dependencies = new ArrayList<>();
    /** SYSUNINITs: run at unload after MOD_UNLOAD, in reverse order of registration. */
    final List<Runnable> uninits = new ArrayList<>();
    ModuleClassLoader loader;
    /** The file's original class files, for linking the files that depend on it. */
    Map<String, byte[]> classIndexSource = Map.of();
    /** Offsets of each class's entry in the jar, for the addresses printed in messages. */
    Map<String, Long> classOffsets = Map.of();

    LinkerFile(int id, String filename, String pathname) {
        this.id = id;
        this.filename = filename;
        this.pathname = pathname;
    }

    public int id() {
        return id;
    }

    /** The file name as kldstat shows it ("echo.ko"). */
    public String filename() {
        return filename;
    }

    public String pathname() {
        return pathname;
    }

    public long address() {
        return address;
    }

    public long size() {
        return size;
    }

    public int refs() {
        return refs;
    }

    public int userrefs() {
        return userrefs;
    }

    public List<KernelModule> modules() {
        return List.copyOf(modules);
    }

    /**
     * A class of this loaded file, for the host side of tests and benchmarks that drive module code directly.
     *
     * @throws IllegalStateException if the file is unloaded or has no such class
     */
    public Class<?> moduleClass(String binaryName) {
        ModuleClassLoader l = loader;
        if (l == null || !l.defines(binaryName)) {
            throw new IllegalStateException(filename + " has no class " + binaryName);
        }
        try {
            return Class.forName(binaryName, false, l);
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The guest address of a class of this file (image address + the class file's offset in the jar). */
    long addressOf(String internalName) {
        Long off = classOffsets.get(internalName);
        return address + (off == null ? 0 : off);
    }

    @Override
    public String toString() {
        return id + " " + filename;
    }
}
