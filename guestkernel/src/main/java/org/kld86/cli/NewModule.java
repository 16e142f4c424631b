package org.kld86.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.lang.model.SourceVersion;

/**
 * {@code ./kld86 new-module NAME [--linux]}: makes a new driver module in the project, ready to build, load and
 * test. It writes modules/NAME/pom.xml, the driver modules/NAME/src/main/java/NAME/Name.java, its tests
 * modules/NAME/src/test/java/NAME/NameTest.java (a {@code @GuestTest} of the testkit), and adds NAME to the module
 * list of modules/pom.xml; then it prints what it made and the commands to build and try it.
 *
 * <p>The driver is a small character device that keeps what is written to it: FreeBSD's by default (DEV_MODULE,
 * MALLOC_DEFINE, make_dev, uiomove), LDD3's with {@code --linux} (module_init, alloc_chrdev_region, cdev_add,
 * kmalloc, copy_to_user). The sources are the templates beside this class ({@code newmodule/freebsd},
 * {@code newmodule/linux}) with {@code ${name}}, {@code ${Name}} (the class name: foo_bar gives FooBar),
 * {@code ${NAME}} and {@code ${version}} (the project's) filled in.
 *
 * <p>The name is checked before anything is written, since it becomes a module name, a Java package and a class:
 * a lower-case letter, then lower-case letters, digits and underscores, at most 31 characters (MAXMODNAME); not a
 * Java keyword; not a class name that would hide one the generated code uses (module uio would make class Uio,
 * hiding org.kld86.kpi.Uio). Exit status as sysexits(3) has it: 0; 64 for a bad command line or name; 66 when the
 * project folder is not there; 73 when modules/NAME exists already; 74 when a write failed, after removing what
 * was written.
 */
final class NewModule {

    static final int EX_USAGE = 64;
    static final int EX_NOINPUT = 66;
    static final int EX_CANTCREAT = 73;
    static final int EX_IOERR = 74;

    static final String USAGE = "usage: kld86 new-module NAME [--linux]";

    /** MAXMODNAME - 1: the longest module name the kernel's linker takes. */
    static final int MAX_NAME_LENGTH = 31;

    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_]*");
    private static final Pattern TYPE_IMPORT = Pattern.compile("^import ((?:[a-z][\\w]*\\.)+)([A-Z]\\w*);$",
            Pattern.MULTILINE);
    private static final Pattern PARENT_VERSION = Pattern.compile(
            "<parent>.*?<version>\\s*([^<\\s]+)\\s*</version>.*?</parent>", Pattern.DOTALL);

    /** The two kinds of driver, each a folder of templates. */
    enum Flavour {
        FREEBSD("freebsd", "FreeBSD"),
        LINUX("linux", "Linux");

        final String folder;
        final String title;

        Flavour(String folder, String title) {
            this.folder = folder;
            this.title = title;
        }

        /** The template {@code file} of this flavour, unfilled. */
        String template(String file) {
            String path = "newmodule/" + folder + "/" + file;
            try (InputStream in = NewModule.class.getResourceAsStream(path)) {
                if (in == null) {
                    throw new IllegalStateException("new-module: template " + path + " is missing from the launcher");
                }
                return new String(in.readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /** A command line that cannot be carried out: the message and the exit status. */
    static final class Refusal extends Exception {
        private static final long serialVersionUID = 1L;

        final int status;

        Refusal(int status, String message) {
            super(message);
            this.status = status;
        }
    }

    private final Path home;
    private final String name;
    private final Flavour flavour;

    private NewModule(Path home, String name, Flavour flavour) {
        this.home = home;
        this.name = name;
        this.flavour = flavour;
    }

    /** Runs {@code kld86 new-module args} for the project in {@code home}; returns the exit status. */
    static int run(Path home, List<String> args, PrintStream out, PrintStream err) {
        String name = null;
        Flavour flavour = Flavour.FREEBSD;
        for (String a : args) {
            if (a.equals("-h") || a.equals("--help")) {
                out.println(USAGE);
                out.println("  makes modules/NAME: a character device driver (FreeBSD's, or LDD3's with --linux)");
                out.println("  with a test, ready for mvn -pl modules/NAME -am verify; see docs/DRIVER-GUIDE.md");
                return 0;
            } else if (a.equals("--linux")) {
                flavour = Flavour.LINUX;
            } else if (a.startsWith("-")) {
                return refuse(err, EX_USAGE, "unknown option '" + a + "'\n" + USAGE);
            } else if (name != null) {
                return refuse(err, EX_USAGE, "one module at a time: '" + name + "' and '" + a + "'\n" + USAGE);
            } else {
                name = a;
            }
        }
        if (name == null) {
            return refuse(err, EX_USAGE, "which module? " + USAGE);
        }
        try {
            NewModule m = new NewModule(home.toAbsolutePath().normalize(), name, flavour);
            m.check();
            m.make(out);
            return 0;
        } catch (Refusal r) {
            return refuse(err, r.status, r.getMessage());
        }
    }

    private static int refuse(PrintStream err, int status, String message) {
        err.println("kld86: new-module: " + message);
        return status;
    }

    /** foo_bar2 -> FooBar2: the driver's class name. */
    static String className(String name) {
        StringBuilder sb = new StringBuilder();
        for (String part : name.split("_")) {
            if (!part.isEmpty()) {
                sb.append(Character.toUpperCase(part.charAt(0))).append(part, 1, part.length());
            }
        }
        return sb.toString();
    }

    /** Why {@code name} cannot name a module, or null if it can. */
    static String badName(String name, Flavour flavour) {
        if (!NAME.matcher(name).matches()) {
            return "bad module name '" + name + "': it must be a lower-case letter, then lower-case letters, digits"
                    + " and underscores (a C identifier in lower case)";
        }
        if (name.length() > MAX_NAME_LENGTH) {
            return "module name '" + name + "' has " + name.length() + " characters; the kernel takes at most "
                    + MAX_NAME_LENGTH;
        }
        if (SourceVersion.isKeyword(name)) {
            return "module name '" + name + "' is a Java keyword, and the name is also the driver's Java package";
        }
        if (name.equals("java")) {
            return "module name 'java' would put the driver in package java, which the JVM keeps for itself";
        }
        if (name.equals("kernel")) {
            return "module name 'kernel' is taken: it is the kernel's own module";
        }
        if (KERNEL_DEVICES.contains(name)) {
            return "module name '" + name + "' would make /dev/" + name + ", which the kernel makes itself";
        }
        Map<String, String> used = typesUsed(flavour);
        for (String cls : List.of(className(name), className(name) + "Test")) {
            String hidden = used.get(cls);
            if (hidden == null && Object.class.getResource(cls + ".class") != null) {
                // java.lang's classes are imported everywhere without a word, so any of them may be in use.
                return "module name '" + name + "' would make class " + cls + ", which hides java.lang." + cls
                        + " in the driver's package; choose another name";
            }
            if (hidden != null) {
                return "module name '" + name + "' would make class " + cls + ", which hides " + hidden
                        + " that the generated code uses; choose another name";
            }
        }
        return null;
    }

    /** The types the flavour's templates import by simple name: simple name -> qualified name. */
    /** The device nodes the kernel makes at boot (NullDevices, the console tty): a driver cannot make them again. */
    static final List<String> KERNEL_DEVICES = List.of("null", "zero", "full", "console", "ttyu0");

    static Map<String, String> typesUsed(Flavour flavour) {
        Map<String, String> used = new LinkedHashMap<>();
        for (String file : List.of("Driver.java.tmpl", "DriverTest.java.tmpl")) {
            Matcher m = TYPE_IMPORT.matcher(flavour.template(file));
            while (m.find()) {
                used.put(m.group(2), m.group(1) + m.group(2));
            }
        }
        return used;
    }

    private Path modules() {
        return home.resolve("modules");
    }

    private void check() throws Refusal {
        if (!Files.isRegularFile(home.resolve("pom.xml")) || !Files.isRegularFile(modules().resolve("pom.xml"))) {
            throw new Refusal(EX_NOINPUT, "no kld86 project in " + home + " (no pom.xml and modules/pom.xml there);"
                    + " run it from the project folder as ./kld86 new-module");
        }
        String bad = badName(name, flavour);
        if (bad != null) {
            throw new Refusal(EX_USAGE, bad);
        }
        if (Files.exists(modules().resolve(name))) {
            throw new Refusal(EX_CANTCREAT, "modules/" + name + " exists already; choose another name");
        }
    }

    /** Writes the module and lists it in modules/pom.xml; on a failed write removes what it wrote. */
    private void make(PrintStream out) throws Refusal {
        Path modulePom = modules().resolve("pom.xml");
        String parentPom;
        try {
            parentPom = Files.readString(modulePom);
        } catch (IOException e) {
            throw new Refusal(EX_NOINPUT, "cannot read modules/pom.xml: " + e.getMessage());
        }
        Matcher version = PARENT_VERSION.matcher(parentPom);
        if (!version.find()) {
            throw new Refusal(EX_NOINPUT, "modules/pom.xml names no parent version, which the new pom.xml needs");
        }
        String cls = className(name);
        Map<String, String> values = Map.of("${name}", name, "${Name}", cls,
                "${NAME}", name.toUpperCase(Locale.ROOT), "${version}", version.group(1));
        String java = "src/main/java/" + name + "/" + cls + ".java";
        String test = "src/test/java/" + name + "/" + cls + "Test.java";
        Map<String, String> files = new LinkedHashMap<>();
        files.put("pom.xml", fill(flavour.template("pom.xml.tmpl"), values));
        files.put(java, fill(flavour.template("Driver.java.tmpl"), values));
        files.put(test, fill(flavour.template("DriverTest.java.tmpl"), values));
        String listed = withModule(parentPom, name);

        Path dir = modules().resolve(name);
        try {
            for (Map.Entry<String, String> f : files.entrySet()) {
                Path p = dir.resolve(f.getKey());
                Files.createDirectories(p.getParent());
                Files.writeString(p, f.getValue(), StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
            }
            if (!listed.equals(parentPom)) {
                // Written beside it and moved over it, so that a failed write never leaves half a pom.
                Path tmp = modules().resolve("pom.xml.new-module");
                Files.writeString(tmp, listed);
                Files.move(tmp, modulePom, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            }
        } catch (IOException e) {
            removeTree(dir);
            throw new Refusal(EX_IOERR, "cannot write modules/" + name + ": " + e);
        }

        String dev = flavour == Flavour.LINUX ? "/dev/" + name + "0" : "/dev/" + name;
        List<String[]> made = new ArrayList<>();
        made.add(new String[] {"modules/" + name + "/pom.xml", "its build: target/" + name + ".ko"});
        made.add(new String[] {"modules/" + name + "/" + java, "the driver: " + dev + " keeps what is written to it"});
        made.add(new String[] {"modules/" + name + "/" + test, "its tests, on a machine booted with " + name
                + " loaded"});
        made.add(new String[] {"modules/pom.xml", "lists " + name + " among the modules"});
        int width = made.stream().mapToInt(r -> r[0].length()).max().orElse(0) + 2;
        out.println("kld86: made the " + flavour.title + " driver module " + name + ":");
        for (String[] r : made) {
            out.println("  " + r[0] + " ".repeat(width - r[0].length()) + r[1]);
        }
        out.println("Build it and run its tests:");
        out.println("  mvn -pl modules/" + name + " -am verify");
        out.println("Try it:");
        out.println("  ./kld86        then, at the guest's # prompt: kldload " + name);
        out.println("  ./kld86 -c 'kldload " + name + "; echo hello > " + dev + "; cat " + dev + "'");
        out.println("The driver author's guide: docs/DRIVER-GUIDE.md");
    }

    /** The template with each placeholder replaced; any other ${...} (Maven's) is left as it is. */
    static String fill(String template, Map<String, String> values) {
        String s = template;
        for (Map.Entry<String, String> v : values.entrySet()) {
            s = s.replace(v.getKey(), v.getValue());
        }
        return s;
    }

    /**
     * modules/pom.xml with {@code <module>name</module>} added at the end of its module list, indented as the
     * entries before it; unchanged if the name is listed already.
     */
    static String withModule(String pom, String name) throws Refusal {
        String entry = "<module>" + name + "</module>";
        if (pom.contains(entry)) {
            return pom;
        }
        int end = pom.indexOf("</modules>");
        if (end < 0) {
            throw new Refusal(EX_NOINPUT, "modules/pom.xml has no <modules> list to add " + name + " to");
        }
        int lineStart = pom.lastIndexOf('\n', end) + 1;
        String beforeClosing = pom.substring(lineStart, end);
        boolean ownLine = beforeClosing.isBlank();
        String indent = ownLine ? beforeClosing + "  " : "  ";
        Matcher last = Pattern.compile("(?m)^([ \\t]*)<module>").matcher(pom.substring(0, end));
        while (last.find()) {
            indent = last.group(1);
        }
        if (!ownLine) {
            // </modules> shares its line with something else: put the entry on a line of its own before it.
            return pom.substring(0, end) + "\n" + indent + entry + "\n" + pom.substring(end);
        }
        return pom.substring(0, lineStart) + indent + entry + "\n" + pom.substring(lineStart);
    }

    private static void removeTree(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            // Best effort: the error that brought us here is the one to report.
        }
    }
}
