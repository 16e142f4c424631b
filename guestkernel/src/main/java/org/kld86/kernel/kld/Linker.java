package org.kld86.kernel.kld;

import static org.kld86.kpi.Errno.*;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.kld86.kernel.Kernel;
import org.kld86.kernel.kld.rt.Ticker;
import org.kld86.kernel.vm.VmLayout;
import org.kld86.kpi.Kld;
import org.kld86.kpi.ModuleEventHandler;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.tree.ClassNode;

/**
 * The kernel linker and module registry: FreeBSD's kern_linker.c and kern_module.c for modules that are jars of
 * JVM bytecode.
 *
 * <p>kldload, in kern_linker's order: find the file (a path, a file name on kern.module_path, or a module name
 * looked up in the .ko files there, and failing that the file of that name, bare or with ".ko"); refuse one
 * already loaded (EEXIST); read every class with ASM; read the module declarations; load the modules it depends
 * on (from the module path, within their version range); link every symbol against the exported symbol table,
 * printing {@code link_elf: symbol %s undefined} for each that does not resolve (ENOEXEC); instrument the
 * bytecode for the virtual clock, interrupts and the watchdog; copy the image into kernel memory; define the
 * classes in a class loader of the file's own; register the modules (EEXIST on a name clash); run the SYSINITs
 * (class initialisers) and MOD_LOAD in (subsystem, order) order, dropping a module whose MOD_LOAD fails after
 * calling it with MOD_UNLOAD, and the whole file with ENOEXEC if no module survived.
 *
 * <p>kldunload: userrefs and refs; MOD_QUIESCE (vetoable unless forced); MOD_UNLOAD (vetoable always); the
 * SYSUNINITs (malloc types' leak check); the dependencies released; the image freed and the class loader
 * dropped, so that nothing in the kernel can reach a class of the file any more.
 */
public final class Linker {

    /** The ASM API level of every visitor of the linker. */
    static final int ASM_API = Opcodes.ASM9;
    /** MODULE_VERSION(kernel, ...): the interface version of this kernel. */
    public static final int KERNEL_VERSION = 1;
    public static final String DEFAULT_MODULE_PATH = "/boot/kernel;/boot/modules";
    /** kldunloadf flags. */
    public static final int LINKER_UNLOAD_NORMAL = 0;
    public static final int LINKER_UNLOAD_FORCE = 1;
    /** How long a thread may run module code without sleeping before the watchdog fires. */
    public static final long DEFAULT_WATCHDOG_MS = 5_000;

    /** The outcome of a kldload: a file id, or an errno. */
    public record LoadResult(int fileId, int errno) {
        public boolean ok() {
            return errno == 0;
        }
    }

    private final Kernel kernel;
    private final ModuleStore store;
    private final Ticker ticker;
    private final List<LinkerFile> files = new ArrayList<>();
    private final List<KernelModule> modules = new ArrayList<>();
    private final LinkerFile kernelFile;
    private int nextFileId = 1;
    private int nextModuleId = 1;
    private String modulePath = DEFAULT_MODULE_PATH;
    /** The file whose SYSINITs are running (MALLOC_DEFINE registers its SYSUNINIT there). */
    private LinkerFile initializing;
    /** Told of every file being unloaded, after its SYSUNINITs (the kernel drops what still points into it). */
    private final List<java.util.function.Consumer<LinkerFile>> unloadHooks = new ArrayList<>();

    public Linker(Kernel kernel, ModuleStore store) {
        this.kernel = kernel;
        this.store = store;
        long hz = kernel.machine().clock().hz();
        this.ticker = new Ticker(kernel.machine().cpu(), stuck -> KldWatchdog.fire(kernel, files, stuck),
                DEFAULT_WATCHDOG_MS * hz / 1000);
        kernel.scheduler().addSwitchListener(ticker::rearm);
        kernelFile = new LinkerFile(nextFileId(), "kernel", "/boot/kernel/kernel");
        kernelFile.address = VmLayout.PAGE_OFFSET + VmLayout.KERNEL_LOAD_PA;
        kernelFile.size = VmLayout.KERNEL_IMAGE_BYTES;
        files.add(kernelFile);
        KernelModule km = new KernelModule(nextModuleId++, null, kernelFile, null, kernelFile.address);
        kernelFile.modules.add(km);
        modules.add(km);
        kernel.sysctl().addString("kern.module_path", "module load search path", () -> modulePath);
        kernel.sysctl().addLong("debug.kld.watchdog_ms", "ms of module code without sleeping before the watchdog fires",
                () -> ticker.limitCycles() * 1000 / hz, v -> ticker.setLimitCycles(Math.max(1, v) * hz / 1000));
    }

    public Ticker ticker() {
        return ticker;
    }

    public String modulePath() {
        return modulePath;
    }

    public void setModulePath(String path) {
        this.modulePath = path;
    }

    private ModulePath modulePathSearch() {
        return new ModulePath(store, modulePath);
    }

    /** Loaded files in load order, the kernel first (kldnext(2) order). */
    public List<LinkerFile> files() {
        return List.copyOf(files);
    }

    /** Registered modules, in registration order. */
    public List<KernelModule> modules() {
        return List.copyOf(modules);
    }

    public LinkerFile fileById(int id) {
        for (LinkerFile f : files) {
            if (f.id == id) {
                return f;
            }
        }
        return null;
    }

    /** linker_find_file_by_name: "echo.ko" or "echo". */
    public LinkerFile findFile(String name) {
        String base = name.substring(name.lastIndexOf('/') + 1);
        for (LinkerFile f : files) {
            if (f.filename.equals(base) || f.filename.equals(base + ".ko")) {
                return f;
            }
        }
        return null;
    }

    /** modfind(2). */
    public KernelModule findModule(String name) {
        for (KernelModule m : modules) {
            if (m.name.equals(name)) {
                return m;
            }
        }
        return null;
    }

    public KernelModule moduleById(int id) {
        for (KernelModule m : modules) {
            if (m.id == id) {
                return m;
            }
        }
        return null;
    }

    /** LINKER_GET_NEXT_FILE_ID: the lowest id from next_file_id up that no file has; next_file_id stays there. */
    private int nextFileId() {
        boolean again = true;
        while (again) {
            again = false;
            for (LinkerFile f : files) {
                if (f.id == nextFileId) {
                    nextFileId++;
                    again = true;
                }
            }
        }
        return nextFileId;
    }

    // -------------------------------------------------------------------------------------------------------------
    // kldload

    /**
     * kldload(2): loads {@code name} (a path, a file name, or a module name) with Linux-style {@code params}
     * ("name=value") for its module_params.
     */
    public LoadResult kldload(String name, List<String> params) {
        boolean isModuleName = name.indexOf('/') < 0 && name.indexOf('.') < 0;
        String path;
        if (isModuleName) {
            if (findModule(name) != null) {
                return new LoadResult(0, EEXIST);
            }
            path = modulePathSearch().findModuleFile(name, null);
            if (path == null) {
                // linker_hints_lookup's fallback when no file declares the module: the file "name" or "name.ko"
                // (kldload echo_contig loads echo_contig.ko, whose module is "echo").
                path = modulePathSearch().findFile(name);
            }
            if (path == null) {
                path = modulePathSearch().findFile(name + ".ko");
            }
        } else {
            if (findFile(name) != null) {
                return new LoadResult(0, EEXIST);
            }
            path = name.indexOf('/') >= 0 ? name : modulePathSearch().findFile(name);
        }
        if (path == null) {
            return new LoadResult(0, ENOENT);
        }
        LinkerFile existing = findFile(path);
        if (existing != null) {
            return new LoadResult(0, EEXIST);
        }
        int[] err = {0};
        LinkerFile f = loadFile(path, params == null ? List.of() : params, err);
        if (f == null) {
            return new LoadResult(0, err[0]);
        }
        f.userrefs++;
        return new LoadResult(f.id, 0);
    }

    /** linker_load_file and link_elf_load_file: returns the file, or null with the errno in {@code err[0]}. */
    private LinkerFile loadFile(String path, List<String> params, int[] err) {
        byte[] bytes = store.read(path);
        if (bytes == null) {
            err[0] = ENOENT;
            return null;
        }
        String filename = path.substring(path.lastIndexOf('/') + 1);
        JarImage jar;
        List<ClassNode> nodes = new ArrayList<>();
        try {
            jar = new JarImage(bytes);
            for (byte[] b : jar.classes.values()) {
                ClassNode n = new ClassNode(ASM_API);
                new ClassReader(b).accept(n, 0);
                nodes.add(n);
            }
        } catch (JarImage.NotAJar | RuntimeException e) {
            kernel.console().printf("linker_load_file: %s - unsupported file type%n", path);
            err[0] = ENOEXEC;
            return null;
        }
        ClassIndex probe = new ClassIndex(List.of());
        for (byte[] b : jar.classes.values()) {
            probe.add(b);
        }
        List<ModuleDeclaration> decls = new ArrayList<>();
        try {
            for (ClassNode n : nodes) {
                ModuleDeclaration d = ModuleDeclarations.read(n, probe);
                if (d != null) {
                    decls.add(d);
                }
            }
        } catch (IllegalArgumentException e) {
            kernel.console().printf("%s: %s%n", filename, e.getMessage());
            kernel.console().printf("linker_load_file: %s - unsupported file type%n", path);
            err[0] = ENOEXEC;
            return null;
        }

        LinkerFile f = new LinkerFile(nextFileId(), filename, path);
        f.classOffsets = Map.copyOf(jar.offsets);
        files.add(f);
        kernelFile.refs++; // every module depends on "kernel"
        f.dependencies.add(kernelFile);

        // linker_load_dependencies
        for (ModuleDeclaration d : decls) {
            for (ModuleDeclaration.Dependency dep : d.depends()) {
                if (dep.name().equals("kernel") || decls.stream().anyMatch(o -> o.name().equals(dep.name()))) {
                    continue;
                }
                KernelModule loaded = findModule(dep.name());
                LinkerFile target;
                if (loaded != null && loaded.version != 0 && dep.accepts(loaded.version)) {
                    target = loaded.file;
                } else if (loaded != null) {
                    target = null;
                } else {
                    String depPath = modulePathSearch().findModuleFile(dep.name(), dep);
                    target = depPath == null ? null : loadFile(depPath, List.of(), new int[1]);
                    if (target != null) {
                        target.refs--; // the reference loadFile took becomes the dependency's below
                    }
                }
                if (target == null) {
                    kernel.console().printf("KLD %s: depends on %s - not available or version mismatch%n", filename, dep.name());
                    unloadFile(f, LINKER_UNLOAD_FORCE);
                    err[0] = ENOENT;
                    return null;
                }
                if (!f.dependencies.contains(target)) {
                    target.refs++;
                    f.dependencies.add(target);
                }
            }
        }

        // Link: every symbol against the exported table, this file and its dependencies.
        List<ClassIndex> depIndexes = new ArrayList<>();
        List<ModuleClassLoader> depLoaders = new ArrayList<>();
        for (LinkerFile d : f.dependencies) {
            if (d.loader != null) {
                depLoaders.add(d.loader);
                ClassIndex di = new ClassIndex(List.of());
                d.classIndexSource.values().forEach(di::add);
                depIndexes.add(di);
            }
        }
        ClassIndex index = new ClassIndex(depIndexes);
        for (byte[] b : jar.classes.values()) {
            index.add(b);
        }
        LinkProblems problems = new LinkProblems();
        List<LinkRule> rules = List.of(new RejectNewerClassFile(), new RejectNativeMethod(), new RejectUndefinedSymbol(ExportedSymbols.MODULES));
        for (ClassNode n : nodes) {
            for (LinkRule r : rules) {
                r.check(n, index, problems);
            }
        }
        if (problems.any()) {
            for (String why : problems.unsupportedReasons()) {
                kernel.console().printf("%s: %s%n", filename, why);
            }
            for (String s : problems.undefinedSymbols()) {
                kernel.console().printf("link_elf: symbol %s undefined%n", s);
            }
            kernel.console().printf("linker_load_file: %s - unsupported file type%n", path);
            unloadFile(f, LINKER_UNLOAD_FORCE);
            err[0] = ENOEXEC;
            return null;
        }

        // Instrument and define.
        Map<String, byte[]> instrumented = new LinkedHashMap<>();
        for (ClassNode n : nodes) {
            instrumented.put(n.name, Instrumenter.instrument(n, index));
        }
        instrumented.put(SafepointClass.NAME, SafepointClass.generate());
        f.classIndexSource = Map.copyOf(jar.classes);
        f.loader = new ModuleClassLoader(filename, instrumented, depLoaders, ticker);
        KernelImage.load(kernel, f, bytes);

        // module_register
        decls.sort(Comparator.comparingInt(ModuleDeclaration::subsystem).thenComparingInt(ModuleDeclaration::order));
        List<KernelModule> registered = new ArrayList<>();
        for (ModuleDeclaration d : decls) {
            KernelModule other = findModule(d.name());
            if (other != null) {
                kernel.console().printf("module_register: cannot register %s from %s; already loaded from %s%n",
                        d.name(), filename, other.file.filename);
                for (KernelModule m : registered) {
                    modules.remove(m);
                }
                f.modules.clear();
                unloadFile(f, LINKER_UNLOAD_FORCE);
                err[0] = EEXIST;
                return null;
            }
            KernelModule m = new KernelModule(nextModuleId++, d, f, null, f.addressOf(d.className()));
            modules.add(m);
            registered.add(m);
        }

        // SYSINITs: the class initialisers (MALLOC_DEFINE and friends), then module_register_init.
        LinkerFile outer = initializing;
        initializing = f;
        try {
            try {
                Class.forName(SafepointClass.NAME.replace('/', '.'), true, f.loader);
            } catch (ClassNotFoundException e) {
                throw new IllegalStateException(e);
            }
            for (ClassNode n : nodes) {
                String cn = n.name.replace('/', '.');
                ModuleCalls.run(kernel, f, () -> {
                    try {
                        Class.forName(cn, true, f.loader);
                    } catch (ClassNotFoundException e) {
                        throw new IllegalStateException(e);
                    } catch (ExceptionInInitializerError e) {
                        if (e.getCause() instanceof RuntimeException re) {
                            throw re;
                        }
                        throw e;
                    }
                });
            }
            f.loader.sealDefinitions();
            for (KernelModule m : registered) {
                m.handler = ModuleCalls.call(kernel, f, () -> ModuleHandlers.make(kernel, m, params));
                int error = event(m, Kld.MOD_LOAD);
                if (error != 0) {
                    event(m, Kld.MOD_UNLOAD);
                    modules.remove(m);
                    kernel.console().printf("module_register_init: MOD_LOAD (%s, 0x%08x, 0) error %d%n",
                            m.name, m.handlerAddress, error);
                } else {
                    f.modules.add(0, m);
                }
            }
        } finally {
            initializing = outer;
        }
        if (!decls.isEmpty() && f.modules.isEmpty()) {
            unloadFile(f, LINKER_UNLOAD_FORCE);
            err[0] = ENOEXEC;
            return null;
        }
        return f;
    }

    /** MOD_EVENT: calls the module's handler through {@link ModuleCalls}. */
    private int event(KernelModule m, int what) {
        ModuleEventHandler h = m.handler;
        if (h == null) {
            return 0;
        }
        return ModuleCalls.call(kernel, m.file, () -> h.modevent(m, what, null));
    }

    /**
     * Registers {@code uninit} to run when the file whose initialisation is under way is unloaded (a SYSUNINIT),
     * and returns that file; null (and nothing registered) outside a file's initialisation.
     */
    public LinkerFile registerUninit(Runnable uninit) {
        if (initializing == null) {
            return null;
        }
        initializing.uninits.add(uninit);
        return initializing;
    }

    /**
     * Calls {@code hook} for every file being unloaded, after its SYSUNINITs and before its classes go: the kernel
     * subsystems that keep module code (interrupt handlers, callouts) drop what the file left behind.
     */
    public void addUnloadHook(java.util.function.Consumer<LinkerFile> hook) {
        unloadHooks.add(hook);
    }

    /** The loaded file a class belongs to, or null for a kernel class. */
    public LinkerFile fileOf(Class<?> c) {
        ClassLoader l = c.getClassLoader();
        for (LinkerFile f : files) {
            if (f.loader != null && f.loader == l) {
                return f;
            }
        }
        return null;
    }

    // -------------------------------------------------------------------------------------------------------------
    // kldunload

    /** kldunloadf(2): returns 0 or an errno. */
    public int kldunload(int fileId, int flags) {
        if (flags != LINKER_UNLOAD_NORMAL && flags != LINKER_UNLOAD_FORCE) {
            return EINVAL;
        }
        LinkerFile f = fileById(fileId);
        if (f == null) {
            return ENOENT;
        }
        if (f.userrefs == 0) {
            kernel.console().printf("kldunload: attempt to unload file that was loaded by the kernel%n");
            return EBUSY;
        }
        f.userrefs--;
        int error = unloadFile(f, flags);
        if (error != 0) {
            f.userrefs++;
        }
        return error;
    }

    /** linker_file_unload. */
    private int unloadFile(LinkerFile f, int flags) {
        if (f.refs > 1) {
            f.refs--;
            return 0;
        }
        if (f == kernelFile) {
            return EBUSY;
        }
        for (KernelModule m : List.copyOf(f.modules)) {
            int error = event(m, Kld.MOD_QUIESCE);
            if (error == EOPNOTSUPP || error == EINVAL) {
                error = 0;
            }
            if (error != 0 && flags != LINKER_UNLOAD_FORCE) {
                return error;
            }
        }
        for (KernelModule m : List.copyOf(f.modules)) {
            int error = event(m, Kld.MOD_UNLOAD);
            if (error != 0) {
                return error;
            }
            f.modules.remove(m);
            modules.remove(m);
            m.handler = null;
        }
        for (int i = f.uninits.size() - 1; i >= 0; i--) {
            Runnable u = f.uninits.get(i);
            ModuleCalls.run(kernel, f, u);
        }
        f.uninits.clear();
        for (java.util.function.Consumer<LinkerFile> hook : unloadHooks) {
            hook.accept(f);
        }
        f.refs = 0;
        files.remove(f);
        for (LinkerFile d : f.dependencies) {
            unloadFile(d, LINKER_UNLOAD_FORCE);
        }
        f.dependencies.clear();
        KernelImage.free(kernel, f, f == kernelFile);
        f.loader = null;
        f.classIndexSource = Map.of();
        return 0;
    }

    /** MOD_SHUTDOWN to every module, in reverse order of registration (shutdown_final). */
    public void shutdown() {
        List<KernelModule> all = new ArrayList<>(modules);
        for (int i = all.size() - 1; i >= 0; i--) {
            KernelModule m = all.get(i);
            if (m.file != kernelFile) {
                event(m, Kld.MOD_SHUTDOWN);
            }
        }
    }

}
