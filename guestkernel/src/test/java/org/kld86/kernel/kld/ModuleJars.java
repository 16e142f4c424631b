package org.kld86.kernel.kld;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.FileObject;
import javax.tools.ForwardingJavaFileManager;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.StandardLocation;
import javax.tools.ToolProvider;

/**
 * Builds module jars for tests from Java source, compiled in memory against the kernel's classes, so that no
 * module class is ever on the test class path (a class defined there could never be unloaded).
 */
public final class ModuleJars {

    private ModuleJars() {
    }

    /** Compiles {@code sources} (class name -> source) and returns the jar bytes. */
    public static byte[] jar(Map<String, String> sources) {
        return pack(compile(sources, List.of()));
    }

    /** Compiles with extra class path entries (for a module that depends on another one's classes). */
    public static Map<String, byte[]> compile(Map<String, String> sources, List<String> extraClassPath) {
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        DiagnosticCollector<JavaFileObject> diags = new DiagnosticCollector<>();
        StandardJavaFileManager std = javac.getStandardFileManager(diags, null, StandardCharsets.UTF_8);
        Map<String, ByteArrayOutputStream> out = new TreeMap<>();
        ForwardingJavaFileManager<StandardJavaFileManager> fm = new ForwardingJavaFileManager<>(std) {
            @Override
            public JavaFileObject getJavaFileForOutput(Location location, String className, JavaFileObject.Kind kind,
                    FileObject sibling) {
                return new SimpleJavaFileObject(URI.create("mem:///" + className.replace('.', '/') + ".class"), kind) {
                    @Override
                    public OutputStream openOutputStream() {
                        ByteArrayOutputStream b = new ByteArrayOutputStream();
                        out.put(className.replace('.', '/'), b);
                        return b;
                    }
                };
            }
        };
        List<JavaFileObject> units = new ArrayList<>();
        sources.forEach((name, src) -> units.add(new SimpleJavaFileObject(
                URI.create("string:///" + name.replace('.', '/') + ".java"), JavaFileObject.Kind.SOURCE) {
            @Override
            public CharSequence getCharContent(boolean ignoreEncodingErrors) {
                return src;
            }
        }));
        String cp = System.getProperty("java.class.path");
        for (String e : extraClassPath) {
            cp = e + File.pathSeparator + cp;
        }
        List<String> options = List.of("-classpath", cp, "--release", "17", "-g", "-proc:none", "-Xlint:none");
        boolean ok = javac.getTask(null, fm, diags, options, null, units).call();
        if (!ok) {
            StringBuilder sb = new StringBuilder("module source does not compile:\n");
            for (Diagnostic<? extends JavaFileObject> d : diags.getDiagnostics()) {
                sb.append(d).append('\n');
            }
            throw new IllegalArgumentException(sb.toString());
        }
        Map<String, byte[]> classes = new TreeMap<>();
        out.forEach((k, v) -> classes.put(k, v.toByteArray()));
        return classes;
    }

    /** Packs class files (internal name -> bytes) into a jar. */
    public static byte[] pack(Map<String, byte[]> classes) {
        try {
            ByteArrayOutputStream b = new ByteArrayOutputStream();
            try (JarOutputStream j = new JarOutputStream(b)) {
                for (Map.Entry<String, byte[]> e : classes.entrySet()) {
                    JarEntry entry = new JarEntry(e.getKey() + ".class");
                    entry.setTime(0);
                    j.putNextEntry(entry);
                    j.write(e.getValue());
                    j.closeEntry();
                }
            }
            return b.toByteArray();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
