package org.kld86.kernel.kld;

import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import org.kld86.kernel.Kernel;
import org.kld86.kernel.kld.rt.Ticker;
import org.kld86.kernel.proc.ProcTable;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.MethodNode;

/**
 * User programs (package {@code org.kld86.userland}): linked once with the user symbol table, so they can reach
 * the kernel only through {@link org.kld86.kernel.kld.rt.UserCpu} (loads, stores and INT 0x80), instrumented
 * like modules so that user code advances the clock and takes interrupts, and defined in a class loader of each
 * kernel's own. The classes are shared by every process of the kernel, as text pages are; each process has its
 * own guest memory.
 *
 * <p>Trap for program authors: Java static fields are shared by all processes of a kernel, unlike a C program's
 * globals. Keep per-process state in locals and objects the program's main creates.
 */
public final class Userland implements ProcTable.Loader {

    static final String PACKAGE = "org/kld86/userland/";
    /**
     * On a test class path only this package holds user programs (test programs such as Hello and Poke); the
     * other classes there under org.kld86.userland are the JUnit tests of the programs, which mirror their
     * packages and run on the host.
     */
    static final String TEST_PROGRAMS = PACKAGE + "test/";

    /** The linked, instrumented classes, the same for every kernel of the JVM. */
    private static volatile Map<String, byte[]> linked;

    private final ClassLoader loader;

    public Userland(Kernel kernel, Ticker ticker) {
        Map<String, byte[]> classes = linkedClasses();
        this.loader = new UserClassLoader(classes, ticker);
    }

    /** Loads, checks and instruments the user programs; a program that breaks the rules is a build error. */
    static Map<String, byte[]> linkedClasses() {
        Map<String, byte[]> l = linked;
        if (l != null) {
            return l;
        }
        synchronized (Userland.class) {
            if (linked != null) {
                return linked;
            }
            Map<String, byte[]> raw = readUserClasses();
            ClassIndex index = new ClassIndex(List.of());
            raw.values().forEach(index::add);
            LinkProblems problems = new LinkProblems();
            List<ClassNode> nodes = new ArrayList<>();
            for (byte[] b : raw.values()) {
                ClassNode n = new ClassNode(Linker.ASM_API);
                new ClassReader(b).accept(n, 0);
                nodes.add(n);
                new RejectNewerClassFile().check(n, index, problems);
                new RejectNativeMethod().check(n, index, problems);
                new RejectUndefinedSymbol(ExportedSymbols.USERLAND).check(n, index, problems);
            }
            if (problems.any()) {
                throw new IllegalStateException("userland does not link: " + problems.undefinedSymbols()
                        + problems.unsupportedReasons());
            }
            Map<String, byte[]> out = new LinkedHashMap<>();
            for (ClassNode n : nodes) {
                out.put(n.name, Instrumenter.instrument(n, index));
            }
            out.put(SafepointClass.NAME, SafepointClass.generate());
            linked = Map.copyOf(out);
            return linked;
        }
    }

    /**
     * Reads every class of package org.kld86.userland from every class path root that has it (the kernel's own
     * programs, and for tests their test programs), in name order; the first root wins a duplicate.
     */
    private static Map<String, byte[]> readUserClasses() {
        Map<String, byte[]> out = new java.util.TreeMap<>();
        try {
            java.util.Enumeration<java.net.URL> roots = Userland.class.getClassLoader().getResources(PACKAGE);
            while (roots.hasMoreElements()) {
                java.net.URL url = roots.nextElement();
                if (url.getProtocol().equals("file")) {
                    Path dir = Path.of(url.toURI());
                    Path root = dir;
                    for (int i = 0; i < PACKAGE.split("/").length; i++) {
                        root = root.getParent();
                    }
                    boolean testRoot = root.getFileName() != null && root.getFileName().toString().equals("test-classes");
                    try (Stream<Path> s = Files.walk(dir)) {
                        for (Path p : s.filter(f -> f.toString().endsWith(".class")).sorted().toList()) {
                            String rel = root.relativize(p).toString().replace('\\', '/');
                            if (testRoot && !rel.startsWith(TEST_PROGRAMS)) {
                                continue; // a JUnit test of the programs: host code, not a user program
                            }
                            out.putIfAbsent(rel.substring(0, rel.length() - 6), Files.readAllBytes(p));
                        }
                    }
                } else if (url.getProtocol().equals("jar")) {
                    String spec = url.getPath();
                    Path jarPath = Path.of(new java.net.URI(spec.substring(0, spec.indexOf("!/"))));
                    try (JarFile jar = new JarFile(jarPath.toFile())) {
                        List<JarEntry> entries = jar.stream()
                                .filter(e -> e.getName().startsWith(PACKAGE) && e.getName().endsWith(".class"))
                                .sorted((a, b) -> a.getName().compareTo(b.getName())).toList();
                        for (JarEntry e : entries) {
                            try (InputStream in = jar.getInputStream(e)) {
                                out.putIfAbsent(e.getName().substring(0, e.getName().length() - 6), in.readAllBytes());
                            }
                        }
                    }
                }
            }
        } catch (IOException | URISyntaxException e) {
            throw new IllegalStateException("cannot read the user programs", e);
        }
        return out;
    }

    /** The class loader of a kernel's user programs: theirs first, the JDK and the kld runtime from the surface. */
    private static final class UserClassLoader extends ClassLoader implements org.kld86.kernel.kld.rt.KldRuntime.TickerSource {
        private final Map<String, byte[]> classes;
        private final Ticker ticker;

        UserClassLoader(Map<String, byte[]> classes, Ticker ticker) {
            super("kld86-userland", ModuleClassLoader.SURFACE);
            this.classes = classes;
            this.ticker = ticker;
        }

        @Override
        public Ticker ticker() {
            return ticker;
        }

        @Override
        protected Class<?> findClass(String name) throws ClassNotFoundException {
            byte[] b = classes.get(name.replace('.', '/'));
            if (b == null) {
                throw new ClassNotFoundException(name);
            }
            return defineClass(name, b, 0, b.length);
        }
    }

    /**
     * The program classes of this kernel, by binary name: those with {@code public static int main(int, long, long)}
     * (libc and a program's helper classes have none).
     */
    public List<String> programs() {
        List<String> out = new ArrayList<>();
        for (Map.Entry<String, byte[]> e : linkedClasses().entrySet()) {
            String n = e.getKey();
            if (n.startsWith(PACKAGE) && !n.contains("$") && !n.startsWith(PACKAGE + "libc/") && hasMain(e.getValue())) {
                out.add(n.replace('/', '.'));
            }
        }
        return out;
    }

    private static boolean hasMain(byte[] classFile) {
        ClassNode n = new ClassNode(Linker.ASM_API);
        new ClassReader(classFile).accept(n, ClassReader.SKIP_CODE);
        for (MethodNode m : n.methods) {
            if (m.name.equals("main") && m.desc.equals("(IJJ)I") && (m.access & Opcodes.ACC_STATIC) != 0
                    && (m.access & Opcodes.ACC_PUBLIC) != 0) {
                return true;
            }
        }
        return false;
    }

    @Override
    public int run(String className, int argc, long argv, long envp) {
        if (!className.startsWith("org.kld86.userland.") || !linkedClasses().containsKey(className.replace('.', '/'))) {
            throw new ProcTable.NoSuchProgram("no program " + className);
        }
        try {
            Class<?> c = Class.forName(className, true, loader);
            java.lang.reflect.Method main = c.getMethod("main", int.class, long.class, long.class);
            return (Integer) main.invoke(null, argc, argv, envp);
        } catch (java.lang.reflect.InvocationTargetException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException r) {
                throw r;
            }
            if (cause instanceof Error er) {
                throw er;
            }
            throw new IllegalStateException(cause);
        } catch (NoSuchMethodException | ClassNotFoundException | IllegalAccessException e) {
            throw new ProcTable.NoSuchProgram("no program " + className + ": " + e.getMessage());
        }
    }
}
