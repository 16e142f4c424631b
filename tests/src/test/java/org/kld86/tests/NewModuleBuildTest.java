package org.kld86.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.kld86.cli.Main;
import org.w3c.dom.Element;

/**
 * {@code ./kld86 new-module} for real, as a newcomer uses it: in a copy of the project, the scaffold makes a driver
 * of each kind; the build command it prints builds the module with a nested Maven and the generated tests must all
 * pass; then the copy's launcher runs the try-it command it prints, which loads the driver and talks to it.
 *
 * <p>The copy holds every pom.xml (each parent lists its modules) and the main sources of emulator, guestkernel and
 * tests/testkit: what a driver's build needs, without target folders. Their tests are left out, so the nested build
 * runs the generated tests only and takes seconds, not the minutes of the kernel's own suite. Both modules live in
 * one copy; the second build finds the kernel compiled by the first. Maven is found as the CI finds it, on the PATH
 * (or MAVEN_HOME), and runs offline on the local repository of the build that runs this test.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class NewModuleBuildTest {

    /** The project folder (the tests run in tests/). */
    static final Path PROJECT = Path.of("..").toAbsolutePath().normalize();

    /** The nested build's limit; it takes well under a minute on the 2-core development machine. */
    static final long BUILD_MINUTES = 8;

    @TempDir
    static Path tmp;

    static Path copy;

    @BeforeAll
    static void copyTheProject() throws IOException {
        copy = tmp.resolve("kld86");
        Files.walkFileTree(PROJECT, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                String n = dir.getFileName().toString();
                return n.equals("target") || n.equals("src") || n.startsWith(".") && !dir.equals(PROJECT)
                        ? FileVisitResult.SKIP_SUBTREE : FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                if (file.getFileName().toString().equals("pom.xml")) {
                    copyFile(file, copy.resolve(PROJECT.relativize(file)));
                }
                return FileVisitResult.CONTINUE;
            }
        });
        for (String module : List.of("emulator", "guestkernel", "tests/testkit")) {
            Path src = PROJECT.resolve(module).resolve("src/main");
            try (Stream<Path> all = Files.walk(src)) {
                for (Path p : all.filter(Files::isRegularFile).toList()) {
                    copyFile(p, copy.resolve(module).resolve("src/main").resolve(src.relativize(p)));
                }
            }
        }
    }

    private static void copyFile(Path from, Path to) throws IOException {
        Files.createDirectories(to.getParent());
        Files.copy(from, to);
    }

    record Run(int status, String out, String err) {
    }

    static Run kld86(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = Main.run(copy, args, new ByteArrayInputStream(new byte[0]),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    /** The first line of the scaffold's output that matches {@code regex}, group 1. */
    static String printed(Run scaffold, String regex) {
        Matcher m = Pattern.compile(regex, Pattern.MULTILINE).matcher(scaffold.out());
        assertTrue(m.find(), "the scaffold printed no line like " + regex + ":\n" + scaffold.out());
        return m.group(1);
    }

    @Test
    @Order(1)
    void aFreeBsdDriverBuildsLoadsAndPassesItsGeneratedTests() throws Exception {
        scaffoldBuildAndTry("toy", List.of(), "toy: /dev/toy holds 1024 bytes\nhello\n");
    }

    @Test
    @Order(2)
    void aLinuxDriverBuildsLoadsAndPassesItsGeneratedTests() throws Exception {
        scaffoldBuildAndTry("ltoy", List.of("--linux"), "ltoy: /dev/ltoy0 (major 254) holds 1024 bytes\nhello\n");
    }

    private void scaffoldBuildAndTry(String name, List<String> flags, String tryItOutput) throws Exception {
        List<String> args = new ArrayList<>(List.of("new-module", name));
        args.addAll(flags);
        Run scaffold = kld86(args.toArray(new String[0]));
        assertEquals(0, scaffold.status(), scaffold.err());

        // The build command as printed, run in the copy: offline, quiet, on this build's local repository.
        String build = printed(scaffold, "^  (mvn -pl modules/" + name + " -am verify)$");
        List<String> command = new ArrayList<>(List.of(mvn().toString(), "-o", "-B", "-q"));
        String repo = System.getProperty("localRepository");
        if (repo != null) {
            command.add("-Dmaven.repo.local=" + repo);
        }
        command.addAll(List.of(build.substring("mvn ".length()).split(" ")));
        String log = maven(command);

        Path module = copy.resolve("modules").resolve(name);
        assertTrue(Files.isRegularFile(module.resolve("target/" + name + ".ko")), "no " + name + ".ko:\n" + log);
        String testClass = name + "." + Character.toUpperCase(name.charAt(0)) + name.substring(1) + "Test";
        Path report = module.resolve("target/surefire-reports/TEST-" + testClass + ".xml");
        assertTrue(Files.isRegularFile(report), "the generated tests did not run:\n" + log);
        Element suite = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(report.toFile())
                .getDocumentElement();
        String source = Files.readString(module.resolve("src/test/java/" + testClass.replace('.', '/') + ".java"));
        long written = Pattern.compile("@Test\\b").matcher(source).results().count();
        assertEquals(written + " 0 0 0", suite.getAttribute("tests") + " " + suite.getAttribute("failures") + " "
                + suite.getAttribute("errors") + " " + suite.getAttribute("skipped"),
                "tests, failures, errors, skipped of " + testClass + ":\n" + log);
        assertTrue(written >= 3, "the generated test has its three tests: " + written);

        // The try-it command as printed, run by the copy's launcher, which finds the new .ko in modules/*/target.
        String script = printed(scaffold, "^  \\./kld86 -c '([^']*)'$");
        Run tryIt = kld86("--log", tmp.resolve(name + ".log").toString(), "-c", script);
        assertEquals(0, tryIt.status(), tryIt.out() + tryIt.err());
        assertEquals(tryItOutput, tryIt.out());
    }

    /** Runs a nested Maven in the copy; returns its output, failing the test with it if the build failed. */
    private static String maven(List<String> command) throws Exception {
        Path log = tmp.resolve("mvn.log");
        ProcessBuilder pb = new ProcessBuilder(command).directory(copy.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile());
        // The JDK running this test runs the nested build too.
        pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
        Process p = pb.start();
        if (!p.waitFor(BUILD_MINUTES, TimeUnit.MINUTES)) {
            p.destroyForcibly().waitFor();
            fail("the nested build took more than " + BUILD_MINUTES + " minutes: " + String.join(" ", command)
                    + "\n" + tail(Files.readString(log)));
        }
        String output = Files.readString(log);
        assertEquals(0, p.exitValue(), () -> "the nested build failed: " + String.join(" ", command) + "\n"
                + tail(output));
        return output;
    }

    private static String tail(String s) {
        List<String> lines = s.lines().toList();
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 80), lines.size()));
    }

    /** mvn on the PATH, as the CI's run script finds it, else in MAVEN_HOME; the test fails without one. */
    static Path mvn() {
        List<Path> candidates = new ArrayList<>();
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            if (!dir.isEmpty()) {
                candidates.add(Path.of(dir, "mvn"));
            }
        }
        String mavenHome = System.getenv("MAVEN_HOME");
        if (mavenHome != null) {
            candidates.add(Path.of(mavenHome, "bin", "mvn"));
        }
        for (Path c : candidates) {
            if (Files.isRegularFile(c) && Files.isExecutable(c)) {
                return c;
            }
        }
        return fail("no mvn on the PATH (" + System.getenv("PATH") + ") nor in MAVEN_HOME: this test runs the"
                + " scaffold's build command with a nested Maven, so it needs one");
    }
}
