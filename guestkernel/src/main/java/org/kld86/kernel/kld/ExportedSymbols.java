package org.kld86.kernel.kld;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.objectweb.asm.Opcodes;

/**
 * The kernel's exported symbol table: what a module may reference. Three parts:
 * <ul>
 *   <li>the KPI, package {@code org.kld86.kpi}: its public classes and their public and protected members;</li>
 *   <li>a short allowlist of pure JDK classes and members ({@code jdk-allowlist.txt}): strings, boxing, math,
 *       exceptions, deterministic collections, the functional interfaces;</li>
 *   <li>exactly the invokedynamic bootstraps javac uses for lambdas, string concatenation and records.</li>
 * </ul>
 * Nothing else of the kernel and nothing else of the JDK exists for a module: that is the linker's contract.
 */
final class ExportedSymbols {

    static final String KPI_PACKAGE = "org/kld86/kpi/";
    static final String USER_CPU = "org/kld86/kernel/kld/rt/UserCpu";

    /** Which kernel classes a kind of code may use. */
    interface Policy {
        /** Whether {@code c}, a kernel class, is exported to this kind of code. */
        boolean exportsKernelClass(ClassInfo c);
    }

    /** Kernel modules see the KPI, and libkern's pure code that the KPI builds on (errno values). */
    static final Policy MODULES = c -> (isKpiClass(c.name()) || c.name().startsWith("org/kld86/libkern/")) && c.isPublic();
    /**
     * User programs see their instruction set, UserCpu (memory at CPL 3 and INT 0x80), and libkern, the pure
     * code (printf formatting) the kernel and libc share.
     */
    static final Policy USERLAND = c -> c.name().equals(USER_CPU)
            || (c.name().startsWith("org/kld86/libkern/") && c.isPublic());

    /** The allowed bootstrap methods: owner.name. */
    static final Set<String> BOOTSTRAPS = Set.of(
            "java/lang/invoke/LambdaMetafactory.metafactory",
            "java/lang/invoke/LambdaMetafactory.altMetafactory",
            "java/lang/invoke/StringConcatFactory.makeConcatWithConstants",
            "java/lang/invoke/StringConcatFactory.makeConcat",
            "java/lang/runtime/ObjectMethods.bootstrap");

    /** A JDK class's allowance: everything public, or named members, less exclusions. */
    record Allowance(boolean all, Set<String> members, Set<String> excluded) {
        /** Whether {@code member} (a name) with {@code descriptor} is allowed; an exclusion may name one overload. */
        boolean allows(String member, String descriptor) {
            return (all || members.contains(member)) && !excluded.contains(member)
                    && !excluded.contains(member + descriptor);
        }
    }

    private static final Map<String, Allowance> JDK = loadAllowlist();

    private ExportedSymbols() {
    }

    private static Map<String, Allowance> loadAllowlist() {
        Map<String, Allowance> map = new LinkedHashMap<>();
        try (InputStream in = ExportedSymbols.class.getResourceAsStream("jdk-allowlist.txt");
                BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                line = line.strip();
                if (line.isEmpty() || line.startsWith("#")) {
                    continue;
                }
                String[] parts = line.split("\\s+");
                boolean all = false;
                Set<String> members = new HashSet<>();
                Set<String> excluded = new HashSet<>();
                for (int i = 1; i < parts.length; i++) {
                    if (parts[i].equals("*")) {
                        all = true;
                    } else if (parts[i].startsWith("-")) {
                        excluded.add(parts[i].substring(1));
                    } else {
                        members.add(parts[i]);
                    }
                }
                map.put(parts[0], new Allowance(all, Set.copyOf(members), Set.copyOf(excluded)));
            }
        } catch (IOException | NullPointerException e) {
            throw new IllegalStateException("kld: cannot read the JDK allowlist", e);
        }
        return Collections.unmodifiableMap(map);
    }

    /** The JDK allowlist, class by class (for tests and documentation). */
    static Map<String, Allowance> jdkAllowlist() {
        return JDK;
    }

    static boolean isKpiClass(String internalName) {
        return internalName.startsWith(KPI_PACKAGE) && internalName.indexOf('/', KPI_PACKAGE.length()) < 0;
    }

    /** Whether code under {@code policy} may name the class {@code c} (a kernel or JDK class known to exist). */
    static boolean classExported(Policy policy, ClassInfo c) {
        if (c.name().startsWith("org/kld86/")) {
            return policy.exportsKernelClass(c);
        }
        return JDK.containsKey(c.name());
    }

    /** Whether member {@code name} with {@code access}, declared by kernel/JDK class {@code declaring}, is exported. */
    static boolean memberExported(Policy policy, ClassInfo declaring, String name, String descriptor, int access) {
        if (declaring.name().startsWith("org/kld86/")) {
            return policy.exportsKernelClass(declaring) && (access & (Opcodes.ACC_PUBLIC | Opcodes.ACC_PROTECTED)) != 0;
        }
        Allowance a = JDK.get(declaring.name());
        return a != null && (access & (Opcodes.ACC_PUBLIC | Opcodes.ACC_PROTECTED)) != 0 && a.allows(name, descriptor);
    }
}
