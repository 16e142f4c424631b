package org.kld86.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;
import org.junit.platform.launcher.listeners.TestExecutionSummary;
import org.kld86.kernel.kld.ModuleJars;
import org.kld86.kpi.Errno;
import org.kld86.testkit.Dev;
import org.kld86.testkit.Guest;
import org.kld86.testkit.GuestErrno;
import org.kld86.testkit.GuestFile;
import org.kld86.testkit.GuestTest;

/**
 * The testkit itself: the example of the driver guide runs as it reads, device files are held by a user process,
 * and a test whose assertions pass still fails when the kernel reports a leak or panics, or when an unloaded
 * module kept pages. The subjects are nested classes run through the JUnit launcher, so their failures are what
 * is checked (they are not run on their own).
 */
class TestkitTest {

    /** Runs one test class; returns its summary. */
    static TestExecutionSummary run(Class<?> subject) {
        SummaryGeneratingListener listener = new SummaryGeneratingListener();
        LauncherFactory.create().execute(LauncherDiscoveryRequestBuilder.request().selectors(selectClass(subject))
                .build(), listener);
        return listener.getSummary();
    }

    static String failures(TestExecutionSummary s) {
        StringBuilder sb = new StringBuilder();
        s.getFailures().forEach(f -> sb.append(f.getTestIdentifier().getDisplayName()).append(": ")
                .append(f.getException().getMessage()).append('\n'));
        return sb.toString();
    }

    @GuestTest(modules = "echo")
    static class EchoExample {
        @Test
        void roundTrip(@Dev("/dev/echo") GuestFile echo) {
            echo.write("hello");
            assertEquals("hello", echo.readAll());
        }
    }

    @Test
    void theGuidesExampleRunsAsItReads() {
        TestExecutionSummary s = run(EchoExample.class);
        assertEquals(1, s.getTestsSucceededCount(), failures(s));
    }

    /** A FreeBSD module that mallocs at load and forgets to free at unload. */
    static final String LEAKY = """
            package leaky;
            import org.kld86.kpi.*;
            import static org.kld86.kpi.Kld.*;
            import static org.kld86.kpi.Malloc.*;
            @DevModule(name = "leaky")
            public final class Leaky implements ModuleEventHandler {
                static final MallocType M_LEAKY = MallocType.define("leaky", "a forgetful driver");
                public int modevent(KldModule mod, int what, Object arg) {
                    if (what == MOD_LOAD) {
                        malloc(100, M_LEAKY, M_WAITOK);
                    }
                    return 0;
                }
            }
            """;

    /** A Linux module that takes two pages at init and gives nothing back at exit: no message says so. */
    static final String HOARDER = """
            package hoarder;
            import org.kld86.kpi.*;
            import static org.kld86.kpi.Gfp.*;
            import static org.kld86.kpi.Mm.*;
            @LinuxModule(name = "hoarder")
            public final class Hoarder {
                static long pages;
                @ModuleInit static int init() {
                    pages = __get_free_pages(GFP_KERNEL, 1);
                    return pages == 0 ? -Errno.ENOMEM : 0;
                }
                @ModuleExit static void exit() {
                }
            }
            """;

    /** A FreeBSD module whose MOD_LOAD dereferences null. */
    static final String CRASHER = """
            package crasher;
            import org.kld86.kpi.*;
            @DevModule(name = "crasher")
            public final class Crasher implements ModuleEventHandler {
                static Object softc;
                public int modevent(KldModule mod, int what, Object arg) {
                    return softc.hashCode();
                }
            }
            """;

    static void load(Guest g, String name, String cls, String source) {
        g.writeFile("/tmp/" + name + ".ko", ModuleJars.jar(Map.of(cls, source)));
        g.sh("kldload /tmp/" + name + ".ko");
    }

    @GuestTest
    static class LeakySubject {
        @Test
        void loadAndUnload(Guest g) {
            load(g, "leaky", "leaky.Leaky", LEAKY);
            assertEquals(0, g.sh("kldunload leaky").status());
        }
    }

    @GuestTest
    static class HoarderSubject {
        @Test
        void loadAndUnload(Guest g) {
            load(g, "hoarder", "hoarder.Hoarder", HOARDER);
            assertEquals(0, g.sh("kldunload hoarder").status());
        }
    }

    @GuestTest
    static class CrasherSubject {
        @Test
        void load(Guest g) {
            TestkitTest.load(g, "crasher", "crasher.Crasher", CRASHER);
        }
    }

    @Test
    void aMallocLeakReportedAtUnloadFailsATestWhoseAssertionsPassed() {
        TestExecutionSummary s = run(LeakySubject.class);
        assertEquals(1, s.getTestsFailedCount());
        assertTrue(failures(s).contains("the kernel reported: Warning: memory type leaky leaked memory on destroy"
                + " (1 allocations, 128 bytes leaked)."), failures(s));
    }

    @Test
    void pagesAnUnloadedModuleKeptFailTheTestEvenWithNoMessage() {
        TestExecutionSummary s = run(HoarderSubject.class);
        assertEquals(1, s.getTestsFailedCount());
        assertTrue(failures(s).contains("the modules left 2 page(s) in use after kldunload"), failures(s));
    }

    @Test
    void aPanicFailsTheTestAndNamesTheModuleAndThePlace() {
        TestExecutionSummary s = run(CrasherSubject.class);
        assertEquals(1, s.getTestsFailedCount());
        assertTrue(failures(s).matches("(?s).*crasher.ko: java.lang.NullPointerException.*"
                + "at crasher\\.Crasher\\.modevent\\(Crasher\\.java:\\d+\\).*"), failures(s));
    }

    @GuestTest(modules = "scull")
    static class HeldOpen {
        @Test
        void aLinuxModuleIsBusyWhileTheAgentHoldsItsDevice(Guest g, @Dev("/dev/scull0") GuestFile scull) {
            Guest.Result r = g.sh("kldunload scull");
            assertEquals(1, r.status());
            assertEquals("kldunload: can't unload file: Device busy\n", r.output());
            scull.close();
            assertEquals("", g.kldunload("scull"));
        }
    }

    @GuestTest(modules = "echo")
    static class GoneUnderneath {
        @Test
        void aFreeBsdDeviceGoesAwayUnderAnOpenFileWhichThenGetsEnxio(Guest g, @Dev("/dev/echo") GuestFile echo) {
            assertEquals("Echo driver unloaded.\n", g.kldunload("echo"));
            assertEquals(Errno.ENXIO, assertThrows(GuestErrno.class, () -> echo.write("late")).errno());
        }
    }

    @Test
    void aDeviceFileIsHeldOpenByAUserProcessUntilTheTestClosesIt() {
        TestExecutionSummary s = run(HeldOpen.class);
        assertEquals(1, s.getTestsSucceededCount(), failures(s));
        s = run(GoneUnderneath.class);
        assertEquals(1, s.getTestsSucceededCount(), failures(s));
    }

    @GuestTest(perClass = true)
    static class SharedMachine {
        static Guest first;

        @Test
        void one(Guest g) {
            first = g;
            g.run("echo one > /tmp/shared");
        }

        @Test
        void two(Guest g) {
            assertTrue(first == null || first == g);
            assertEquals("one\n", g.run("cat /tmp/shared"));
        }
    }

    @Test
    void perClassTheTestsShareOneMachine() {
        TestExecutionSummary s = run(SharedMachine.class);
        assertEquals(2, s.getTestsSucceededCount(), failures(s));
    }

    @GuestTest
    static class Errnos {
        @Test
        void failuresComeBackAsTheKernelsErrno(Guest g) {
            GuestErrno e = assertThrows(GuestErrno.class, () -> g.open("/dev/nosuch"));
            assertEquals(Errno.ENOENT, e.errno());
            GuestFile zero = g.open("/dev/zero", GuestFile.O_RDONLY);
            assertEquals(List.of(0, 0, 0), List.of((int) zero.read(3)[0], (int) zero.read(3)[1], (int) zero.read(3)[2]));
            assertEquals(Errno.EBADF, assertThrows(GuestErrno.class, () -> zero.write("x")).errno());
            assertEquals(Errno.ENOTTY, assertThrows(GuestErrno.class, () -> zero.ioctl(0x20006601L)).errno());
        }
    }

    @Test
    void systemCallErrorsAreGuestErrnoWithTheErrnoNumber() {
        TestExecutionSummary s = run(Errnos.class);
        assertEquals(1, s.getTestsSucceededCount(), failures(s));
    }
}
