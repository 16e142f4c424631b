package org.kld86.cli;

import static org.junit.jupiter.api.Assertions.*;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.kld86.kernel.kld.ModuleJars;

/**
 * {@code kld86 new-module} on a project folder made for each test (the real modules/pom.xml and a root pom): the
 * files it writes, what it prints, the names and command lines it refuses without writing anything, and, compiled
 * and loaded on a booted machine, the drivers its templates make. The Maven build of a generated module and its
 * generated tests are run by the end-to-end suite (NewModuleBuildTest).
 */
class NewModuleTest {

    /** The project's own modules/pom.xml, relative to guestkernel/ where the tests run. */
    static final Path MODULES_POM = Path.of("..", "modules", "pom.xml");

    @TempDir
    Path home;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private String modulesPom;

    @BeforeEach
    void project() throws IOException {
        Files.writeString(home.resolve("pom.xml"), "<project/>\n");
        Files.createDirectories(home.resolve("modules"));
        modulesPom = Files.readString(MODULES_POM);
        Files.writeString(home.resolve("modules/pom.xml"), modulesPom);
    }

    private int run(String... args) {
        return Main.run(home, args, new ByteArrayInputStream(new byte[0]),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    private String read(String path) throws IOException {
        return Files.readString(home.resolve(path));
    }

    @Test
    void makesAFreeBsdDriverWithItsTestAndListsItInModulesPom() throws IOException {
        assertEquals(0, run("new-module", "foo_bar"), err());
        assertEquals("""
                kld86: made the FreeBSD driver module foo_bar:
                  modules/foo_bar/pom.xml                                its build: target/foo_bar.ko
                  modules/foo_bar/src/main/java/foo_bar/FooBar.java      the driver: /dev/foo_bar keeps what is written to it
                  modules/foo_bar/src/test/java/foo_bar/FooBarTest.java  its tests, on a machine booted with foo_bar loaded
                  modules/pom.xml                                        lists foo_bar among the modules
                Build it and run its tests:
                  mvn -pl modules/foo_bar -am verify
                Try it:
                  ./kld86        then, at the guest's # prompt: kldload foo_bar
                  ./kld86 -c 'kldload foo_bar; echo hello > /dev/foo_bar; cat /dev/foo_bar'
                The driver author's guide: docs/DRIVER-GUIDE.md
                """, out());
        assertEquals("", err());

        String driver = read("modules/foo_bar/src/main/java/foo_bar/FooBar.java");
        assertTrue(driver.startsWith("package foo_bar;\n"), driver);
        assertTrue(driver.contains("@DevModule(name = \"foo_bar\")"), driver);
        assertTrue(driver.contains("public final class FooBar implements ModuleEventHandler {"), driver);
        assertTrue(driver.contains("static final MallocType M_FOO_BAR = MallocType.define(\"foo_bar\""), driver);
        assertTrue(driver.contains("make_dev(foo_bar_cdevsw, 0, UID_ROOT, GID_WHEEL, 0600, \"foo_bar\")"), driver);
        String test = read("modules/foo_bar/src/test/java/foo_bar/FooBarTest.java");
        assertTrue(test.contains("@GuestTest(modules = \"foo_bar\")\nclass FooBarTest {"), test);
        assertTrue(test.contains("@Dev(\"/dev/foo_bar\") GuestFile dev"), test);
        String pom = read("modules/foo_bar/pom.xml");
        assertTrue(pom.contains("<artifactId>foo_bar</artifactId>"), pom);
        assertTrue(pom.contains("<version>0.1.0-SNAPSHOT</version>"), "the project's version: " + pom);
        for (String s : List.of(driver, test, pom)) {
            assertFalse(s.matches("(?s).*\\$\\{(name|Name|NAME|version)}.*"), "a placeholder left: " + s);
        }

        List<String> before = modulesPom.lines().toList();
        List<String> after = read("modules/pom.xml").lines().toList();
        int end = before.indexOf("  </modules>");
        List<String> expected = new ArrayList<>(before);
        expected.add(end, "    <module>foo_bar</module>");
        assertEquals(expected, after, "the entry goes last in the list, indented as the others");
    }

    @Test
    void linuxMakesAnLdd3StyleDriverWhoseNodeEndsInItsMinor() throws IOException {
        assertEquals(0, run("new-module", "--linux", "blink"), err());
        assertTrue(out().startsWith("kld86: made the Linux driver module blink:\n"), out());
        assertTrue(out().contains("  ./kld86 -c 'kldload blink; echo hello > /dev/blink0; cat /dev/blink0'\n"), out());
        String driver = read("modules/blink/src/main/java/blink/Blink.java");
        assertTrue(driver.contains("@LinuxModule(name = \"blink\""), driver);
        assertTrue(driver.contains("alloc_chrdev_region(dev, 0, 1, \"blink\")"), driver);
        assertTrue(read("modules/blink/src/test/java/blink/BlinkTest.java").contains("@Dev(\"/dev/blink0\")"));
        assertTrue(read("modules/pom.xml").contains("    <module>blink</module>\n  </modules>"));
    }

    /** Each template's driver, compiled as Maven would and loaded by the launcher, does what its test says. */
    @ParameterizedTest
    @CsvSource({
        "'', toy, /dev/toy, toy: /dev/toy holds 1024 bytes",
        "--linux, toy, /dev/toy0, toy: /dev/toy0 (major 254) holds 1024 bytes"})
    void theGeneratedDriverCompilesLinksAndKeepsWhatIsWritten(String flag, String name, String dev, String loaded)
            throws IOException {
        List<String> args = new ArrayList<>(List.of("new-module", name));
        if (!flag.isEmpty()) {
            args.add(flag);
        }
        assertEquals(0, run(args.toArray(new String[0])), err());
        String source = read("modules/toy/src/main/java/toy/Toy.java");
        Path ko = Files.createDirectories(home.resolve("ko"));
        Files.write(ko.resolve("toy.ko"), ModuleJars.jar(Map.of("toy.Toy", source)));

        out.reset();
        int status = run("--log", home.resolve("kld86.log").toString(), "-M", ko.toString(), "-c",
                "kldload toy; echo hello > " + dev + "; cat " + dev + "; echo hi > " + dev + "; cat " + dev
                        + "; kldunload toy; kldstat");
        assertEquals(0, status, out() + err());
        assertTrue(out().startsWith(loaded + "\nhello\nhi\nlo\nId Refs"), "like a file never truncated, the second"
                + " write replaced the first three bytes and left the rest: " + out());
        assertFalse(out().contains("toy.ko"), "unloaded: " + out());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "Foo     | bad module name 'Foo': it must be a lower-case letter, then lower-case letters, digits and"
                + " underscores (a C identifier in lower case)",
        "2fast   | bad module name '2fast'",
        "my-dev  | bad module name 'my-dev'",
        "_priv   | bad module name '_priv'",
        "abcdefghijklmnopqrstuvwxyz_abcde | module name 'abcdefghijklmnopqrstuvwxyz_abcde' has 32 characters;"
                + " the kernel takes at most 31",
        "class   | module name 'class' is a Java keyword, and the name is also the driver's Java package",
        "true    | module name 'true' is a Java keyword",
        "java    | module name 'java' would put the driver in package java, which the JVM keeps for itself",
        "kernel  | module name 'kernel' is taken: it is the kernel's own module",
        "zero    | module name 'zero' would make /dev/zero, which the kernel makes itself",
        "console | module name 'console' would make /dev/console, which the kernel makes itself",
        "uio     | module name 'uio' would make class Uio, which hides org.kld86.kpi.Uio that the generated code"
                + " uses; choose another name",
        "guest   | would make class Guest, which hides org.kld86.testkit.Guest",
        "dev     | would make class Dev, which hides org.kld86.testkit.Dev",
        "string  | would make class String, which hides java.lang.String in the driver's package"})
    void aBadNameIsRefusedWith64AndNothingIsWritten(String name, String message) throws IOException {
        assertEquals(64, run("new-module", name));
        assertTrue(err().startsWith("kld86: new-module: "), err());
        assertTrue(err().contains(message), err());
        assertEquals(modulesPom, read("modules/pom.xml"));
        try (Stream<Path> s = Files.list(home.resolve("modules"))) {
            assertEquals(List.of(home.resolve("modules/pom.xml")), s.toList());
        }
    }

    @Test
    void aNameTheTemplatesDoNotClashWithIsTakenEvenIfItIsAKpiWord() {
        assertNull(NewModule.badName("malloc", NewModule.Flavour.FREEBSD), "class Malloc: the templates import"
                + " Malloc's members, not the type");
        assertNull(NewModule.badName("uio", NewModule.Flavour.LINUX), "the Linux template does not use Uio");
        assertNotNull(NewModule.badName("linux_cdev", NewModule.Flavour.LINUX));
    }

    @Test
    void anExistingModuleFolderIsRefusedWith73() throws IOException {
        Files.createDirectories(home.resolve("modules/echo"));
        assertEquals(73, run("new-module", "echo"));
        assertEquals("kld86: new-module: modules/echo exists already; choose another name\n", err());
        assertEquals(modulesPom, read("modules/pom.xml"));
    }

    @Test
    void withoutAProjectFolderItIsRefusedWith66() throws IOException {
        Files.delete(home.resolve("modules/pom.xml"));
        assertEquals(66, run("new-module", "foo"));
        assertEquals("kld86: new-module: no kld86 project in " + home.toAbsolutePath().normalize()
                + " (no pom.xml and modules/pom.xml there); run it from the project folder as ./kld86 new-module\n",
                err());
        assertFalse(Files.exists(home.resolve("modules/foo")));
    }

    @Test
    void aBadCommandLineIsRefusedWith64() {
        assertEquals(64, run("new-module"));
        assertEquals("kld86: new-module: which module? usage: kld86 new-module NAME [--linux]\n", err());
        err.reset();
        assertEquals(64, run("new-module", "foo", "--bsd"));
        assertEquals("kld86: new-module: unknown option '--bsd'\nusage: kld86 new-module NAME [--linux]\n", err());
        err.reset();
        assertEquals(64, run("new-module", "foo", "bar"));
        assertTrue(err().startsWith("kld86: new-module: one module at a time: 'foo' and 'bar'\n"), err());
        assertFalse(Files.exists(home.resolve("modules/foo")));
    }

    @Test
    void helpPrintsTheUsage() {
        assertEquals(0, run("new-module", "--help"));
        assertTrue(out().startsWith("usage: kld86 new-module NAME [--linux]\n"), out());
        out.reset();
        assertEquals(0, run("--help"));
        assertTrue(out().contains("kld86 new-module NAME [--linux]"), "the launcher's usage names it: " + out());
    }

    /** The guide, docs/DRIVER-GUIDE.md, relative to guestkernel/. */
    static final Path GUIDE = Path.of("..", "docs", "DRIVER-GUIDE.md");

    /** The guide's transcript of new-module and its code samples are what the scaffold and the samples hold. */
    @Test
    void theGuideShowsWhatTheScaffoldPrintsAndWrites() throws IOException {
        String guide = Files.readString(GUIDE);
        assertEquals(0, run("new-module", "toy"), err());
        String transcript = "```\n$ ./kld86 new-module toy\n" + out() + "```\n";
        assertTrue(guide.contains(transcript), "the guide's transcript differs from:\n" + transcript);
        Path linux = Files.createDirectories(home.resolve("linux"));
        Files.writeString(linux.resolve("pom.xml"), "<project/>\n");
        Files.createDirectories(linux.resolve("modules"));
        Files.writeString(linux.resolve("modules/pom.xml"), modulesPom);
        assertEquals(0, Main.run(linux, new String[] {"new-module", "toy", "--linux"}, new ByteArrayInputStream(
                new byte[0]), new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true,
                StandardCharsets.UTF_8)), err());

        String freebsd = read("modules/toy/src/main/java/toy/Toy.java");
        assertSampleFrom(guide, "static final Cdevsw toy_cdevsw", freebsd);
        assertSampleFrom(guide, "static int toy_read(", freebsd);
        assertSampleFrom(guide, "@GuestTest(modules = \"toy\")", read("modules/toy/src/test/java/toy/ToyTest.java"));
        assertSampleFrom(guide, "static final FileOperations toy_fops",
                Files.readString(linux.resolve("modules/toy/src/main/java/toy/Toy.java")));
        assertSampleFrom(guide, "/** typedef struct echo", Files.readString(Path.of("..", "modules", "echo", "src",
                "main", "java", "echo", "Echo.java")));
    }

    /**
     * The guide's ```java block that starts with {@code firstLine}: each of its lines, without end-of-line
     * comments and indentation, is a line of {@code source}.
     */
    private static void assertSampleFrom(String guide, String firstLine, String source) {
        int at = guide.indexOf("```java\n" + firstLine);
        assertTrue(at >= 0, "no sample starting " + firstLine + " in the guide");
        String block = guide.substring(at + "```java\n".length(), guide.indexOf("```", at + 3));
        List<String> lines = source.lines().map(NewModuleTest::code).toList();
        for (String line : block.lines().map(NewModuleTest::code).toList()) {
            assertTrue(line.isEmpty() || lines.contains(line), "the guide's sample " + firstLine + " has a line that"
                    + " is not in the source: " + line);
        }
    }

    private static String code(String line) {
        int comment = line.indexOf("  //");
        return (comment >= 0 ? line.substring(0, comment) : line).strip();
    }

    @Test
    void theClassNameIsTheNameInCamelCase() {
        assertEquals("Echo", NewModule.className("echo"));
        assertEquals("EchoContig", NewModule.className("echo_contig"));
        assertEquals("Dev2Ring", NewModule.className("dev2_ring"));
        assertEquals("AB", NewModule.className("a__b_"));
    }

    @Test
    void theModuleEntryFollowsTheListsIndentationAndIsNotAddedTwice() throws Exception {
        assertEquals("<modules>\n\t<module>a</module>\n\t<module>b</module>\n</modules>\n",
                NewModule.withModule("<modules>\n\t<module>a</module>\n</modules>\n", "b"));
        assertEquals("<modules><module>a</module>\n  <module>b</module>\n</modules>",
                NewModule.withModule("<modules><module>a</module></modules>", "b"));
        String listed = "<modules>\n  <module>b</module>\n</modules>\n";
        assertSame(listed, NewModule.withModule(listed, "b"));
        NewModule.Refusal r = assertThrows(NewModule.Refusal.class, () -> NewModule.withModule("<project/>", "b"));
        assertEquals(66, r.status);
    }
}
